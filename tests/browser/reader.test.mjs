// The reader's features in a real browser: search (over HTTP and from a
// folder opened as files), keyboard access, accessibility (axe-core), the
// 360 px phone layout, print, and no request to any other host.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repo, buildSite, serve, launch, open, axe, startServe } from "./harness.mjs";

let site, server, context;
before(async () => {
  site = buildSite(join(repo, "tests/fixtures/basic"));
  // The fixture says base_url = ".../guide/": serve it under that subpath.
  server = await serve(site, { prefix: "/guide/" });
  context = await launch();
});
after(async () => { await context?.close(); await server?.close(); });

const PAGES = {
  home: "index.html",
  section: "guide/index.html",
  page: "guide/first/index.html",
  "404": "no/such/page/",
};

/** Types a query into the search box and waits for the result options. */
async function searchFor(page, query) {
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search-input", "`/` focuses the search box");
  await page.keyboard.type(query);
  // The results of the whole query, not of a prefix typed on the way.
  await page.waitForFunction((q) => document.querySelector("#search-status").textContent.includes(`“${q}”`), query, { timeout: 5000 });
  await page.waitForSelector("#search-results [role=option]", { timeout: 5000 });
  return page.$$eval("#search-results [role=option]", (els) => els.map((el) => ({
    title: el.querySelector(".result-title")?.textContent,
    section: el.querySelector(".result-section")?.textContent,
    snippet: el.querySelector(".result-snippet")?.textContent,
  })));
}

test("search finds a page from a typed query and opens it with the keyboard", async () => {
  const { page, requests, errors } = await open(context, server.url + "guide/second/index.html");
  const results = await searchFor(page, "strikethro");
  assert.equal(results[0].title, "First page");
  assert.equal(results[0].section, "Guide › Setup");
  assert.match(results[0].snippet, /strikethrough/);
  const status = await page.textContent("#search-status");
  assert.match(status, /1 result/);
  assert.equal(await page.getAttribute("#search-input", "aria-expanded"), "true");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-0");
  await Promise.all([page.waitForURL(/guide\/first\/index\.html\?highlight=strikethrough#setup$/), page.keyboard.press("Enter")]);
  assert.deepEqual(requests.filter((u) => !u.startsWith("http://127.0.0.1:")), []);
  assert.deepEqual(errors.filter((e) => !e.includes("404")), []);
  await page.close();
});

test("search ranks a title match above body mentions, and says when nothing matches", async () => {
  const { page, errors } = await open(context, server.url + "index.html");
  const results = await searchFor(page, "second");
  assert.equal(results[0].title, "Second page");
  await page.fill("#search-input", "zzzqqq");
  await page.waitForFunction(() => /No results/.test(document.querySelector("#search-status").textContent));
  assert.equal(await page.$$eval("#search-results [role=option]", (els) => els.length), 0);
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden("[data-search-panel]"), true);
  assert.deepEqual(errors.filter((e) => !e.includes("404")), []);
  await page.close();
});

test("search works from a copied folder opened as files (file://)", async () => {
  const url = pathToFileURL(join(site, "guide", "index.html")).href;
  const { page, errors } = await open(context, url);
  const results = await searchFor(page, "footnote");
  assert.equal(results[0].title, "First page");
  await Promise.all([page.waitForURL(/guide\/first\/index\.html/), page.click("#search-result-0")]);
  assert.deepEqual(errors.filter((e) => !e.includes("404")), []);
  await page.close();
});

test("axe-core finds no violations on any page type, light and dark, search open", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const ctx = await launch({ colorScheme });
    for (const [kind, path] of Object.entries(PAGES)) {
      const { page } = await open(ctx, server.url + path);
      assert.deepEqual(await axe(page), [], `${kind} page (${colorScheme})`);
      if (kind === "page") {
        await searchFor(page, "failover");
        await page.keyboard.press("ArrowDown");
        assert.deepEqual(await axe(page), [], `search results (${colorScheme})`);
      }
      await page.close();
    }
    await ctx.close();
  }
});

test("keyboard: the skip link comes first and moves focus to the content", async () => {
  const { page } = await open(context, server.url + PAGES.page);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "focus is visible");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => location.hash), "#main");
  await page.close();
});

test("a 360 px phone: no sideways scrolling, the search box (behind its button) fits", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  for (const path of Object.values(PAGES)) {
    await page.goto(server.url + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width}px wide`);
  }
  await page.click("[data-search-toggle]");
  const box = await page.locator("#search-input").boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, JSON.stringify(box));
  await page.close();
});

test("print: navigation, search and footer are left out", async () => {
  const { page } = await open(context, server.url + PAGES.page);
  await page.emulateMedia({ media: "print" });
  for (const selector of [".site-header", ".sidebar", ".prev-next", ".site-footer"]) {
    assert.equal(await page.isHidden(selector), true, `${selector} is hidden in print`);
  }
  assert.equal(await page.isVisible("article h1"), true);
  await page.close();
});

test("with JavaScript off the search box is not shown (it could not work)", async () => {
  const ctx = await launch({ javaScriptEnabled: false });
  const { page } = await open(ctx, server.url + PAGES.page);
  assert.equal(await page.isHidden("[data-search]"), true);
  assert.equal(await page.isVisible("article h1"), true);
  await ctx.close();
});

test("serve: an edit reloads the open page; a broken file shows the error panel, then goes away", async () => {
  const root = mkdtempSync(join(tmpdir(), "rw-serve-"));
  cpSync(join(repo, "tests/fixtures/basic"), root, { recursive: true });
  const dev = await startServe(root);
  try {
    const { page, errors } = await open(context, dev.url + "guide/first/index.html");
    await page.waitForTimeout(200); // the live-reload stream connects
    const file = join(root, "content/guide/first.md");
    const good = readFileSync(file, "utf8");
    const start = Date.now();
    writeFileSync(file, good.replace("A duplicate heading.", "Edited while the page was open."));
    await page.waitForFunction(() => document.body.textContent.includes("Edited while the page was open."), null, { timeout: 10000 });
    console.log(`# edit to reloaded page: ${Date.now() - start} ms`);

    writeFileSync(file, good + "\n{{ not_a_shortcode() }}\n");
    const panel = page.locator("[data-regionwise-build-error]");
    await panel.waitFor({ state: "visible", timeout: 10000 });
    assert.match(await panel.textContent(), /content\/guide\/first\.md:\d+/);
    assert.match(await panel.textContent(), /not_a_shortcode/);
    assert.equal(await page.isVisible("article h1"), true, "the last good page is still there");

    writeFileSync(file, good);
    await panel.waitFor({ state: "detached", timeout: 10000 });
    assert.deepEqual(errors.filter((e) => !e.includes("404")), [], "no CSP violation or script error");
    await page.close();
  } finally {
    await dev.stop();
  }
});

test("the bundled guide: every page passes axe-core, light and dark; charts and code follow dark mode", async () => {
  const dir = buildSite();
  const guide = await serve(dir);
  try {
    const sitemap = readFileSync(join(dir, "sitemap.xml"), "utf8");
    const paths = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+\/([^<]*)<\/loc>/g)].map((m) => m[1] + "index.html");
    assert.ok(paths.length > 20, `${paths.length} pages in the sitemap`);
    paths.push("no/such/page/");
    for (const colorScheme of ["light", "dark"]) {
      const ctx = await launch({ colorScheme });
      for (const path of paths) {
        const { page, requests } = await open(ctx, guide.url + path);
        assert.deepEqual(await axe(page), [], `${path} (${colorScheme})`);
        assert.deepEqual(requests.filter((u) => !u.startsWith("http://127.0.0.1:")), [], path);
        await page.close();
      }
      await ctx.close();
    }
    const colours = async (colorScheme) => {
      const ctx = await launch({ colorScheme });
      const { page } = await open(ctx, guide.url + "building/infrastructure-as-code/index.html");
      const code = await page.evaluate(() => {
        const pre = document.querySelector("pre.code");
        const token = pre.querySelector("[class^=tok-]");
        return [getComputedStyle(pre).backgroundColor, getComputedStyle(token).color];
      });
      await page.goto(guide.url + "operations/cost/index.html");
      const chart = await page.evaluate(() => {
        const svg = document.querySelector("figure svg, .chart svg, svg");
        const marks = [...svg.querySelectorAll("rect, path, text")].slice(0, 40);
        return marks.map((el) => getComputedStyle(el).fill + " " + getComputedStyle(el).stroke).join("|");
      });
      await ctx.close();
      return { code, chart };
    };
    const light = await colours("light");
    const dark = await colours("dark");
    assert.notEqual(light.code[0], dark.code[0], "code block background follows dark mode");
    assert.notEqual(light.code[1], dark.code[1], "code tokens follow dark mode");
    assert.notEqual(light.chart, dark.chart, "chart colours follow dark mode");
  } finally {
    await guide.close();
  }
});
