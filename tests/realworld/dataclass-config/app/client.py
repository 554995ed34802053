from openai import OpenAI

from app.config import LLMConfig


class LLMClient:
    def __init__(self, cfg: LLMConfig):
        self.cfg = cfg
        self.client = OpenAI(base_url=cfg.base_url)

    def ask(self, prompt: str) -> str:
        r = self.client.chat.completions.create(
            model=self.cfg.model, messages=[{"role": "user", "content": prompt}], temperature=self.cfg.temperature
        )
        return r.choices[0].message.content
