import os

from openai import OpenAI


class DeepSeekBot:
    client = OpenAI(api_key=os.getenv("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")
    system_prompt = "You are a helpful assistant."

    @classmethod
    def reply(cls, text: str) -> str:
        resp = cls.client.chat.completions.create(
            model="deepseek-chat",
            messages=[{"role": "system", "content": cls.system_prompt}, {"role": "user", "content": text}],
        )
        return resp.choices[0].message.content
