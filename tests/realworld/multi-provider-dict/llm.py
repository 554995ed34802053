import os

from openai import OpenAI

PROVIDERS = {
    "deepseek": {"base_url": "https://api.deepseek.com", "model": "deepseek-chat", "key": "DEEPSEEK_API_KEY"},
    "openrouter": {
        "base_url": "https://openrouter.ai/api/v1",
        "model": "deepseek/deepseek-chat",
        "key": "OPENROUTER_API_KEY",
    },
    "openai": {"base_url": "https://api.openai.com/v1", "model": "gpt-4o-mini", "key": "OPENAI_API_KEY"},
}


def chat(provider: str, prompt: str) -> str:
    cfg = PROVIDERS[provider]
    client = OpenAI(api_key=os.getenv(cfg["key"]), base_url=cfg["base_url"])
    out = client.chat.completions.create(model=cfg["model"], messages=[{"role": "user", "content": prompt}])
    return out.choices[0].message.content
