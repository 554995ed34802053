from openai import AsyncOpenAI


class Chat:
    def __init__(self, client: AsyncOpenAI | None = None) -> None:
        self.client = client or AsyncOpenAI(base_url="https://api.deepseek.com")

    async def ask(self, q: str) -> str:
        r = await self.client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])
        return r.choices[0].message.content or ""
