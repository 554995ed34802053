from openai import AsyncOpenAI

client = AsyncOpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


async def ask(q: str) -> str:
    resp = await client.chat.completions.create(
        model="deepseek-v4-flash",
        messages=[{"role": "user", "content": q}],
        extra_body={"thinking": {"type": "disabled"}},
    )
    return resp.choices[0].message.content or ""
