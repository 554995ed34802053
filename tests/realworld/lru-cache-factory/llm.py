from functools import lru_cache

from openai import OpenAI


@lru_cache(maxsize=1)
def get_client() -> OpenAI:
    return OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


def summarise(text: str) -> str:
    resp = get_client().chat.completions.create(
        model="deepseek-chat",
        messages=[{"role": "system", "content": "Summarise."}, {"role": "user", "content": text}],
    )
    return resp.choices[0].message.content
