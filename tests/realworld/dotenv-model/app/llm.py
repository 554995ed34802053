import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url=os.environ["DEEPSEEK_BASE_URL"])


def ask(q):
    return client.chat.completions.create(
        model=os.environ["DEEPSEEK_MODEL"], messages=[{"role": "user", "content": q}]
    )
