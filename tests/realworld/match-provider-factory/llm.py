import os

from openai import OpenAI


def make_client(provider: str) -> OpenAI:
    match provider:
        case "deepseek":
            return OpenAI(base_url="https://api.deepseek.com")
        case "openrouter":
            return OpenAI(base_url="https://openrouter.ai/api/v1")
        case _:
            raise ValueError(provider)


client = make_client(os.getenv("PROVIDER", "deepseek"))
resp = client.chat.completions.create(model="deepseek-chat", messages=[])
