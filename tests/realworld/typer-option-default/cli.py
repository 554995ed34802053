import typer
from openai import OpenAI

app = typer.Typer()


@app.command()
def ask(prompt: str, model: str = typer.Option("deepseek-reasoner", "--model", "-m")) -> None:
    client = OpenAI(base_url="https://api.deepseek.com")
    resp = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
    typer.echo(resp.choices[0].message.content)


if __name__ == "__main__":
    app()
