from openai import OpenAI

client = OpenAI()

DEFAULT_PARAMS = {"model": "deepseek-chat", "messages": [], "temperature": 0.2}


def complete(messages):
    params = {"model": "deepseek-chat", "messages": messages, "temperature": 0.2, "max_tokens": 1024}
    return client.chat.completions.create(**params).choices[0].message.content
