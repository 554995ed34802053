from llama_index.core import Settings
from llama_index.llms.deepseek import DeepSeek
from llama_index.llms.openai_like import OpenAILike

Settings.llm = DeepSeek(model="deepseek-chat", api_key="sk-...")
backup = OpenAILike(
    model="deepseek-reasoner", api_base="https://api.deepseek.com/v1", api_key="sk-...", is_chat_model=True
)
