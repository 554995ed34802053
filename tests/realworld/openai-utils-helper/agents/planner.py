from utils.llm import chat


class Planner:
    def plan(self, goal: str) -> str:
        return chat([{"role": "user", "content": f"Plan: {goal}"}])
