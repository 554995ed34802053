import os

from crewai import LLM, Agent

# OPENAI_API_BASE is set in the deployment's environment.
llm = LLM(model="deepseek-chat", api_key=os.environ["OPENAI_API_KEY"], temperature=0.3)

researcher = Agent(role="Researcher", goal="Find facts", backstory="Careful.", llm=llm)
