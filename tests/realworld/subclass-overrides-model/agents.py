from openai import OpenAI


class BaseAgent:
    model = "deepseek-chat"
    temperature = 0.7

    def __init__(self, api_key: str) -> None:
        self.client = OpenAI(api_key=api_key, base_url="https://api.deepseek.com")

    def run(self, task: str) -> str:
        resp = self.client.chat.completions.create(
            model=self.model, temperature=self.temperature, messages=[{"role": "user", "content": task}]
        )
        return resp.choices[0].message.content


class PlannerAgent(BaseAgent):
    model = "deepseek-reasoner"


class WriterAgent(BaseAgent):
    temperature = 1.0
