"""LLM helpers.

Uses DeepSeek's ``deepseek-chat`` model for drafting and ``deepseek-reasoner`` for review.
"""

from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


def draft(text: str) -> str:
    # deepseek-v4-flash with thinking off (was deepseek-chat)
    resp = client.chat.completions.create(
        model="deepseek-v4-flash",
        messages=[{"role": "user", "content": text}],
        extra_body={"thinking": {"type": "disabled"}},
    )
    return resp.choices[0].message.content
