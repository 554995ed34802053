from enum import Enum

from openai import OpenAI


class Model(str, Enum):
    CHAT = "deepseek-chat"


client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")
resp = client.chat.completions.create(model=Model.CHAT, messages=[{"role": "user", "content": "hi"}])
print(resp.choices[0].message.content)
