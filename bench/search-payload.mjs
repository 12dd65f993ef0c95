// Search payload: the bytes a reader's browser loads for a query, on the
// synthetic corpus (bench/corpus.py) at 1,000 and 10,000 pages and on the
// bundled guide, next to Pagefind's published figure. The real search.js
// runs in Node (tests/browser/search-node.mjs) and every script it loads is
// counted, raw and gzipped (level 9, as bench/calculators.mjs).
//
//   cargo build --release --bin regionwise
//   node bench/search-payload.mjs              # N = 1,000 and 10,000
//   SIZES=1000 node bench/search-payload.mjs   # quicker
//   RW_BIN=path/to/regionwise node bench/search-payload.mjs
//   CORPORA=bench/work node bench/search-payload.mjs  # reuse corpus-N/ there (bench/run.sh)
//
// Corpora and sites go to bench/work/search-payload/ (git ignores bench/work).
// Prints a Markdown table; the figures in bench/NOTES.md come from it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repo } from "../tests/browser/harness.mjs";
import { loadSearch } from "../tests/browser/search-node.mjs";

const work = join(repo, "bench", "work", "search-payload");
const bin = process.env.RW_BIN || join(repo, "target", "release", "regionwise");
const sizes = (process.env.SIZES || "1000 10000").split(/\s+/).filter(Boolean).map(Number);
if (!existsSync(bin)) throw new Error(`no regionwise binary at ${bin}: cargo build --release --bin regionwise`);

// A query and the one after it, in the vocabulary of the site.
const CORPUS_QUERIES = { first: "failover drill", next: "replica latency", typo: "failvoer" };
const GUIDE_QUERIES = { first: "failover drill", next: "replication lag", typo: "failvoer" };

function build(root, out) {
  rmSync(out, { recursive: true, force: true });
  const args = ["build", "--output", out];
  if (root) args.push("--root", root);
  execFileSync(bin, args, { stdio: ["ignore", "ignore", "inherit"] });
}

function site(n) {
  const shared = process.env.CORPORA && join(process.env.CORPORA, `corpus-${n}`);
  const corpus = shared && existsSync(shared) ? shared : join(work, `corpus-${n}`);
  if (!existsSync(corpus)) execFileSync("python3", [join(repo, "bench", "corpus.py"), String(n), corpus], { stdio: "ignore" });
  const out = join(work, `site-${n}`);
  build(join(corpus, "regionwise"), out);
  return out;
}

/** Total size of the index: every file under search/, raw and gzipped. */
function indexSize(dir) {
  const files = readdirSync(join(dir, "search"));
  let raw = 0, gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dir, "search", f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gz };
}

/** Typing `text` a letter at a time, searching at every letter (no debounce: the worst case). */
async function typed(search, text) {
  for (let i = 1; i <= text.length; i++) await search.query(text.slice(0, i));
}

async function measure(dir, queries) {
  const row = { index: indexSize(dir) };
  let s = loadSearch(dir);
  await s.query(queries.first);
  row.first = s.bytesSince(0);
  let mark = s.requests.length;
  await s.query(queries.next);
  row.next = s.bytesSince(mark);

  s = loadSearch(dir);
  await typed(s, queries.first);
  row.typedFirst = s.bytesSince(0);
  mark = s.requests.length;
  await typed(s, queries.next);
  row.typedNext = s.bytesSince(mark);

  s = loadSearch(dir);
  await s.query(queries.typo);
  row.typo = s.bytesSince(0);
  const lib = s.requests[0];
  row.library = { bytes: lib.bytes, gzip: lib.gzip };
  return row;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pair = (t) => `${kb(t.gzip)} (${kb(t.bytes)} raw, ${t.files} files)`;

mkdirSync(work, { recursive: true });
const rows = [];
const guide = join(work, "site-guide");
build(undefined, guide);
rows.push(["bundled guide", await measure(guide, GUIDE_QUERIES)]);
for (const n of sizes) rows.push([`synthetic corpus, ${n.toLocaleString("en")} pages`, await measure(site(n), CORPUS_QUERIES)]);

console.log(`Queries: corpus "${CORPUS_QUERIES.first}" then "${CORPUS_QUERIES.next}", typo "${CORPUS_QUERIES.typo}"; guide "${GUIDE_QUERIES.first}" then "${GUIDE_QUERIES.next}".`);
console.log("Gzipped transfer (level 9), the search script included in the first query.\n");
console.log("| site | first query | follow-up | typed letter by letter: first | typed: follow-up | typo | index total |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const [name, r] of rows) {
  console.log(`| ${name} | ${pair(r.first)} | ${pair(r.next)} | ${pair(r.typedFirst)} | ${pair(r.typedNext)} | ${pair(r.typo)} | ${kb(r.index.gz)} gzip, ${kb(r.index.raw)} raw, ${r.index.files} files |`);
}
const lib = rows[0][1].library;
console.log(`\nsearch.js: ${kb(lib.gzip)} gzip (${kb(lib.bytes)} raw). Pagefind (published): "a 10,000 page site with a total network payload under 300kB, including the Pagefind library itself"; "for most sites, closer to 100kB".`);

