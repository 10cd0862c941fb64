// Conformance fixtures for the jinja module, produced by the reference renderer (@huggingface/jinja).
// Run by scripts/regen-chat-template-fixtures; the results are committed and tests never run node.
//
//   node render.mjs extract TOKENIZER_CONFIG TEMPLATES_DIR MODEL [TEMPLATE]
//                                  writes MODEL.jinja (the config's chat template, or the file TEMPLATE) and
//                                  MODEL.tokens.json (exit 3 when there is no chat template)
//   node render.mjs render CONFORMANCE_DIR                         renders every template x conversation into
//                                                                  expected/MODEL/NAME.txt (or NAME.error) and
//                                                                  every snippet into snippets/expected.json
import { Template } from "@huggingface/jinja";
import fs from "node:fs";
import path from "node:path";

// strftime_now reads the clock: every render sees 2026-03-07 09:05 UTC (the Java tests use the same instant).
const FIXED_TIME = Date.UTC(2026, 2, 7, 9, 5, 0);
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [FIXED_TIME]));
  }
  static now() {
    return FIXED_TIME;
  }
};

const [mode, ...args] = process.argv.slice(2);
if (mode === "extract") extract(...args);
else if (mode === "render") render(args[0]);
else throw new Error("usage: render.mjs extract CONFIG DIR MODEL | render DIR");

function extract(configFile, dir, model, templateFile) {
  const config = JSON.parse(fs.readFileSync(configFile, "utf8"));
  let template = templateFile ? fs.readFileSync(templateFile, "utf8") : config.chat_template;
  if (Array.isArray(template)) template = template.find((t) => t.name === "default")?.template;
  if (typeof template !== "string") {
    console.error(`${model}: ${configFile} has no chat_template`);
    process.exit(3);
  }
  const token = (t) => (t && typeof t === "object" ? t.content : t);
  const tokens = {};
  for (const name of ["bos_token", "eos_token"]) {
    if (token(config[name]) != null) tokens[name] = token(config[name]);
  }
  fs.writeFileSync(path.join(dir, `${model}.jinja`), template);
  fs.writeFileSync(path.join(dir, `${model}.tokens.json`), JSON.stringify(tokens, null, 2) + "\n");
}

function attempt(fn) {
  try {
    return { output: fn() };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

function render(dir) {
  const read = (...p) => fs.readFileSync(path.join(dir, ...p), "utf8");
  const conversations = fs.readdirSync(path.join(dir, "conversations")).filter((f) => f.endsWith(".json")).sort();
  const models = fs.readdirSync(path.join(dir, "templates")).filter((f) => f.endsWith(".jinja")).sort();
  fs.rmSync(path.join(dir, "expected"), { recursive: true, force: true });
  for (const file of models) {
    const model = file.replace(/\.jinja$/, "");
    const template = new Template(read("templates", file));
    const tokens = JSON.parse(read("templates", `${model}.tokens.json`));
    const out = path.join(dir, "expected", model);
    fs.mkdirSync(out, { recursive: true });
    let errors = 0;
    for (const conv of conversations) {
      const name = conv.replace(/\.json$/, "");
      const result = attempt(() => template.render({ ...JSON.parse(read("conversations", conv)), ...tokens }));
      if ("output" in result) fs.writeFileSync(path.join(out, `${name}.txt`), result.output);
      else {
        fs.writeFileSync(path.join(out, `${name}.error`), result.error);
        errors++;
      }
    }
    console.log(`${model}: ${conversations.length} conversations, ${errors} rendering errors`);
  }
  const cases = JSON.parse(read("snippets", "cases.json"));
  const expected = {};
  for (const c of cases) expected[c.name] = attempt(() => new Template(c.template).render(c.context));
  const lines = cases.map((c) => `  ${JSON.stringify(c.name)}: ${JSON.stringify(expected[c.name])}`);
  fs.writeFileSync(path.join(dir, "snippets", "expected.json"), `{\n${lines.join(",\n")}\n}\n`);
  console.log(`snippets: ${cases.length} cases`);
}
