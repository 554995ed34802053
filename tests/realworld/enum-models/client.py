from openai import OpenAI

from models import DeepSeekModel

client = OpenAI(api_key="sk-xxx", base_url="https://api.deepseek.com")


def ask(prompt: str, model: DeepSeekModel = DeepSeekModel.CHAT) -> str:
    resp = client.chat.completions.create(model=model.value, messages=[{"role": "user", "content": prompt}])
    return resp.choices[0].message.content
