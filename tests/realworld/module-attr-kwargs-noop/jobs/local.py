from app import llm


class Bot:
    def ask(self, prompt, **kwargs):
        return prompt


def run():
    llm = Bot()
    return llm.ask("hi", model="deepseek-chat")
