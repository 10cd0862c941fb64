// Renders every conformance conversation with every template using @huggingface/jinja, the reference renderer.
// Usage: node render.mjs CONFORMANCE_DIR   (run by scripts/regen-chat-template-fixtures)
import { Template } from "@huggingface/jinja";
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const templates = fs.readdirSync(path.join(dir, "templates")).filter((f) => f.endsWith(".jinja"));
const conversations = fs.readdirSync(path.join(dir, "conversations")).filter((f) => f.endsWith(".json")).sort();
for (const file of templates) {
  const model = file.replace(/\.jinja$/, "");
  const source = fs.readFileSync(path.join(dir, "templates", file), "utf8");
  const tokens = JSON.parse(fs.readFileSync(path.join(dir, "templates", model + ".tokens.json"), "utf8"));
  const out = path.join(dir, "expected", model);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const template = new Template(source);
  for (const conv of conversations) {
    const name = conv.replace(/\.json$/, "");
    const context = { ...JSON.parse(fs.readFileSync(path.join(dir, "conversations", conv), "utf8")), ...tokens };
    try {
      fs.writeFileSync(path.join(out, name + ".txt"), template.render(context));
    } catch (e) {
      fs.writeFileSync(path.join(out, name + ".error"), String(e.message ?? e) + "\n");
    }
  }
  console.log(`${model}: ${conversations.length} conversations`);
}
