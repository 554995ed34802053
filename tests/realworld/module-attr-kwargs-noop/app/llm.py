import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENROUTER_API_KEY"], base_url="https://openrouter.ai/api/v1")


def ask(prompt: str, **kwargs) -> str:
    response = client.chat.completions.create(messages=[{"role": "user", "content": prompt}], **kwargs)
    return response.choices[0].message.content
