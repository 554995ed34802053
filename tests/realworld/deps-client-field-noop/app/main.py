from openai import OpenAI

from app.deps import Agent, Deps, answer

deps = Deps(client=OpenAI(base_url="https://openrouter.ai/api/v1", api_key="x"))
print(answer(deps, "hi"))
print(Agent(deps).run("hi"))
