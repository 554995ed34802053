import streamlit as st
from openai import OpenAI

client = OpenAI(api_key=st.secrets["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com")

model = st.sidebar.selectbox("Model", ["deepseek-chat", "deepseek-reasoner"])
prompt = st.chat_input("Ask something")
if prompt:
    response = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
    st.write(response.choices[0].message.content)
