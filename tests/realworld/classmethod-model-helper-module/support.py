class Model:
    name = "base"


def make_openai_std_query(text, model):
    return {"model": model, "messages": [{"role": "user", "content": text}]}


async def ask(url, session, query, headers):
    async with session.post(url, json=query, headers=headers) as r:
        return await r.json()
