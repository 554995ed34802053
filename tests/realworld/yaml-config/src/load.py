import yaml
from openai import OpenAI

with open("config/config.yaml") as f:
    cfg = yaml.safe_load(f)

client = OpenAI(base_url=cfg["llm"]["base_url"])
resp = client.chat.completions.create(model=cfg["llm"]["model"], messages=[])
