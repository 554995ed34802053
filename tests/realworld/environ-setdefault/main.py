import os

from openai import OpenAI

os.environ.setdefault("LLM_MODEL", "deepseek-chat")

client = OpenAI(base_url="https://api.deepseek.com")
resp = client.chat.completions.create(model=os.environ["LLM_MODEL"], messages=[{"role": "user", "content": "hi"}])
