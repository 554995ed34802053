from unittest.mock import MagicMock


def test_calls_model():
    client = MagicMock()
    client.chat.completions.create(model="deepseek-chat", messages=[])
    client.chat.completions.create.assert_called_with(model="deepseek-chat", messages=[])
