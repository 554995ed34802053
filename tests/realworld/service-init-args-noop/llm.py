from openai import OpenAI


class LLMClient:
    def __init__(self, api_key: str, model: str = "deepseek-v4-flash", base_url: str = "https://api.deepseek.com"):
        self.client = OpenAI(api_key=api_key, base_url=base_url)
        self.model = model

    def chat(self, messages: list[dict[str, str]]) -> str:
        resp = self.client.chat.completions.create(
            model=self.model, messages=messages, extra_body={"thinking": {"type": "disabled"}}
        )
        return resp.choices[0].message.content or ""
