import requests

ENDPOINTS = {"deepseek": "https://api.deepseek.com/chat/completions", "local": "http://localhost:8000/v1/chat/completions"}


def ask(provider, q):
    body = {"model": "deepseek-chat", "messages": [{"role": "user", "content": q}]}
    return requests.post(ENDPOINTS[provider], json=body).json()
