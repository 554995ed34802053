import requests

BASE_URL = "https://api.deepseek.com"
MODEL = "deepseek-chat"


def ask(q: str, key: str) -> str:
    payload = {"model": MODEL, "messages": [{"role": "user", "content": q}], "stream": False}
    r = requests.post(f"{BASE_URL}/chat/completions", json=payload, headers={"Authorization": f"Bearer {key}"}, timeout=60)
    return r.json()["choices"][0]["message"]["content"]
