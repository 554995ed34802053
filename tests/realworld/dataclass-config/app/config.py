from dataclasses import dataclass


@dataclass
class LLMConfig:
    model: str = "deepseek-chat"
    base_url: str = "https://api.deepseek.com"
    temperature: float = 0.3
