from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="deepseek-chat", base_url="https://api.siliconflow.cn/v1", api_key="sk-...")
r1 = ChatOpenAI(model="deepseek-ai/DeepSeek-R1", base_url="https://api.siliconflow.cn/v1", api_key="sk-...")
