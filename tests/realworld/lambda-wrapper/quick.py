from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")

ask = lambda q: client.chat.completions.create(  # noqa: E731
    model="deepseek-reasoner", messages=[{"role": "user", "content": q}]
)

print(ask("hello").choices[0].message.content)
