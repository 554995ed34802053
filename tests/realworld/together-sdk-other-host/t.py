from together import Together

client = Together()
stream = client.chat.completions.create(
    model="deepseek-chat", messages=[{"role": "user", "content": "hi"}], stream=True
)
