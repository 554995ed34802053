from openai import OpenAI

PROVIDERS = {
    "deepseek": OpenAI(base_url="https://api.deepseek.com", api_key="a"),
    "openrouter": OpenAI(base_url="https://openrouter.ai/api/v1", api_key="b"),
}


def ask(provider, prompt):
    return PROVIDERS[provider].chat.completions.create(model="deepseek-chat", messages=[])
