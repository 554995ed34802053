from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")

raw = client.chat.completions.with_raw_response.create(
    model="deepseek-chat",
    messages=[{"role": "user", "content": "ping"}],
)
print(raw.headers.get("x-request-id"))
completion = raw.parse()
