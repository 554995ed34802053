from openai import OpenAI

from base import BaseProvider


class DeepSeekProvider(BaseProvider):
    def __init__(self):
        self.client = OpenAI(base_url="https://api.deepseek.com")

    def chat(self, m):
        return self.client.chat.completions.create(model="deepseek-chat", messages=m)


class OpenRouterProvider(BaseProvider):
    def chat(self, m):
        return self.client.chat.completions.create(model="deepseek-reasoner", messages=m)
