from fastapi import FastAPI
from openai import AsyncOpenAI
from pydantic import BaseModel

app = FastAPI()
client = AsyncOpenAI(base_url="https://api.deepseek.com")


class ChatRequest(BaseModel):
    message: str
    model: str = "deepseek-chat"


@app.post("/chat")
async def chat(req: ChatRequest):
    r = await client.chat.completions.create(model=req.model, messages=[{"role": "user", "content": req.message}])
    return {"reply": r.choices[0].message.content}
