import ollama
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

r = ollama.chat(model="deepseek-r1", messages=[])
llm = ChatOllama(model="deepseek-r1:14b")
local = ChatOpenAI(model="deepseek-chat", base_url="http://localhost:8000/v1", api_key="none")
