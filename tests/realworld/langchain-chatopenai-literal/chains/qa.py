from langchain_core.prompts import ChatPromptTemplate

from chains.llm import llm

prompt = ChatPromptTemplate.from_messages([("system", "Answer briefly."), ("human", "{q}")])
chain = prompt | llm
