from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings


class LLMSettings(BaseModel):
    model: str = "deepseek-chat"
    temperature: float = 0.2


class Settings(BaseSettings):
    llm: LLMSettings = Field(default_factory=LLMSettings)


settings = Settings()
