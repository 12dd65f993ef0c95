// The JavaScript tokenizer (static/search.js) against the shared corpus that
// src/search/tokens.rs records in tests/fixtures/search/terms.json: the index
// and the query must split, lower-case and stem every line alike, whatever
// the script. Needs no browser: search.js runs in a bare context here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { repo } from "./harness.mjs";

function searchApi() {
  const context = { window: {} };
  context.window.window = context.window;
  runInNewContext(readFileSync(join(repo, "static", "search.js"), "utf8"), context.window);
  return context.window.RegionwiseSearch;
}

test("search.js splits the shared corpus exactly as the Rust index does", () => {
  const { terms } = searchApi();
  const recorded = JSON.parse(readFileSync(join(repo, "tests", "fixtures", "search", "terms.json"), "utf8"));
  const stop = new Set(recorded.stop_words);
  assert.ok(recorded.lines.length > 150, "the corpus has its lines");
  const differ = recorded.lines
    .map(([line, expected]) => ({ line, expected, actual: terms(line, stop) }))
    .filter((c) => JSON.stringify(c.actual) !== JSON.stringify(c.expected));
  assert.deepEqual(differ, [], "lines the two tokenizers split differently");
});

test("the stemmer conflates the forms readers type", () => {
  const { stem } = searchApi();
  assert.equal(stem("replicas"), stem("replica"));
  assert.equal(stem("replicating"), stem("replication"));
  assert.equal(stem("outages"), stem("outage"));
  assert.equal(stem("Zürich"), "Zürich", "only a-z words are stemmed");
});
