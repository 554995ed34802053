import os

from fastapi import FastAPI
from openai import AsyncOpenAI
from pydantic import BaseModel

app = FastAPI()
client = AsyncOpenAI(api_key=os.environ["OPENROUTER_API_KEY"], base_url="https://openrouter.ai/api/v1")


class Ask(BaseModel):
    question: str


@app.post("/ask")
async def ask(body: Ask) -> dict[str, str]:
    resp = await client.chat.completions.create(
        model="deepseek/deepseek-chat",
        messages=[{"role": "user", "content": body.question}],
        temperature=0.3,
    )
    return {"answer": resp.choices[0].message.content or ""}
