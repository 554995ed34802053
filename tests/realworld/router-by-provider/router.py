import os

from openai import AsyncOpenAI

CLIENTS = {
    "deepseek": AsyncOpenAI(api_key=os.getenv("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com"),
    "openrouter": AsyncOpenAI(api_key=os.getenv("OPENROUTER_API_KEY"), base_url="https://openrouter.ai/api/v1"),
}


async def complete(provider: str, prompt: str) -> str:
    client = CLIENTS[provider]
    resp = await client.chat.completions.create(
        model="deepseek-chat", messages=[{"role": "user", "content": prompt}]
    )
    return resp.choices[0].message.content or ""
