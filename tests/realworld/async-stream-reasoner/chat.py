import asyncio

from openai import AsyncOpenAI

client = AsyncOpenAI(api_key="sk-...", base_url="https://api.deepseek.com/v1")


async def main() -> None:
    stream = await client.chat.completions.create(
        model="deepseek-reasoner",
        messages=[{"role": "user", "content": "9.11 and 9.8, which is greater?"}],
        stream=True,
    )
    async for chunk in stream:
        delta = chunk.choices[0].delta
        if getattr(delta, "reasoning_content", None):
            print(delta.reasoning_content, end="")
        elif delta.content:
            print(delta.content, end="")


asyncio.run(main())
