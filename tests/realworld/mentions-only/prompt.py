from openai import OpenAI
client = OpenAI(base_url="https://api.deepseek.com")
SYSTEM = "You are deepseek-chat, a helpful assistant."
r = client.chat.completions.create(model="deepseek-v4-flash", messages=[{"role": "system", "content": SYSTEM}], extra_body={"thinking": {"type": "disabled"}})
