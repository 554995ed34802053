import openai

openai.api_key = "sk-xxx"
openai.api_base = "https://api.deepseek.com/v1"

resp = openai.ChatCompletion.create(model="deepseek-chat", messages=[{"role": "user", "content": "hi"}])
print(resp["choices"][0]["message"]["content"])
