from agents import Agent, OpenAIChatCompletionsModel, set_tracing_disabled

from app.llm import make_client

set_tracing_disabled(True)

writer = Agent(
    name="Writer",
    instructions="Write clearly.",
    model=OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=make_client()),
)
