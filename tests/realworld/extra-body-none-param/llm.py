from typing import Any, Optional

from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


def chat(prompt: str, extra: Optional[dict[str, Any]] = None) -> str:
    resp = client.chat.completions.create(
        model="deepseek-chat",
        messages=[{"role": "user", "content": prompt}],
        extra_body=extra,
    )
    return resp.choices[0].message.content
