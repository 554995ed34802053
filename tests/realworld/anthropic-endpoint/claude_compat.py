import anthropic

client = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic", api_key="sk-...")
message = client.messages.create(
    model="deepseek-chat",
    max_tokens=1000,
    messages=[{"role": "user", "content": "Hi"}],
)
