import argparse

from openai import OpenAI

parser = argparse.ArgumentParser()
parser.add_argument("--think", action="store_true")
args = parser.parse_args()

client = OpenAI(base_url="https://api.deepseek.com", api_key="sk-...")
model = "deepseek-reasoner" if args.think else "deepseek-chat"
resp = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])
