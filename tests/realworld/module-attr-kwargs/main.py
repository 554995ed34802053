from app import llm


def summarize(text: str) -> str:
    return llm.ask(f"Summarize: {text}", model="deepseek-chat", temperature=0.2)
