from django.conf import settings
from openai import OpenAI

client = OpenAI(api_key=settings.DEEPSEEK_API_KEY, base_url="https://api.deepseek.com")
MODEL = getattr(settings, "DEEPSEEK_MODEL", "deepseek-chat")


def ask(q: str) -> str:
    return client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": q}]).choices[0].message.content
