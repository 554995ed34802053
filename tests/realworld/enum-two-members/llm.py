from enum import Enum, unique

from openai import OpenAI


@unique
class Model(str, Enum):
    CHAT = "deepseek-chat"
    REASONER = "deepseek-reasoner"


client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


def draft(prompt: str) -> str:
    resp = client.chat.completions.create(model=Model.CHAT, messages=[{"role": "user", "content": prompt}])
    return resp.choices[0].message.content


def review(prompt: str) -> str:
    resp = client.chat.completions.create(model=Model.REASONER, messages=[{"role": "user", "content": prompt}])
    return resp.choices[0].message.content
