import os

from langchain_openai import ChatOpenAI
from openai import OpenAI

client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com")


def ask(prompt: str, **kwargs) -> str:
    response = client.chat.completions.create(messages=[{"role": "user", "content": prompt}], **kwargs)
    return response.choices[0].message.content


def make_client(**kwargs) -> ChatOpenAI:
    return ChatOpenAI(base_url="https://api.deepseek.com/v1", api_key=os.environ["DEEPSEEK_API_KEY"], **kwargs)
