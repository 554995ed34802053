import asyncio

from openai import AsyncOpenAI

API_URL = "https://api.deepseek.com/v1"


class DeepSeekService:
    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.client = AsyncOpenAI(api_key=self.api_key, base_url=API_URL)
        self.model = "deepseek-reasoner"

    def generate(self, prompt: str) -> str:
        return asyncio.run(self.agenerate(prompt))

    async def agenerate(self, prompt: str) -> str:
        response = await self.client.chat.completions.create(
            model=self.model,
            messages=[{"role": "user", "content": prompt}],
        )
        return response.choices[0].message.content or ""
