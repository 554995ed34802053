from litellm import completion

response = completion(model="openrouter/deepseek/deepseek-chat", messages=[{"role": "user", "content": "hi"}])
other = completion(model="together_ai/deepseek-ai/DeepSeek-V3", messages=[{"role": "user", "content": "hi"}])
