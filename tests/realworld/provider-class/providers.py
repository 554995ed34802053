import os

from openai import OpenAI


class AIProvider:
    def __init__(self, name: str, key_env: str):
        self.name = name
        self.api_key = os.getenv(key_env)
        self.client = None


class DeepSeekProvider(AIProvider):
    """DeepSeek provider."""

    def __init__(self):
        super().__init__("DeepSeek", "DEEPSEEK_API_KEY")
        self.default_model = os.getenv("DEEPSEEK_MODEL", "deepseek-chat")
        self.base_url = "https://api.deepseek.com/v1"

    def initialize(self):
        self.client = OpenAI(api_key=self.api_key, base_url=self.base_url)

    def chat(self, messages, model=None):
        response = self.client.chat.completions.create(model=model or self.default_model, messages=messages)
        return response.choices[0].message.content
