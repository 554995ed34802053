from typing import List

from langchain_core.prompts import ChatPromptTemplate
from langchain_deepseek import ChatDeepSeek
from pydantic import BaseModel, Field


class EntityList(BaseModel):
    entities: List[str] = Field(description="entities in the query")


llm = ChatDeepSeek(model="deepseek-chat", temperature=0)
structured_llm = llm.with_structured_output(EntityList)
prompt = ChatPromptTemplate.from_messages([("system", "Extract entities."), ("human", "{query}")])
chain = prompt | structured_llm
