"""Summarizer built on deepseek-chat."""
from openai import OpenAI

# We used deepseek-reasoner before, it was too slow.
client = OpenAI(base_url="https://api.deepseek.com")


def summarize(text):
    """Summarize with deepseek-chat."""
    print("calling deepseek-chat")
    return client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})
