import json
import time

from openai import OpenAI


def evaluate(clients: dict[str, OpenAI], prompts: list[str]) -> dict[str, float]:
    """Time each provider on the same prompts."""
    timings: dict[str, float] = {}
    for name, client in clients.items():
        start = time.perf_counter()
        for prompt in prompts:
            client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": prompt}])
        timings[name] = time.perf_counter() - start
    return timings


if __name__ == "__main__":
    print(json.dumps(evaluate({}, ["hi"])))
