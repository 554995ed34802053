import os

from openai import OpenAI

client = OpenAI(base_url="https://api.deepseek.com")


def use_local() -> None:
    global client
    client = OpenAI(base_url="http://localhost:8000/v1")


def ask() -> None:
    client.chat.completions.create(model="deepseek-chat", messages=[])
