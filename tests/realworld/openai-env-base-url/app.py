import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["API_KEY"], base_url=os.getenv("BASE_URL"))

resp = client.chat.completions.create(
    model="deepseek-reasoner",
    messages=[{"role": "user", "content": "Why is the sky blue?"}],
)
print(resp.choices[0].message.reasoning_content)
