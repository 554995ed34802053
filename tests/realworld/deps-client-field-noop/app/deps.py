from dataclasses import dataclass

from openai import OpenAI


@dataclass
class Deps:
    client: OpenAI
    system: str = "You are helpful."


def answer(deps: Deps, q: str) -> str:
    r = deps.client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content


class Agent:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def run(self, q: str) -> str:
        r = self.deps.client.chat.completions.create(model="deepseek-reasoner", messages=[{"role": "user", "content": q}])
        return r.choices[0].message.content
