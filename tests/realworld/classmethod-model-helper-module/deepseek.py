"""Deepseek models"""
import support

URL = "https://api.deepseek.com/chat/completions"


class Deepseek(support.Model):
    name = "deepseek"
    model = "deepseek-chat"

    @classmethod
    def make_query(cls, text):
        return support.make_openai_std_query(text, cls.model)

    @staticmethod
    async def ask(session, query):
        return await support.ask(URL, session, query, {"Authorization": "Bearer k"})


class Deepseek2(Deepseek):
    name = "deepseek2"
    model = "deepseek-reasoner"
