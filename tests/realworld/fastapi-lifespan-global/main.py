from contextlib import asynccontextmanager

from fastapi import FastAPI
from openai import AsyncOpenAI

client: AsyncOpenAI | None = None


@asynccontextmanager
async def lifespan(app: FastAPI):
    global client
    client = AsyncOpenAI(base_url="https://api.deepseek.com")
    yield
    await client.close()


app = FastAPI(lifespan=lifespan)


@app.post("/chat")
async def chat(q: str):
    assert client is not None
    r = await client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
