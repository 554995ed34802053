import os

from autogen import AssistantAgent

config_list = [{"model": "deepseek-chat", "api_key": os.environ["API_KEY"]}]
assistant = AssistantAgent("assistant", llm_config={"config_list": config_list})
