import os

from openai import OpenAI

client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ["OPENROUTER_API_KEY"])


def ask(prompt: str) -> str:
    request = {"model": "deepseek-chat", "messages": [{"role": "user", "content": prompt}], "stream": False}
    return client.chat.completions.create(**request).choices[0].message.content
