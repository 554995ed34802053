from dataclasses import dataclass, field


@dataclass
class LLMConfig:
    model: str = "deepseek-chat"


@dataclass
class AppConfig:
    llm: LLMConfig = field(default_factory=LLMConfig)


config = AppConfig()
