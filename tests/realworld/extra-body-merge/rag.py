from openai import OpenAI

client = OpenAI(base_url="https://api.deepseek.com", api_key="sk-...")


def answer(context: str, q: str) -> str:
    r = client.chat.completions.create(
        model="deepseek-chat",
        messages=[{"role": "system", "content": context}, {"role": "user", "content": q}],
        response_format={"type": "json_object"},
        extra_body={"top_k": 20},
    )
    return r.choices[0].message.content
