// Runs a kit's tests through quicktype's compiled TypeScript converters (`Convert.to<Kind>`), writing what each did as JSON.
//
//   node convert.cjs CONVERTERS.js KIT.json OUT.json
//
// OUT: {"tests": [{group, test, valid, accepted, error}]}, in kit order.
// A group whose kind has no converter counts as refused ("no Convert.to<Kind>").
const fs = require("fs");
const path = require("path");

const [modPath, kitPath, out] = process.argv.slice(2);
const { Convert } = require(path.resolve(modPath));
const kit = JSON.parse(fs.readFileSync(kitPath, "utf8"));
const tests = [];
for (const group of kit) {
  const kind = (group.schema.$ref || "").split("/").pop();
  const convert = Convert[`to${kind}`];
  for (const t of group.tests) {
    let accepted = false;
    let error = null;
    try {
      if (typeof convert !== "function") throw new Error(`no Convert.to${kind}`);
      // The converters take JSON text, as an app would get it from fetch.
      convert(JSON.stringify(t.data));
      accepted = true;
    } catch (e) {
      error = String(e && e.message ? e.message : e).slice(0, 400);
    }
    tests.push({ group: group.description, test: t.description, valid: t.valid, accepted, error });
  }
}
fs.writeFileSync(out, JSON.stringify({ tests }, null, 1));
