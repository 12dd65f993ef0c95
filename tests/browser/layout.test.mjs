// The bundled guide's layout on a phone (390×844, touch) and a desktop
// (1440×900), light and dark: no page scrolls sideways, nothing in a table is
// clipped (measured from element boxes), numbers stay on one line with their
// units, and the compact header's search button and navigation drawer work
// from the keyboard and by touch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, serve, launch, axe, DEVICES } from "./harness.mjs";

let dir, guide, paths;
before(async () => {
  dir = buildSite();
  guide = await serve(dir);
  const sitemap = readFileSync(join(dir, "sitemap.xml"), "utf8");
  paths = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+\/([^<]*)<\/loc>/g)].map((m) => m[1] + "index.html");
  paths.push("no/such/page/", "print/index.html");
});
after(async () => { await guide?.close(); });

/**
 * Everything on the page that is cut off or pushes it sideways, measured in
 * the page: tables that scroll without a cue, card tables that scroll at
 * all, cells whose content overflows them, numbers broken across lines.
 */
function layoutProblems() {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`the page is ${doc.scrollWidth} px wide in ${doc.clientWidth} px`);
  const cardsApply = matchMedia("(max-width: 40rem)").matches;
  const lines = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom))).size;
  };
  for (const wrap of document.querySelectorAll(".table-wrap")) {
    if (!wrap.offsetParent) continue; // inside a closed <details>
    const name = wrap.getAttribute("aria-label");
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && wrap.classList.contains("table-cards") && cardsApply) problems.push(`card table scrolls: ${name}`);
    if (scrolls && wrap.tabIndex !== 0) problems.push(`a scrolling table cannot be reached from the keyboard: ${name}`);
    if (scrolls && !getComputedStyle(wrap).backgroundImage.includes("gradient")) problems.push(`a scrolling table has no cue: ${name}`);
    const box = wrap.getBoundingClientRect();
    if (box.right > doc.clientWidth + 1) problems.push(`table box past the window's edge: ${name}`);
    for (const cell of wrap.querySelectorAll("th, td")) {
      // The header row of a card table is there for screen readers only.
      if (cell.closest("thead") && getComputedStyle(cell.closest("thead")).position === "absolute") continue;
      if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`content overflows its cell: ${cell.textContent.trim().slice(0, 40)}`);
      const r = cell.getBoundingClientRect();
      if (!scrolls && (r.right > box.right + 1 || r.left < box.left - 1)) problems.push(`cell clipped: ${cell.textContent.trim().slice(0, 40)}`);
    }
  }
  for (const el of document.querySelectorAll("td.num, .figure:not(.figure-text), .calc-table td[data-out]")) {
    if (el.offsetParent && el.textContent.trim() && lines(el) > 1) problems.push(`number split across lines: ${el.textContent.trim()}`);
  }
  return problems;
}

test("no page scrolls sideways, nothing in a table is clipped and axe finds nothing: 390 px touch and 1440 px, light and dark, and 320 px", async () => {
  const runs = [];
  for (const colorScheme of ["light", "dark"]) {
    for (const device of ["phone", "desktop"]) runs.push({ colorScheme, device: DEVICES[device], label: `${device} ${colorScheme}`, axe: true });
  }
  runs.push({ colorScheme: "light", device: { ...DEVICES.phone, viewport: { width: 320, height: 640 } }, label: "320 px" });
  for (const { colorScheme, device, label, axe: checkAxe } of runs) {
    const ctx = await launch({ colorScheme, device });
    const page = await ctx.newPage();
    for (const path of paths) {
      await page.goto(guide.url + path, { waitUntil: "load" });
      assert.deepEqual(await page.evaluate(layoutProblems), [], `${path} (${label})`);
      // axe-core (target-size included) at both sizes, in both themes.
      if (checkAxe) assert.deepEqual(await axe(page), [], `axe: ${path} (${label})`);
    }
    await ctx.close();
  }
});

test("the decision table and the DR ladder are cards on a phone; charts fit their box", async () => {
  const ctx = await launch({ device: DEVICES.phone });
  const page = await ctx.newPage();
  await page.goto(guide.url + "index.html");
  const card = await page.evaluate(() => {
    const row = document.querySelector(".decision-table tbody tr");
    const wrap = row.closest(".table-wrap");
    return { display: getComputedStyle(row).display, rowWidth: row.getBoundingClientRect().width, wrapWidth: wrap.clientWidth,
      label: getComputedStyle(row.querySelector("td[data-label]"), "::before").content };
  });
  assert.equal(card.display, "grid");
  assert.ok(card.rowWidth <= card.wrapWidth + 1, JSON.stringify(card));
  assert.equal(card.label, '"Start with"');
  await page.goto(guide.url + "patterns/dr-ladder/index.html");
  const ladder = await page.evaluate(() => [...document.querySelectorAll(".dr-ladder tbody tr")].map((tr) => {
    const rto = tr.querySelector("td[data-label^=RTO]");
    return { text: rto.textContent, right: rto.getBoundingClientRect().right, edge: document.documentElement.clientWidth };
  }));
  assert.ok(ladder.length >= 5, "every rung is shown");
  for (const r of ladder) assert.ok(r.right <= r.edge, JSON.stringify(r));
  // Charts show their narrow layout on a phone: the whole chart in the box.
  await page.goto(guide.url + "operations/cost/index.html");
  const charts = await page.evaluate(() => [...document.querySelectorAll("figure.chart")].map((fig) => {
    const svg = [...fig.querySelectorAll("svg")].find((s) => s.getBoundingClientRect().width > 0);
    return { svg: svg?.getBoundingClientRect().width, box: fig.clientWidth, scrolls: fig.scrollWidth > fig.clientWidth + 1 };
  }));
  assert.ok(charts.length > 0);
  for (const c of charts) assert.ok(c.svg > 0 && c.svg <= c.box + 1 && !c.scrolls, JSON.stringify(c));
  await ctx.close();
});

test("phone header: compact and sticky; the search button opens the search box; no '/' hint on touch", async () => {
  const ctx = await launch({ device: DEVICES.phone });
  const page = await ctx.newPage();
  await page.goto(guide.url + "operations/cost/index.html");
  await page.waitForSelector("[data-search]:not([hidden])", { state: "attached" });
  const header = await page.locator(".site-header").boundingBox();
  assert.ok(header.height <= 60, `header is ${header.height} px tall`);
  assert.equal(await page.isHidden("#search-input"), true, "the search box waits for its button");
  assert.equal(await page.isHidden(".search-key"), true, "no '/' hint without a keyboard");
  await page.tap("[data-search-toggle]");
  assert.equal(await page.isVisible("#search-input"), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  assert.equal(await page.getAttribute("[data-search-toggle]", "aria-expanded"), "true");
  await page.keyboard.type("failover");
  await page.waitForSelector("#search-results [role=option]");
  const panel = await page.locator("[data-search-panel]").boundingBox();
  assert.ok(panel.x >= 0 && panel.x + panel.width <= 390, JSON.stringify(panel));
  await page.evaluate(() => window.scrollTo(0, 3000));
  const top = await page.locator(".site-header").boundingBox();
  assert.equal(Math.round(top.y), 0, "the header stays at the top");
  await ctx.close();

  const desk = await launch({ device: DEVICES.desktop });
  const dpage = await desk.newPage();
  await dpage.goto(guide.url + "operations/cost/index.html");
  await dpage.waitForSelector("[data-search]:not([hidden])", { state: "attached" });
  assert.equal(await dpage.isVisible(".search-key"), true, "the '/' hint where there is a keyboard");
  assert.equal(await dpage.isHidden("[data-menu-toggle]"), true);
  assert.equal(await dpage.isHidden("[data-search-toggle]"), true);
  assert.equal(await dpage.isVisible("#site-nav"), true);
  await desk.close();
});

test("phone header at 320 to 430 px: one row of --header-h, so the 'On this page' bar under it shows whole", async () => {
  for (const width of [320, 360, 430]) {
    const ctx = await launch({ device: { ...DEVICES.phone, viewport: { width, height: 700 } } });
    const page = await ctx.newPage();
    await page.goto(guide.url + "operations/cost/index.html");
    await page.waitForSelector("[data-search]:not([hidden])", { state: "attached" });
    await page.evaluate(() => window.scrollTo(0, 3000));
    const r = await page.evaluate(() => {
      const header = document.querySelector(".site-header").getBoundingClientRect();
      const bar = document.querySelector(".toc").getBoundingClientRect();
      const buttons = [...document.querySelectorAll(".site-header button:not([hidden])")].filter((b) => b.checkVisibility())
        .map((b) => Math.round(b.getBoundingClientRect().top));
      const hit = document.elementFromPoint(bar.left + 20, bar.top + 5);
      return { header: header.height, headerH: parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--header-h")) * parseFloat(getComputedStyle(document.documentElement).fontSize),
        rows: new Set(buttons).size, barShows: !!hit?.closest(".toc") };
    });
    assert.equal(r.rows, 1, `${width} px: the header's buttons on one row ${JSON.stringify(r)}`);
    assert.ok(r.header <= r.headerH + 1, `${width} px: ${JSON.stringify(r)}`);
    assert.ok(r.barShows, `${width} px: the bar's top is not under the header ${JSON.stringify(r)}`);
    await ctx.close();
  }
});

test("the navigation drawer: the menu button opens it, focus stays inside, Escape closes it and focus returns", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const ctx = await launch({ colorScheme, device: DEVICES.phone });
    const page = await ctx.newPage();
    await page.goto(guide.url + "operations/cost/index.html");
    assert.equal(await page.isHidden("#site-nav a[aria-current=page]"), true, "the drawer starts closed");
    await page.tap("[data-menu-toggle]");
    assert.equal(await page.getAttribute("[data-menu-toggle]", "aria-expanded"), "true");
    await page.waitForFunction(() => document.querySelector("#site-nav").getBoundingClientRect().x >= 0);
    const box = await page.locator("#site-nav").boundingBox();
    assert.ok(box.x >= 0 && box.width <= 390 && box.height >= 800, JSON.stringify(box));
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-current")), "page", "focus moves to the current page's link");
    assert.equal(await page.evaluate(() => document.querySelector("main").inert), true, "the page behind is inert");
    assert.deepEqual(await axe(page, { disable: ["landmark-one-main", "page-has-heading-one"] }), [], `drawer open (${colorScheme})`);
    // Tab round the drawer: focus never leaves it.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 3 === 2 ? "Shift+Tab" : "Tab");
      assert.equal(await page.evaluate(() => !!document.activeElement.closest("#site-nav")), true, `tab ${i} left the drawer`);
    }
    await page.keyboard.press("Escape");
    assert.equal(await page.getAttribute("[data-menu-toggle]", "aria-expanded"), "false");
    assert.equal(await page.evaluate(() => document.activeElement.hasAttribute("data-menu-toggle")), true, "focus returns to the menu button");
    assert.equal(await page.evaluate(() => document.querySelector("main").inert), false);
    await page.waitForFunction(() => getComputedStyle(document.querySelector("#site-nav")).visibility === "hidden");
    // The close button and a tap beside the drawer close it too; a link in it navigates.
    await page.tap("[data-menu-toggle]");
    await page.tap("[data-menu-close]");
    assert.equal(await page.getAttribute("[data-menu-toggle]", "aria-expanded"), "false");
    await page.tap("[data-menu-toggle]");
    await page.mouse.click(380, 400);
    assert.equal(await page.getAttribute("[data-menu-toggle]", "aria-expanded"), "false");
    await page.tap("[data-menu-toggle]");
    await Promise.all([page.waitForURL(/operations\/failure-modes\//), page.tap("#site-nav a[href*='failure-modes']")]);
    await ctx.close();
  }
});

test("without JavaScript the Menu link jumps to the navigation", async () => {
  const ctx = await launch({ javaScriptEnabled: false, device: DEVICES.phone });
  const page = await ctx.newPage();
  await page.goto(guide.url + "operations/cost/index.html");
  assert.equal(await page.isVisible("a.menu-link"), true);
  assert.equal(await page.isHidden("[data-menu-toggle]"), true);
  await page.click("a.menu-link");
  assert.equal(await page.isVisible("#site-nav a[aria-current=page]"), true);
  await ctx.close();
});
