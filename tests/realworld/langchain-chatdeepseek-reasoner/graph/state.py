from typing import TypedDict


class State(TypedDict):
    messages: list
    thoughts: str
