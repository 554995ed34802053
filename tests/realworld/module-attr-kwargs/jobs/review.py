import app.llm as llm


def review(diff: str) -> str:
    return llm.ask(f"Review this diff:\n{diff}", model="deepseek-reasoner")
