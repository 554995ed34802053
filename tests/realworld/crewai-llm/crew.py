import os

from crewai import LLM, Agent

llm = LLM(model="deepseek/deepseek-chat", api_key=os.getenv("DEEPSEEK_API_KEY"), temperature=0.1)
researcher = Agent(role="Researcher", goal="Find facts", backstory="...", llm=llm)
