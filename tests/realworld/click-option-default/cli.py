import click
from openai import OpenAI


@click.command()
@click.option("--model", default="deepseek-chat", show_default=True, help="Model id")
@click.argument("prompt")
def main(model: str, prompt: str) -> None:
    client = OpenAI(base_url="https://api.deepseek.com")
    resp = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
    click.echo(resp.choices[0].message.content)


if __name__ == "__main__":
    main()
