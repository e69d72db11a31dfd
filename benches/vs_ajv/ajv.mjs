// ajv 8 (draft 2020-12) on an NDJSON stream, line by line: JSON.parse, then
// the validator compiled for the line's kind. Prints one JSON object: the
// hot loop's seconds (parse + validate of every line, timed inside node),
// the lines judged, and the numbers of the lines that fail (1-based).
//
// node ajv.mjs AJV_DIR BUNDLE STREAM KINDS
//   KINDS: a file with one kind per line, cycled over the stream's lines
//   (one line: every line is that kind).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const [ajvDir, bundlePath, streamPath, kindsPath] = process.argv.slice(2);
const require = createRequire(ajvDir + "/package.json");
const Ajv2020 = require("ajv/dist/2020").default;
const bundle = JSON.parse(readFileSync(bundlePath, "utf8"));
// strict: false, as the bundle carries keywords of its own (x-secret,
// x-endpoints); formats are not asserted (int32/int64 are not ajv formats).
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
ajv.addSchema(bundle);
const kinds = readFileSync(kindsPath, "utf8").split("\n").filter((k) => k);
const compiled = new Map();
for (const kind of new Set(kinds)) {
  compiled.set(kind, ajv.getSchema(`${bundle.$id}#/$defs/${kind}`));
}
const validators = kinds.map((k) => compiled.get(k));

const text = readFileSync(streamPath, "utf8");
const lines = text.split("\n");
if (lines[lines.length - 1] === "") lines.pop();

const start = performance.now();
const failed = [];
for (let i = 0; i < lines.length; i++) {
  const value = JSON.parse(lines[i]);
  if (!validators[i % validators.length](value)) failed.push(i + 1);
}
const seconds = (performance.now() - start) / 1000;
const bytes = Buffer.byteLength(text);
console.log(JSON.stringify({ seconds, lines: lines.length, bytes, failed }));
