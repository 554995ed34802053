from openai import OpenAI

client = OpenAI(api_key="sk-...", base_url="https://api.deepseek.com")


def answer(question: str, model: str = "deepseek-v4-flash") -> str:
    kwargs = {"model": model, "messages": [{"role": "user", "content": question}]}
    if model != "deepseek-reasoner":
        kwargs["temperature"] = 0.2
    resp = client.chat.completions.create(**kwargs, extra_body={"thinking": {"type": "disabled"}})
    if model == "deepseek-reasoner":
        print(resp.choices[0].message.reasoning_content)
    return resp.choices[0].message.content
