from openai import OpenAI

MODELS = {"fast": "deepseek-chat", "smart": "deepseek-reasoner"}
client = OpenAI(base_url="https://api.deepseek.com", api_key="sk-...")


def run(prompt: str, kind: str = "fast") -> str:
    r = client.chat.completions.create(model=MODELS[kind], messages=[{"role": "user", "content": prompt}])
    return r.choices[0].message.content
