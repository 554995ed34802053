from agents.writer import Writer
from utils.llm import client

print(Writer(client).run("tides"))
