import litellm
from litellm import completion


def summarize(text: str) -> str:
    response = completion(
        model="deepseek/deepseek-chat",
        messages=[{"role": "user", "content": f"Summarize: {text}"}],
        max_tokens=512,
    )
    return response.choices[0].message.content


async def deep(text: str) -> str:
    response = await litellm.acompletion(
        model="deepseek/deepseek-reasoner", messages=[{"role": "user", "content": text}]
    )
    return response.choices[0].message.content
