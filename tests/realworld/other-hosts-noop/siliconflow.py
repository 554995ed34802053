from openai import OpenAI

client = OpenAI(api_key="sk-xxx", base_url="https://api.siliconflow.cn/v1")
resp = client.chat.completions.create(
    model="deepseek-ai/DeepSeek-V3", messages=[{"role": "user", "content": "hi"}]
)
