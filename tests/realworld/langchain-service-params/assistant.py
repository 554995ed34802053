from langchain_openai import ChatOpenAI


class Assistant:
    def __init__(self, model_name: str = "deepseek-chat", base_url: str = "https://api.deepseek.com"):
        self.model_name = model_name
        self.base_url = base_url
        self.llm = ChatOpenAI(model=self.model_name, base_url=self.base_url, temperature=0)

    def answer(self, q: str) -> str:
        return self.llm.invoke(q).content
