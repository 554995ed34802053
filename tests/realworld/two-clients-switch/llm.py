import os

from openai import OpenAI

deepseek_client = OpenAI(api_key=os.getenv("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")
openai_client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))


def complete(prompt: str, provider: str = "deepseek") -> str:
    client = deepseek_client if provider == "deepseek" else openai_client
    out = client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": prompt}])
    return out.choices[0].message.content
