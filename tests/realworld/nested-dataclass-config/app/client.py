from openai import OpenAI

from app.config import config

client = OpenAI(base_url="https://api.deepseek.com")


def ask(q: str) -> str:
    r = client.chat.completions.create(model=config.llm.model, messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
