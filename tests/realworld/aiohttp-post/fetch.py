import os

import aiohttp

URL = "https://api.deepseek.com/chat/completions"


async def ask(question: str) -> str:
    headers = {"Authorization": f"Bearer {os.environ['DEEPSEEK_API_KEY']}"}
    payload = {"model": "deepseek-reasoner", "messages": [{"role": "user", "content": question}]}
    async with aiohttp.ClientSession() as session:
        async with session.post(URL, json=payload, headers=headers) as r:
            data = await r.json()
    return data["choices"][0]["message"]["content"]
