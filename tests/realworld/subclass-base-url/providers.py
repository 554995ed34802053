from openai import OpenAI


class Provider:
    base_url = "https://api.deepseek.com"

    def __init__(self) -> None:
        self.client = OpenAI(base_url=self.base_url)

    def ask(self):
        return self.client.chat.completions.create(model="deepseek-chat", messages=[])


class OpenRouterProvider(Provider):
    base_url = "https://openrouter.ai/api/v1"
