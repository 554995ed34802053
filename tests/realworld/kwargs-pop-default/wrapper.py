from openai import OpenAI

client = OpenAI(base_url="https://api.deepseek.com")


def chat(messages, **kwargs):
    model = kwargs.pop("model", "deepseek-chat")
    return client.chat.completions.create(model=model, messages=messages, **kwargs)


def chat2(messages, **kwargs):
    return client.chat.completions.create(model=kwargs.get("model", "deepseek-chat"), messages=messages)
