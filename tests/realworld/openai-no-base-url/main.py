import openai
from openai import OpenAI

client = OpenAI()
a = client.chat.completions.create(model="deepseek-chat", messages=[])
b = openai.chat.completions.create(model="deepseek-reasoner", messages=[])
