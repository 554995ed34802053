import asyncio

from openai import AsyncOpenAI


async def main() -> None:
    async with AsyncOpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com") as client:
        stream = await client.chat.completions.create(
            model="deepseek-chat", messages=[{"role": "user", "content": "Count to 5"}], stream=True
        )
        async for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")


asyncio.run(main())
