from groq import Groq
from together import Together

groq = Groq()
a = groq.chat.completions.create(model="deepseek-r1-distill-llama-70b", messages=[])
b = Together().chat.completions.create(model="deepseek-ai/DeepSeek-R1", messages=[])
