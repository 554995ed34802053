from openai import AsyncOpenAI


async def complete(provider: str, prompt: str) -> str:
    if provider == "deepseek":
        client = AsyncOpenAI(base_url="https://api.deepseek.com")
        model = "deepseek-chat"
    elif provider == "openrouter":
        client = AsyncOpenAI(base_url="https://openrouter.ai/api/v1")
        model = "deepseek/deepseek-chat"
    else:
        raise ValueError(provider)
    r = await client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
    return r.choices[0].message.content or ""
