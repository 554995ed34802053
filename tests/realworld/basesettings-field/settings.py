from pydantic_settings import BaseSettings
from openai import OpenAI


class Settings(BaseSettings):
    deepseek_api_key: str = ""
    deepseek_model: str = "deepseek-reasoner"


settings = Settings()
client = OpenAI(api_key=settings.deepseek_api_key, base_url="https://api.deepseek.com")


def ask(q: str) -> str:
    return client.chat.completions.create(model=settings.deepseek_model, messages=[{"role": "user", "content": q}]).choices[0].message.content
