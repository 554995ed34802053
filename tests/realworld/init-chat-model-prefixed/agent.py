from langchain.chat_models import init_chat_model

model = init_chat_model("deepseek:deepseek-reasoner")
print(model.invoke("Why is the sky blue?").content)
