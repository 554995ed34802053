import functools

from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")

complete = functools.partial(client.chat.completions.create, model="deepseek-chat", temperature=0.2)


def answer(question: str) -> str:
    resp = complete(messages=[{"role": "user", "content": question}])
    return resp.choices[0].message.content
