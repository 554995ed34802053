import pytest
from openai import OpenAI


@pytest.fixture
def client() -> OpenAI:
    return OpenAI(api_key="test", base_url="https://api.deepseek.com")


@pytest.mark.parametrize("model", ["deepseek-chat", "deepseek-reasoner"])
def test_completion(client: OpenAI, model: str) -> None:
    resp = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "1+1?"}])
    assert resp.choices
