import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com/v1")

GEN_KWARGS = {
    "model": "deepseek-chat",
    "temperature": 0.2,
    "max_tokens": 1024,
}


def summarize(text: str) -> str:
    resp = client.chat.completions.create(
        messages=[{"role": "system", "content": "Summarize."}, {"role": "user", "content": text}],
        **GEN_KWARGS,
    )
    return resp.choices[0].message.content
