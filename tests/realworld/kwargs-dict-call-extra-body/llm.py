from openai import OpenAI

client = OpenAI(api_key="sk-...", base_url="https://api.deepseek.com")


def answer(question: str) -> str:
    kwargs = {"model": "deepseek-chat", "messages": [{"role": "user", "content": question}]}
    resp = client.chat.completions.create(**kwargs, extra_body={"top_k": 20})
    return resp.choices[0].message.content
