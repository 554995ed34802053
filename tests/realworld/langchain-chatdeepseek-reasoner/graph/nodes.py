from langchain_deepseek import ChatDeepSeek

from graph.state import State

reasoner = ChatDeepSeek(model="deepseek-reasoner", max_tokens=8000)


def think(state: State) -> State:
    msg = reasoner.invoke(state["messages"])
    return {"messages": [msg], "thoughts": msg.additional_kwargs.get("reasoning_content", "")}
