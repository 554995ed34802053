from dataclasses import dataclass

from openai import OpenAI


@dataclass
class LLMConfig:
    base_url: str = "https://api.deepseek.com"
    model: str = "deepseek-chat"


def build(cfg: LLMConfig) -> OpenAI:
    return OpenAI(base_url=cfg.base_url)


def ask(cfg: LLMConfig, q: str):
    return build(cfg).chat.completions.create(model=cfg.model, messages=[])
