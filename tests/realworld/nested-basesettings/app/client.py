from openai import OpenAI

from app.config import settings

client = OpenAI(base_url="https://api.deepseek.com")


def ask(q: str) -> str:
    r = client.chat.completions.create(model=settings.llm.model, messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
