from typing import Literal

from openai import OpenAI

DeepSeekName = Literal["deepseek-chat", "deepseek-reasoner"]

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


def ask(prompt: str, model: DeepSeekName) -> str:
    resp = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
    return resp.choices[0].message.content


ask("hi", "deepseek-chat")
