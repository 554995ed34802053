import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com")


def reason(q: str) -> str:
    model = os.environ.get("DEEPSEEK_MODEL", "deepseek-reasoner")
    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}]).choices[0].message.content
