import os

import requests
from dotenv import load_dotenv

load_dotenv()

DEEPSEEK_API_KEY = os.getenv("DEEPSEEK_API_KEY")
DEEPSEEK_BASE_URL = os.getenv("DEEPSEEK_BASE_URL", "https://api.deepseek.com")
DEEPSEEK_MODEL = os.getenv("DEEPSEEK_MODEL", "deepseek-chat")


def deepseek_chat(messages, temperature=0.3):
    url = f"{DEEPSEEK_BASE_URL.rstrip('/')}/chat/completions"
    payload = {"model": DEEPSEEK_MODEL, "messages": messages, "temperature": temperature}
    resp = requests.post(
        url, json=payload, headers={"Authorization": f"Bearer {DEEPSEEK_API_KEY}"}, timeout=60
    )
    return resp.json()["choices"][0]["message"]["content"]
