from core.llm_factory import get_client


def write(topic: str) -> str:
    client = get_client()
    resp = client.chat.completions.create(
        model="deepseek-chat", messages=[{"role": "user", "content": topic}]
    )
    return resp.choices[0].message.content
