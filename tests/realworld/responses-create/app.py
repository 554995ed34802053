from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")

resp = client.responses.create(model="deepseek-chat", input="Write a haiku about rain.")
print(resp.output_text)
