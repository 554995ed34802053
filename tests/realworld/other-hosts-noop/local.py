from openai import OpenAI

ollama = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")
out = ollama.chat.completions.create(model="deepseek-r1:7b", messages=[{"role": "user", "content": "hi"}])
