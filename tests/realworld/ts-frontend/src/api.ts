import OpenAI from "openai";

const client = new OpenAI({ baseURL: "https://api.deepseek.com", apiKey: process.env.DEEPSEEK_API_KEY });

export async function ask(prompt: string) {
  const r = await client.chat.completions.create({ model: "deepseek-chat", messages: [{ role: "user", content: prompt }] });
  return r.choices[0].message.content;
}
