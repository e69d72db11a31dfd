// The HTML reference (generated/reference/) in a real browser: every page
// loads with no console error and no failed request, every local link
// resolves (the file exists; a #fragment names an id of that page; a link
// into ../schema/clerk.schema.json names an existing $defs entry), and the
// graph page is photographed.
//
// Run through .ci/reference-browser.sh, which installs what is missing (the
// npm package playwright-core into a scratch folder, Debian's chromium).
// Environment:
//   PLAYWRIGHT_DIR   the node_modules folder holding playwright-core (required)
//   CHROMIUM         the browser to drive (default: `chromium` on PATH)
//   REFERENCE_SCREENSHOT  where the graph page's picture goes
//                         (default /tmp/clerk-reference/graph.png)
//   REFERENCE_BROWSER_REQUIRED=1  a check that cannot run fails (exit 1)
//                                 instead of being skipped (exit 0)
// Pages are served by a loopback server (127.0.0.1) from generated/, so
// that a missing file is a failed request; any request elsewhere is
// blocked and counted as a failure.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GENERATED = path.join(ROOT, 'generated');
const REFERENCE = path.join(GENERATED, 'reference');
const BUNDLE = path.join(GENERATED, 'schema', 'clerk.schema.json');
const SCREENSHOT = process.env.REFERENCE_SCREENSHOT || '/tmp/clerk-reference/graph.png';

function cannot(why) {
  console.error(`reference-browser: CANNOT RUN: ${why}`);
  if (process.env.REFERENCE_BROWSER_REQUIRED === '1') process.exit(1);
  console.error('reference-browser: skipped (nothing was checked)');
  process.exit(0);
}

let chromium;
try {
  const require = createRequire(path.join(process.env.PLAYWRIGHT_DIR || '/nonexistent', 'x.js'));
  ({ chromium } = require('playwright-core'));
} catch (e) {
  cannot(`playwright-core is not installed in PLAYWRIGHT_DIR (${process.env.PLAYWRIGHT_DIR || 'unset'}): ${e.message}`);
}
let executable = process.env.CHROMIUM;
if (!executable) {
  try {
    executable = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    cannot('chromium is not installed');
  }
}
if (!fs.existsSync(REFERENCE) || !fs.existsSync(BUNDLE)) {
  console.error('reference-browser: generated/reference/ or the bundle is missing: run `cargo run -- generate`');
  process.exit(1);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  const file = path.join(GENERATED, pathname);
  if (!file.startsWith(GENERATED + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;

const bundle = JSON.parse(fs.readFileSync(BUNDLE, 'utf8'));
const pages = fs.readdirSync(REFERENCE).filter((f) => f.endsWith('.html')).sort();
const problems = [];
const idsOf = new Map();
function ids(file) {
  if (!idsOf.has(file)) {
    const text = fs.readFileSync(file, 'utf8');
    const found = new Set();
    for (const m of text.matchAll(/\sid="([^"]*)"/g)) {
      found.add(m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    }
    idsOf.set(file, found);
  }
  return idsOf.get(file);
}
// The value a JSON pointer names in `doc`, or undefined.
function pointer(doc, ptr) {
  if (ptr === '') return doc;
  if (!ptr.startsWith('/')) return undefined;
  let at = doc;
  for (const raw of ptr.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, token)) return undefined;
    at = at[token];
  }
  return at;
}

let browser;
try {
  browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
} catch (e) {
  server.close();
  cannot(`Playwright could not launch ${executable}: ${e.message}`);
}
let links = 0;
let consoleErrors = 0;
let failedRequests = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(ORIGIN + '/')) return route.continue();
    failedRequests++;
    problems.push(`a request leaves the reference: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  let current = '';
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      consoleErrors++;
      problems.push(`${current}: console error: ${msg.text()}`);
    }
  });
  page.on('pageerror', (e) => {
    consoleErrors++;
    problems.push(`${current}: page error: ${e.message}`);
  });
  page.on('requestfailed', (req) => {
    if (!req.url().startsWith(ORIGIN + '/')) return; // counted by the route
    failedRequests++;
    problems.push(`${current}: request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) {
      failedRequests++;
      problems.push(`${current}: ${res.status()} for ${res.url()}`);
    }
  });
  for (const name of pages) {
    current = name;
    const url = `${ORIGIN}/reference/${encodeURIComponent(name)}`;
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || !response.ok()) problems.push(`${name}: did not load (${response && response.status()})`);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
    if (hrefs.length === 0) problems.push(`${name}: no link at all`);
    for (const href of hrefs) {
      links++;
      if (/^(https?|mailto):/i.test(href)) continue; // outside the reference, not followed
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
        problems.push(`${name}: a link with a scheme that is neither http(s) nor mailto: ${href}`);
        continue;
      }
      const target = new URL(href, url);
      if (target.origin !== ORIGIN) {
        problems.push(`${name}: ${href} leaves the reference`);
        continue;
      }
      const file = path.join(GENERATED, decodeURIComponent(target.pathname));
      if (!file.startsWith(GENERATED + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        problems.push(`${name}: ${href} names no file`);
        continue;
      }
      const fragment = decodeURIComponent(target.hash.slice(1));
      if (!fragment) continue;
      if (file === BUNDLE) {
        const m = /^\/\$defs\/([^/]*)$/.exec(fragment);
        if (!m || !Object.prototype.hasOwnProperty.call(bundle.$defs || {}, m[1].replace(/~1/g, '/').replace(/~0/g, '~')) || pointer(bundle, fragment) === undefined) {
          problems.push(`${name}: ${href} names no $defs entry of the bundle`);
        }
      } else if (file.endsWith('.html')) {
        if (!ids(file).has(fragment)) problems.push(`${name}: ${href}: no id "${fragment}" in ${path.relative(ROOT, file)}`);
      } else {
        problems.push(`${name}: ${href}: a fragment into a file that has no ids`);
      }
    }
  }
  // The graph page, as wide as its picture.
  current = 'graph.html';
  const size = await (async () => {
    await page.goto(`${ORIGIN}/reference/graph.html`, { waitUntil: 'load' });
    return page.$eval('svg.graph', (svg) => ({ w: Number(svg.getAttribute('width')), h: Number(svg.getAttribute('height')), boxes: svg.querySelectorAll('a .node').length, arrows: svg.querySelectorAll('path.edge').length }));
  })();
  if (!(size.boxes > 0 && size.arrows > 0)) problems.push(`graph.html: the picture has ${size.boxes} boxes and ${size.arrows} arrows`);
  await page.setViewportSize({ width: Math.min(Math.ceil(size.w) + 160, 4000), height: 900 });
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  await context.close();
  console.log(`reference-browser: graph picture: ${size.boxes} boxes, ${size.arrows} arrows`);
} finally {
  await browser.close();
  server.close();
}

console.log(`reference-browser: pages checked: ${pages.length}`);
console.log(`reference-browser: links checked: ${links}`);
console.log(`reference-browser: console errors: ${consoleErrors}`);
console.log(`reference-browser: failed requests: ${failedRequests}`);
console.log(`reference-browser: screenshot: ${SCREENSHOT}`);
if (problems.length) {
  for (const p of problems.slice(0, 50)) console.log(`reference-browser: PROBLEM ${p}`);
  console.log(`reference-browser: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`reference-browser: every page loads cleanly and every local link resolves (${executable})`);
