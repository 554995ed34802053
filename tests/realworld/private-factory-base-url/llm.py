from openai import OpenAI


def _client(base_url: str = "https://api.deepseek.com") -> OpenAI:
    return OpenAI(base_url=base_url)


def ask(q: str) -> str:
    resp = _client().chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])
    return resp.choices[0].message.content
