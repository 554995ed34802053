from openai import OpenAI

from core.settings import settings


def get_client() -> OpenAI:
    return OpenAI(api_key=settings.api_key, base_url=settings.base_url)
