from langchain.chat_models import init_chat_model

llm = init_chat_model(
    "deepseek-chat",
    model_provider="deepseek",
    temperature=0,
    configurable_fields=("model", "temperature"),
)

reply = llm.invoke("hello", config={"configurable": {"temperature": 0.5}})
