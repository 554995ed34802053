from openai import OpenAI
from pydantic import BaseModel

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


class Person(BaseModel):
    name: str
    age: int


completion = client.beta.chat.completions.parse(
    model="deepseek-chat",
    messages=[{"role": "user", "content": "Alice is 30."}],
    response_format=Person,
)
print(completion.choices[0].message.parsed)
