class Writer:
    def __init__(self, client, temperature: float = 0.7):
        self.client = client
        self.temperature = temperature

    def run(self, topic: str) -> str:
        response = self.client.chat.completions.create(
            model="deepseek-chat",
            messages=[{"role": "user", "content": f"Write about {topic}"}],
            temperature=self.temperature,
        )
        return response.choices[0].message.content
