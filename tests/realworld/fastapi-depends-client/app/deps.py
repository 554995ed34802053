import os

from openai import AsyncOpenAI


def get_llm() -> AsyncOpenAI:
    return AsyncOpenAI(api_key=os.getenv("LLM_KEY"), base_url=os.getenv("LLM_BASE_URL"))
