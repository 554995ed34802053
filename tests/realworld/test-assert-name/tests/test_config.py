from app.config import load


def test_default_model():
    cfg = load()
    assert cfg["model"] == "deepseek-chat"
