class Writer:
    def __init__(self, client):
        self.client = client

    def run(self, topic: str) -> str:
        response = self.client.chat.completions.create(
            model="deepseek-v4-flash",
            messages=[{"role": "user", "content": topic}],
            extra_body={"thinking": {"type": "disabled"}},
        )
        return response.choices[0].message.content
