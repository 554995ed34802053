PRICING = {
    "deepseek-chat": {"input": 0.27, "output": 1.10},
    "deepseek-reasoner": {"input": 0.55, "output": 2.19},
    "gpt-4o-mini": {"input": 0.15, "output": 0.60},
}


def cost(model: str, tokens_in: int, tokens_out: int) -> float:
    p = PRICING.get(model, {"input": 0, "output": 0})
    return (tokens_in * p["input"] + tokens_out * p["output"]) / 1e6
