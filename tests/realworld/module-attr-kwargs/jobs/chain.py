import app.llm


def build():
    return app.llm.make_client(model="deepseek-chat", temperature=0)
