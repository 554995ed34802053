from typing import Optional

from openai import OpenAI


class DeepSeekClient:
    DEEPSEEK_BASE_URL = "https://api.deepseek.com"

    def __init__(self, model_id: str = "deepseek-chat", api_key: Optional[str] = None):
        self.model_id = model_id
        self.client = OpenAI(api_key=api_key, base_url=self.DEEPSEEK_BASE_URL)

    def generate(self, prompt: str) -> str:
        r = self.client.chat.completions.create(model=self.model_id, messages=[{"role": "user", "content": prompt}])
        return r.choices[0].message.content
