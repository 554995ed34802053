from openai import OpenAI

from app.deps import Deps, answer

DEEPSEEK = OpenAI(base_url="https://api.deepseek.com/v1", api_key="x")


def main() -> None:
    print(answer(Deps(DEEPSEEK, system="terse"), "hello"))
