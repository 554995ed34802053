import instructor
from openai import OpenAI
from pydantic import BaseModel


class User(BaseModel):
    name: str
    age: int


client = instructor.from_openai(
    OpenAI(base_url="https://api.deepseek.com", api_key="sk-..."), mode=instructor.Mode.JSON
)
user = client.chat.completions.create(
    model="deepseek-chat", response_model=User, messages=[{"role": "user", "content": "John is 30"}]
)
