// Shared harness for the browser tests: builds a site with the regionwise
// binary, serves it over real HTTP on 127.0.0.1, and drives Debian's headless
// chromium through playwright-core. Nothing is downloaded.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, existsSync, statSync, cpSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, normalize } from "node:path";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "../..");

/** The regionwise binary built by `cargo build` (REGIONWISE_BIN overrides). */
export function binary() {
  const bin = process.env.REGIONWISE_BIN || join(repo, "target", "debug", "regionwise");
  if (!existsSync(bin)) throw new Error(`no regionwise binary at ${bin}: run cargo build first`);
  return bin;
}

/** Runs the regionwise CLI; returns { status, stdout, stderr }. */
export function regionwise(args, options = {}) {
  const r = spawnSync(binary(), args, { encoding: "utf8", ...options });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Builds a site (the bundled guide when root is undefined) into a temp dir. */
export function buildSite(root) {
  const out = mkdtempSync(join(tmpdir(), "rw-site-"));
  const args = ["build", "--output", join(out, "public")];
  if (root) args.push("--root", root);
  const r = regionwise(args, { cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
  return join(out, "public");
}

/** Every model's definition (name, title, fields, presets, chart), from `regionwise calc --list --json`. */
let definitions;
export function models() {
  if (!definitions) {
    const r = regionwise(["calc", "--list", "--json"]);
    if (r.status !== 0) throw new Error(`regionwise calc --list failed:\n${r.stderr}`);
    definitions = JSON.parse(r.stdout);
  }
  return definitions;
}

/** A model's field by name (its label, kind, range, choices). */
export function field(model, name) {
  const found = models().find((m) => m.name === model)?.fields.find((f) => f.name === name);
  if (!found) throw new Error(`${model} has no field ${name}`);
  return found;
}

/**
 * Builds tests/fixtures/calculators with a page `calculators/NAME/` for every
 * model: the fixture's own pages where it has them (organisation defaults,
 * presets), a generated one-calculator page for every other model, so a new
 * model is tested without a fixture file (tests/testsuite/calculators.rs does the same).
 */
export function buildCalculators() {
  const root = join(mkdtempSync(join(tmpdir(), "rw-calc-fixture-")), "site");
  cpSync(join(repo, "tests/fixtures/calculators"), root, { recursive: true });
  for (const m of models()) {
    const page = join(root, "content/calculators", `${m.name}.md`);
    if (!existsSync(page)) writeFileSync(page, `+++\ntitle = ${JSON.stringify(m.title)}\n+++\n{{ calculator(model="${m.name}") }}\n`);
  }
  return buildSite(root);
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
  ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain",
};

/** Serves a folder on 127.0.0.1 with a strict CSP; returns { url, close }. */
export async function serve(dir, { prefix = "/" } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404); return res.end("not found"); }
    path = normalize(path.slice(prefix.length));
    let file = join(dir, path);
    if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404, { "content-type": TYPES[".html"] }); return res.end(readFileSync(join(dir, "404.html"))); }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] || "application/octet-stream",
      "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
    });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** The two devices the reader's layout is tested at: a phone (touch) and a desktop. */
export const DEVICES = {
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1440, height: 900 }, hasTouch: false, isMobile: false, deviceScaleFactor: 1 },
};

/**
 * Launches headless chromium with the flags this machine needs; `device`
 * (one of DEVICES) sets the viewport and touch for every page it opens.
 */
export async function launch({ javaScriptEnabled = true, colorScheme = "light", device } = {}) {
  const executablePath = process.env.CHROMIUM || (existsSync("/usr/lib/chromium/chromium") ? "/usr/lib/chromium/chromium" : "/usr/bin/chromium");
  const userDataDir = mkdtempSync(join(tmpdir(), "rw-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    javaScriptEnabled,
    colorScheme,
    ...(device || {}),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  return context;
}

/**
 * Opens a page and records every request, console error and page error, so a
 * test can assert that nothing left 127.0.0.1 and nothing threw.
 */
export async function open(context, url) {
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, errors };
}

/**
 * Runs axe-core in the page; returns the violations. `disable` lists rules
 * that cannot apply in the page's state (a modal drawer makes the page
 * behind it inert, so it has no main landmark or h1 for assistive tech).
 */
export async function axe(page, { disable = [] } = {}) {
  const source = readFileSync(join(import.meta.dirname, "node_modules", "axe-core", "axe.min.js"), "utf8");
  await page.addScriptTag({ content: source }).catch(async () => page.evaluate(source));
  const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
  return page.evaluate(async (rules) => (await window.axe.run(document, { resultTypes: ["violations"], rules })).violations
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), rules);
}

/**
 * Flags for `regionwise calc`: `{ standby_fraction: "0.3" }` → `--standby-fraction=0.3`;
 * `root`, a site whose [calculator.*] defaults the model starts from, as the site's pages do.
 */
const calcArgs = (model, inputs, root) =>
  ["calc", ...(root ? ["--root", root] : []), model, "--json",
    ...Object.entries(inputs).map(([k, v]) => `--${k.replaceAll("_", "-")}=${v}`)];

/** `regionwise calc MODEL --json` for the inputs given as text; returns the parsed output. */
export function calc(model, inputs, { root } = {}) {
  const r = regionwise(calcArgs(model, inputs, root));
  if (r.status !== 0) throw new Error(`regionwise calc ${model} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** `regionwise calc` for inputs it must reject; returns its error message. */
calc.error = (model, inputs, { root } = {}) => {
  const r = regionwise(calcArgs(model, inputs, root));
  if (r.status === 0) throw new Error(`regionwise calc ${model} accepted ${JSON.stringify(inputs)}`);
  return r.stderr;
};

/**
 * Calls an export of the page's calculator wasm (the very module calc.js
 * loaded, from the body's data-calc-* paths) and returns its result.
 */
export async function wasmCall(page, fn, ...args) {
  return page.evaluate(async ([fn, args]) => {
    const { root = "", calcBindings, calcWasm } = document.body.dataset;
    const at = (p) => new URL(root + p, document.baseURI).href;
    const wasm = await import(at(calcBindings));
    await wasm.default({ module_or_path: at(calcWasm) });
    return wasm[fn](...args);
  }, [fn, args]);
}

/**
 * Starts `regionwise serve --root DIR --port 0`; resolves to { url, stop }
 * once it prints its address. `stop` ends that process (and only it).
 */
export function startServe(root) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(binary(), ["serve", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => { err += d; });
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolveStart({ url: m[0], log: () => err, stop: () => new Promise((ok) => { child.once("exit", ok); child.kill(); }) });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${err}`)));
  });
}

/** A CSV file's rows (RFC 4180: quoted cells, doubled quotes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; } else if (ch === "\n") { row.push(cell.replace(/\r$/, "")); rows.push(row); row = []; cell = ""; } else cell += ch;
  }
  return rows;
}
