from fastapi import Depends, FastAPI
from openai import AsyncOpenAI

from app.deps import get_llm

app = FastAPI()


@app.get("/summary")
async def summary(text: str, llm: AsyncOpenAI = Depends(get_llm)) -> str:
    resp = await llm.chat.completions.create(
        model="deepseek-chat",
        messages=[{"role": "user", "content": f"Summarise: {text}"}],
    )
    return resp.choices[0].message.content or ""
