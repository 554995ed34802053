from openai import AsyncOpenAI

client = AsyncOpenAI(api_key="ollama", base_url="http://localhost:11434/v1")


async def ask(q: str) -> str:
    resp = await client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])
    return resp.choices[0].message.content or ""
