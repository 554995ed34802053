import os

from openai import OpenAI

client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.getenv("OPENROUTER_API_KEY"))

completion = client.chat.completions.create(
    extra_headers={"HTTP-Referer": "https://example.org", "X-Title": "demo"},
    model="deepseek/deepseek-chat",
    messages=[{"role": "user", "content": "What is the meaning of life?"}],
)
print(completion.choices[0].message.content)
