def max_tokens_for(model: str) -> int:
    match model:
        case "deepseek-reasoner":
            return 32000
        case "deepseek-chat":
            return 8000
        case _:
            return 4096
