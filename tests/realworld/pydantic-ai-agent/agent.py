from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIModel
from pydantic_ai.providers.deepseek import DeepSeekProvider

support = Agent("deepseek:deepseek-chat", system_prompt="Be concise.")

model = OpenAIModel("deepseek-reasoner", provider=DeepSeekProvider(api_key="your-deepseek-api-key"))
thinker = Agent(model)
