from anthropic import Anthropic

client = Anthropic(base_url="https://api.deepseek.com/anthropic")

with client.messages.stream(model="deepseek-reasoner", max_tokens=2048, messages=[{"role": "user", "content": "hi"}]) as stream:
    for text in stream.text_stream:
        print(text, end="")
