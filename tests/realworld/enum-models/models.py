from enum import Enum


class DeepSeekModel(str, Enum):
    CHAT = "deepseek-chat"
    REASONER = "deepseek-reasoner"
