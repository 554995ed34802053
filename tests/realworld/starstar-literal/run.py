from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


def run(prompt: str) -> str:
    resp = client.chat.completions.create(**{"model": "deepseek-chat", "messages": [{"role": "user", "content": prompt}]})
    return resp.choices[0].message.content
