from smolagents import CodeAgent, LiteLLMModel, OpenAIServerModel

model = OpenAIServerModel(model_id="deepseek-chat", api_base="https://api.deepseek.com", api_key="sk-...")
alt = LiteLLMModel(model_id="deepseek/deepseek-reasoner")
agent = CodeAgent(tools=[], model=model)
