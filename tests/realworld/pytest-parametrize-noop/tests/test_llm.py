import pytest
from openai import OpenAI


@pytest.fixture
def client() -> OpenAI:
    return OpenAI(api_key="test", base_url="https://api.deepseek.com")


@pytest.mark.parametrize("thinking", ["disabled", "enabled"])
def test_completion(client: OpenAI, thinking: str) -> None:
    resp = client.chat.completions.create(
        model="deepseek-v4-flash",
        messages=[{"role": "user", "content": "1+1?"}],
        extra_body={"thinking": {"type": thinking}},
    )
    assert resp.choices
