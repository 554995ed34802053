import os

from openai import OpenAI


class BaseProvider:
    def __init__(self, base_url: str | None = None) -> None:
        self.client = OpenAI(api_key=os.getenv("LLM_API_KEY"), base_url=base_url or os.getenv("LLM_BASE_URL"))
