from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")

params = dict(model="deepseek-chat", temperature=0.0, max_tokens=512)


def run(prompt: str) -> str:
    resp = client.chat.completions.create(messages=[{"role": "user", "content": prompt}], **params)
    return resp.choices[0].message.content
