// The conformance kits judged by ajv (Ajv2020, strict mode): each test's verdict must equal its `valid`.
//
//   node ajv.mjs NODE_PREFIX OUT.json BUNDLE.json... -- KIT.json...
//
// NODE_PREFIX is the folder the pinned npm packages were installed into (the
// script lives in the repository, so a bare import would not find them).
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const [prefix, out, ...rest] = process.argv.slice(2);
const split = rest.indexOf("--");
const bundles = rest.slice(0, split);
const kits = rest.slice(split + 1);
const require = createRequire(path.join(path.resolve(prefix), "package.json"));
const Ajv2020 = require("ajv/dist/2020").default;
const version = require("ajv/package.json").version;

// Strict mode stays on: only the bundle's own x- annotations are declared,
// and the OpenAPI integer formats are known but not asserted (a 2020-12
// format is an annotation, as it is for the project's judge and jsonschema).
// Strict-mode advice that is not an error (strictTypes, strictTuples) is
// collected instead of printed, so the output stays one report.
const warnings = new Set();
const logger = { log() {}, warn: (...a) => warnings.add(a.join(" ")), error: (...a) => warnings.add(a.join(" ")) };
const ajv = new Ajv2020({ strict: true, logger });
for (const k of ["x-secret", "x-endpoints", "x-version"]) ajv.addKeyword({ keyword: k, schemaType: ["boolean", "object", "array", "string"] });
for (const f of ["int32", "int64", "float", "double"]) ajv.addFormat(f, true);

const rows = [];
let error = null;
try {
  for (const b of bundles) ajv.addSchema(JSON.parse(readFileSync(b, "utf8")));
  for (const kitPath of kits) {
    const kit = JSON.parse(readFileSync(kitPath, "utf8"));
    const row = { tool: "ajv", version, what: `verdicts of ${path.basename(kitPath)}`, judged: 0, agree: 0, problems: [], required: true, result: null };
    for (const group of kit) {
      let validate;
      try {
        validate = ajv.compile(group.schema);
      } catch (e) {
        row.problems.push({ group: group.description, test: "(schema)", detail: `does not compile: ${e.message}` });
        continue;
      }
      for (const t of group.tests) {
        row.judged++;
        const got = validate(t.data);
        if (got === t.valid) {
          row.agree++;
        } else {
          const e = (validate.errors || [])[0];
          const first = e ? `${e.instancePath || "/"} ${e.keyword}: ${e.message} (${e.schemaPath})` : "no error";
          row.problems.push({ group: group.description, test: t.description, detail: `kit says valid=${t.valid}, ajv says ${got}; ${first}` });
        }
      }
    }
    rows.push(row);
  }
} catch (e) {
  error = `ajv could not read the bundles: ${e.message}`;
}
const notes = [...warnings].sort().map((w) => `ajv strict-mode warning: ${w}`);
writeFileSync(out, JSON.stringify({ rows, error, notes }, null, 1));
