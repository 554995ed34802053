from openai import OpenAI

from app.deps import Deps, answer


def main() -> None:
    print(answer(Deps(OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")), "hello"))
