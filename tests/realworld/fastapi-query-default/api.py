from fastapi import FastAPI, Query
from openai import AsyncOpenAI

app = FastAPI()
client = AsyncOpenAI(base_url="https://api.deepseek.com")


@app.get("/ask")
async def ask(q: str, model: str = Query("deepseek-chat")):
    r = await client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
