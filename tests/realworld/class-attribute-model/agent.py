from openai import OpenAI


class Agent:
    model = "deepseek-chat"
    base_url = "https://api.deepseek.com"

    def __init__(self, api_key: str) -> None:
        self.client = OpenAI(api_key=api_key, base_url=self.base_url)

    def run(self, task: str) -> str:
        resp = self.client.chat.completions.create(model=self.model, messages=[{"role": "user", "content": task}])
        return resp.choices[0].message.content
