import os

from openai import AsyncOpenAI


def make_client() -> AsyncOpenAI:
    return AsyncOpenAI(api_key=os.getenv("LLM_API_KEY"), base_url=os.getenv("LLM_BASE_URL"))
