import os

from openai import OpenAI

deepseek = OpenAI(api_key=os.getenv("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")
# the same settings, routed through OpenRouter for the fallback
fallback = deepseek.with_options(base_url="https://openrouter.ai/api/v1", api_key=os.getenv("OPENROUTER_API_KEY"))


def ask(prompt: str) -> str:
    try:
        r = deepseek.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": prompt}])
    except Exception:
        r = fallback.chat.completions.create(model="deepseek/deepseek-chat", messages=[{"role": "user", "content": prompt}])
    return r.choices[0].message.content
