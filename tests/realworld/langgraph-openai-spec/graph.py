from langchain_core.tools import tool
from langgraph.prebuilt import create_react_agent


@tool
def search(query: str) -> str:
    """Search the web."""
    return "nothing found"


agent = create_react_agent(model="openai:deepseek-reasoner", tools=[search], prompt="Think step by step.")
