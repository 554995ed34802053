import litellm


async def ask(q: str) -> str:
    r = await litellm.acompletion(model="deepseek/deepseek-chat", messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
