def load():
    return {"model": "deepseek-v4-flash", "thinking": "disabled"}
