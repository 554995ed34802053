from openai import OpenAI

client = OpenAI(api_key="sk-...", base_url="https://api.deepseek.com/beta")
response = client.completions.create(model="deepseek-chat", prompt="def fib(a):", suffix="    return fib(a-1) + fib(a-2)", max_tokens=128)
