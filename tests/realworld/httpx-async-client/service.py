import httpx


class DeepSeekService:
    def __init__(self, api_key: str):
        self.http = httpx.AsyncClient(
            base_url="https://api.deepseek.com", headers={"Authorization": f"Bearer {api_key}"}
        )

    async def complete(self, prompt: str) -> str:
        body = {"model": "deepseek-reasoner", "messages": [{"role": "user", "content": prompt}]}
        r = await self.http.post("/chat/completions", json=body)
        return r.json()["choices"][0]["message"]["content"]
