import argparse
import os

from openai import OpenAI


def main():
    parser = argparse.ArgumentParser(description="Generate notes")
    parser.add_argument("--input-dir", default="pdfs")
    parser.add_argument("--model", default="deepseek-chat")
    parser.add_argument("--temperature", type=float, default=0.7)
    args = parser.parse_args()

    client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com")
    out = client.chat.completions.create(
        model=args.model, messages=[{"role": "user", "content": "hi"}], temperature=args.temperature
    )
    print(out.choices[0].message.content)


if __name__ == "__main__":
    main()
