import asyncio

from anthropic import AsyncAnthropic

client = AsyncAnthropic(api_key="sk-xxx", base_url="https://api.deepseek.com/anthropic")


async def main() -> None:
    msg = await client.messages.create(
        model="deepseek-chat",
        max_tokens=1024,
        messages=[{"role": "user", "content": "Hello"}],
    )
    print(msg.content[0].text)


asyncio.run(main())
