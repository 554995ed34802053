from openai import OpenAI

client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="sk-or-...")

r = client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": "hi"}])
