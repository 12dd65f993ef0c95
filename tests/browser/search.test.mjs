// Search on the bundled guide in a real browser: forgiving queries (typos,
// stems, words run together), results that are real links (new tab, copy
// link), the searched words marked on the page a result opens, over HTTP and
// from file://, and the reader review's example questions ranked first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSite, serve, launch, open, axe } from "./harness.mjs";
import { loadSearch } from "./search-node.mjs";

let site, server, context;
before(async () => {
  site = buildSite();
  server = await serve(site);
  context = await launch();
});
after(async () => { await context?.close(); await server?.close(); });

/** Types a query and waits until the status reports it; returns the results. */
async function searchFor(page, query) {
  await page.keyboard.press("/");
  await page.keyboard.type(query);
  await page.waitForFunction((q) => document.querySelector("#search-status").textContent.includes(`“${q}”`), query);
  return page.$$eval("#search-results [role=option]", (els) => els.map((el) => ({
    tag: el.tagName,
    href: el.getAttribute("href"),
    title: el.querySelector(".result-title").textContent,
    section: el.querySelector(".result-section")?.textContent ?? "",
    marks: [...el.querySelectorAll(".result-snippet mark")].map((m) => m.textContent.toLowerCase()),
  })));
}

test("a misspelt word finds what it meant, marked in the snippets", async () => {
  const { page, errors } = await open(context, server.url + "index.html");
  const results = await searchFor(page, "failvoer");
  assert.ok(results.length >= 3, JSON.stringify(results));
  assert.match(results[0].title, /failover/i);
  assert.ok(results.some((r) => r.marks.includes("failover")), JSON.stringify(results));
  await page.fill("#search-input", "splitbrain");
  await page.waitForFunction(() => /splitbrain/.test(document.querySelector("#search-status").textContent));
  const split = await page.$$eval("#search-results [role=option] .result-section", (els) => els.map((e) => e.textContent));
  assert.match(split[0] ?? "", /split brain/i, JSON.stringify(split));
  assert.deepEqual(errors, []);
  await page.close();
});

test("results are links: real hrefs, new tab on middle-click and Ctrl+Enter, the combobox still works", async () => {
  const { page, errors } = await open(context, server.url + "operations/index.html");
  const results = await searchFor(page, "cost calculator");
  assert.ok(results.every((r) => r.tag === "A" && r.href), JSON.stringify(results));
  assert.match(results[0].href, /^\.\.\/operations\/cost\/index\.html\?highlight=[^#]+#calculator$/, results[0].href);
  assert.equal(await page.getAttribute("#search-results > li", "role"), "none");

  // Middle-click opens the result in a new tab and keeps this page.
  const [tab] = await Promise.all([context.waitForEvent("page"), page.click("#search-result-0", { button: "middle" })]);
  await tab.waitForLoadState();
  assert.match(tab.url(), /operations\/cost\/index\.html\?highlight=.*#calculator$/);
  await tab.close();
  assert.match(page.url(), /operations\/index\.html$/);

  // The keyboard: arrows select (aria-activedescendant), Ctrl+Enter opens a tab.
  await page.focus("#search-input");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-0");
  assert.equal(await page.getAttribute("#search-result-0", "aria-selected"), "true");
  const [second] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("Control+Enter")]);
  await second.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(await axe(page), [], "results open");
  await page.close();
});

test("the searched words are marked on the page a result opens", async () => {
  const { page, errors } = await open(context, server.url + "index.html");
  await searchFor(page, "replicating");
  await Promise.all([page.waitForURL(/building\/database-replication\/index\.html\?highlight=/), page.keyboard.press("Enter")]);
  await page.waitForSelector("main mark.search-hit");
  const marked = await page.$$eval("main mark.search-hit", (els) => els.map((e) => e.textContent.toLowerCase()));
  assert.ok(marked.length >= 3, JSON.stringify(marked));
  assert.ok(marked.every((w) => w.startsWith("replic")), JSON.stringify(marked));
  assert.equal(await page.$$eval(".site-header mark, nav mark", (els) => els.length), 0, "only the content is marked");
  assert.deepEqual(errors, []);
  assert.deepEqual(await axe(page), [], "marked page");
  await page.emulateMedia({ colorScheme: "dark" });
  assert.deepEqual(await axe(page), [], "marked page, dark");
  await page.close();
});

test("from a folder opened as files: a typo, a link with the words, marks on arrival", async () => {
  const { page, errors } = await open(context, pathToFileURL(join(site, "reference", "index.html")).href);
  const results = await searchFor(page, "quorom");
  assert.ok(results.length > 0);
  assert.match(results[0].href, /\?highlight=quorum/);
  await Promise.all([page.waitForURL(/\?highlight=quorum/), page.click("#search-result-0")]);
  assert.ok(page.url().startsWith("file://"));
  await page.waitForSelector("main mark.search-hit");
  assert.equal((await page.textContent("main mark.search-hit")).toLowerCase(), "quorum");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the reader review's questions open the page that answers them", async () => {
  const search = loadSearch(site);
  const first = async (q) => (await search.query(q)).results[0];
  const path = (r) => r.href.replace(/\?[^#]*/, "");
  assert.match(path(await first("how much does a second region cost")), /^operations\/cost\/index\.html/);
  assert.equal(path(await first("cost calculator")), "operations/cost/index.html#calculator");
  assert.match((await first("failvoer")).title, /failover/i);
  const replicating = (await search.query("replicating")).results.map(path);
  assert.ok(replicating.slice(0, 3).some((h) => h.startsWith("building/database-replication/")), JSON.stringify(replicating));
  const [outage, outages] = [await search.query("outage"), await search.query("outages")];
  assert.deepEqual(outage.results.map(path), outages.results.map(path), "a word and its plural find the same pages");
  assert.match(path(await first("splitbrain")), /#split-brain|#fencing/);
  assert.deepEqual((await search.query("splitbrain")).results.map(path), (await search.query("split-brain")).results.map(path));
});
