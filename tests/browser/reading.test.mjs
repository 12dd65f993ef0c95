// Reading aids in the bundled guide, at 390×844 (touch) and 1440×900, light
// and dark: copy buttons on code blocks, callout icons, the table of
// contents (rail, scroll-spy, dropdown, back to top), heading anchors on
// touch, anchored targets below the sticky header, ←/→ for prev/next,
// glossary terms, the print edition and the 404 page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo, buildSite, serve, launch, axe, startServe, DEVICES } from "./harness.mjs";

let dir, guide;
before(async () => {
  dir = buildSite();
  guide = await serve(dir);
});
after(async () => { await guide?.close(); });

/** Opens a page of the guide in a fresh browser for a device and theme. */
async function visit(path, { device = "desktop", colorScheme = "light" } = {}) {
  const ctx = await launch({ colorScheme, device: DEVICES[device] });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(guide.url + path, { waitUntil: "load" });
  return { ctx, page, errors };
}

test("code blocks: a language label and a copy button that copies and says so", async () => {
  for (const device of ["phone", "desktop"]) {
    const { ctx, page, errors } = await visit("building/infrastructure-as-code/index.html", { device });
    await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(guide.url).origin });
    const block = page.locator(".code-block").first();
    assert.equal((await block.locator(".code-lang").textContent()).toLowerCase(), "hcl");
    const button = block.locator(".copy-button");
    assert.equal(await button.textContent(), "Copy");
    assert.match(await button.getAttribute("aria-label"), /Copy the hcl code/);
    await (device === "phone" ? button.tap() : button.click());
    await page.waitForFunction(() => document.querySelector(".copy-button").textContent === "Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const code = await block.locator("pre").textContent();
    assert.equal(copied, code);
    assert.match(await page.textContent("[data-announce]"), /Copied/);
    // The label and the button sit inside the block, over no code.
    const [pre, btn] = [await block.locator("pre").boundingBox(), await button.boundingBox()];
    assert.ok(btn.x + btn.width <= pre.x + pre.width && btn.y >= pre.y, JSON.stringify({ pre, btn }));
    await page.waitForFunction(() => document.querySelector(".copy-button").textContent === "Copy", null, { timeout: 4000 });
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});

test("callouts carry an icon for their kind", async () => {
  const { ctx, page } = await visit("index.html");
  const icons = await page.$$eval(".callout", (els) => els.map((el) => [el.className, !!el.querySelector(".callout-title svg[aria-hidden=true]")]));
  assert.ok(icons.length > 0);
  for (const [cls, has] of icons) assert.ok(has, cls);
  await ctx.close();
});

/** Where the sticky chrome ends: the header and, on narrow screens, the TOC bar. */
const chromeBottom = (page) => page.evaluate(() => {
  const header = document.querySelector(".site-header").getBoundingClientRect().bottom;
  const toc = document.querySelector("[data-toc]");
  const bar = toc && getComputedStyle(toc).position === "sticky" && toc.getBoundingClientRect().top <= header + 1
    ? toc.querySelector("summary").getBoundingClientRect().bottom : 0;
  return Math.max(header, bar);
});

test("table of contents at 1440 px: a sticky rail beside the text, with calculators and cards, and scroll-spy", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { ctx, page, errors } = await visit("operations/failure-modes/index.html", { colorScheme });
    const rail = await page.locator("[data-toc]").boundingBox();
    const text = await page.locator(".page-body").boundingBox();
    assert.ok(rail.x >= text.x + text.width, `the rail is beside the text: ${JSON.stringify({ rail, text })}`);
    assert.equal(await page.isVisible("[data-toc] li a"), true, "the rail is open");
    const entries = await page.$$eval("[data-toc] li a", (as) => as.map((a) => a.textContent));
    assert.ok(entries.includes("Split brain under last-writer-wins"), `the cards are in the TOC: ${entries}`);
    // Scroll to a card: its entry becomes current, and the rail stays in view.
    await page.evaluate(() => document.getElementById("split-brain-lww-title").scrollIntoView());
    await page.waitForFunction(() => document.querySelector("[data-toc] a[aria-current]")?.textContent === "Split brain under last-writer-wins");
    assert.equal(await page.$$eval("[data-toc] a[aria-current]", (as) => as.length), 1);
    const stuck = await page.locator("[data-toc]").boundingBox();
    assert.ok(stuck.y >= 0 && stuck.y < 120, `the rail is sticky: ${JSON.stringify(stuck)}`);
    // A TOC link lands its heading below the sticky header.
    await page.click("[data-toc] a[href='#patterns']");
    await page.waitForFunction(() => location.hash === "#patterns");
    const top = await page.evaluate(() => document.getElementById("patterns").getBoundingClientRect().top);
    assert.ok(top >= await chromeBottom(page), `heading at ${top}`);
    // Back to top.
    await page.click("[data-toc] .back-to-top");
    await page.waitForFunction(() => scrollY === 0);
    assert.deepEqual(errors, []);
    await ctx.close();
  }
  const { ctx, page } = await visit("operations/cost/index.html");
  const entries = await page.$$eval("[data-toc] li a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  assert.ok(entries.some(([t, href]) => /calculator/i.test(t) && /-title$/.test(href)), `the calculator is in the TOC: ${JSON.stringify(entries)}`);
  // A calculator's title is a heading one level below its section's.
  const levels = await page.$$eval("form[data-calc] .calc-title", (ts) => ts.map((t) => {
    const headings = [...document.querySelectorAll(".page-body :is(h2, h3, h4, h5)")];
    const before = headings.filter((h) => h !== t && h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
    return [t.tagName, before?.tagName];
  }));
  assert.ok(levels.length > 0 && levels.every(([t, b]) => /^H[3-6]$/.test(t) && Number(t[1]) === Number(b[1]) + 1), JSON.stringify(levels));
  await ctx.close();
});

test("table of contents at 390 px: an 'On this page' dropdown under the header naming the current section", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { ctx, page, errors } = await visit("operations/rpo-and-rto/index.html", { device: "phone", colorScheme });
    assert.equal(await page.isHidden("[data-toc] li a"), true, "closed at first");
    await page.tap("[data-toc] summary");
    assert.equal(await page.isVisible("[data-toc] li a"), true);
    const panel = await page.locator(".toc-panel").boundingBox();
    assert.ok(panel.x >= 0 && panel.x + panel.width <= 390 && panel.y + panel.height <= 844, JSON.stringify(panel));
    assert.deepEqual(await axe(page), [], `dropdown open (${colorScheme})`);
    await page.tap("[data-toc] a[href='#rto']");
    await page.waitForFunction(() => location.hash === "#rto");
    assert.equal(await page.isHidden("[data-toc] li a"), true, "it closes after a choice");
    await page.waitForFunction(() => document.querySelector("[data-toc-current]").textContent.startsWith("RTO"));
    const top = await page.evaluate(() => document.getElementById("rto").getBoundingClientRect().top);
    assert.ok(top >= await chromeBottom(page), `heading at ${top}, below the header and the bar`);
    // The RPO calculator's title is an entry too.
    const entries = await page.$$eval("[data-toc] li a", (as) => as.map((a) => a.textContent));
    assert.ok(entries.some((t) => /RPO calculator|calculator/i.test(t)), `${entries}`);
    // Heading anchors show on touch.
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("h2 .anchor")).opacity), "1");
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});

test("tablets (768–1199 px): the 'On this page' bar never covers a calculator's sticky headline", async () => {
  for (const width of [768, 900, 1100]) {
    const ctx = await launch({ device: { viewport: { width, height: 900 }, deviceScaleFactor: 1 } });
    const page = await ctx.newPage();
    for (const path of ["operations/cost/index.html", "operations/rpo-and-rto/index.html", "operations/availability/index.html"]) {
      await page.goto(guide.url + path, { waitUntil: "load" });
      // Scroll through each calculator, 200 px at a time; wherever its headline
      // is stuck (at the top beside the inputs, or at the bottom in one column),
      // the bar is clear of it and the headline is what shows at its top.
      const covered = await page.evaluate(async () => {
        const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
        const bar = document.querySelector(".toc");
        const found = [];
        let checked = 0;
        for (const form of document.querySelectorAll("form[data-calc]")) {
          const head = form.querySelector(".calc-headline");
          const start = form.getBoundingClientRect().top + scrollY;
          // From the form's top entering at the bottom of the screen to its end leaving at the top.
          for (let y = Math.max(0, start - innerHeight + 100); y < start + form.offsetHeight; y += 200) {
            scrollTo(0, y);
            await frame();
            const [b, h, css] = [bar.getBoundingClientRect(), head.getBoundingClientRect(), getComputedStyle(head)];
            // Only where it is stuck: in place (after the inputs, or leaving
            // with the end of its calculator) it scrolls away like the text.
            const stuck = (css.top !== "auto" && Math.abs(h.top - parseFloat(css.top)) < 1)
              || (css.bottom !== "auto" && Math.abs(h.bottom - innerHeight + parseFloat(css.bottom)) < 1);
            if (!stuck) continue;
            checked++;
            const hit = document.elementFromPoint((h.left + h.right) / 2, h.top + 4);
            if ((h.top < b.bottom && h.bottom > b.top) || !head.contains(hit)) {
              found.push(`${form.dataset.calc} at scroll ${Math.round(y - start)} px from its top: bar ${Math.round(b.top)}–${Math.round(b.bottom)}, headline ${Math.round(h.top)}–${Math.round(h.bottom)}, top shows ${hit?.className}`);
            }
          }
        }
        return { found, checked };
      });
      assert.deepEqual(covered.found, [], `${path} at ${width} px`);
      assert.ok(covered.checked >= 1, `${path} at ${width} px: ${covered.checked} positions with the headline stuck`);
    }
    await ctx.close();
  }
});

test("anchored targets (headings, decision rows, cards, calculators) land below the sticky header", async () => {
  for (const device of ["phone", "desktop"]) {
    for (const [path, id] of [["index.html", "row-no-driver"], ["operations/failure-modes/index.html", "split-brain-lww"],
      ["operations/cost/index.html", "calculator"], ["operations/rpo-and-rto/index.html", "lag-derivative"]]) {
      const { ctx, page } = await visit(`${path}#${id}`, { device });
      await page.waitForTimeout(100);
      const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, id);
      const chrome = await chromeBottom(page);
      assert.ok(top >= chrome - 1 && top < chrome + 80, `${path}#${id} (${device}) at ${top}, chrome ends at ${chrome}`);
      await ctx.close();
    }
    const { ctx, page } = await visit("operations/cost/index.html", { device });
    const calc = await page.evaluate(() => document.querySelector("form[data-calc]").id);
    await page.goto(guide.url + `operations/cost/index.html#${calc}`);
    await page.waitForTimeout(100);
    const title = await page.evaluate((id) => document.querySelector(`#${id} .calc-title`).getBoundingClientRect().top, calc);
    assert.ok(title >= await chromeBottom(page), `the calculator's title is visible (${device}): ${title}`);
    await ctx.close();
  }
});

test("← and → open the previous and next page, but not while focus is in a field or a scrolling box", async () => {
  const { ctx, page } = await visit("operations/cost/index.html");
  const next = await page.getAttribute("a[rel=next]", "href");
  const prev = await page.getAttribute("a[rel=prev]", "href");
  await Promise.all([page.waitForURL((u) => u.href.endsWith(next.replace(/^(\.\.\/)+/, ""))), page.keyboard.press("ArrowRight")]);
  await page.goto(guide.url + "operations/cost/index.html");
  await Promise.all([page.waitForURL((u) => u.href.endsWith(prev.replace(/^(\.\.\/)+/, ""))), page.keyboard.press("ArrowLeft")]);
  await page.goto(guide.url + "operations/cost/index.html");
  await page.focus(".table-wrap");
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(300);
  assert.match(page.url(), /operations\/cost\/index\.html$/);
  await page.focus("#search-input");
  await page.keyboard.press("ArrowLeft");
  await page.waitForTimeout(300);
  assert.match(page.url(), /operations\/cost\/index\.html$/);
  await ctx.close();
});

test("the print edition: every page in reading order on one page, ids unique, links inside it, calculators with their inputs", async () => {
  const sitemap = readFileSync(join(dir, "sitemap.xml"), "utf8");
  const pages = [...sitemap.matchAll(/<loc>/g)].length;
  const { ctx, page, errors } = await visit("index.html");
  const footer = await page.getAttribute(".site-footer a[href$='print/index.html']", "href");
  assert.ok(footer, "linked from the footer");
  await page.click(".site-footer a[href$='print/index.html']");
  await page.waitForURL(/print\/index\.html$/);
  const report = await page.evaluate(() => {
    const edition = document.querySelector(".print-edition");
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    const links = [...edition.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"));
    const dangling = links.filter((h) => h.startsWith("#") && h !== "#top" && !document.getElementById(decodeURIComponent(h.slice(1))));
    // A link that opens a calculator on given inputs (a query) goes to the
    // live page: the print edition's calculators show their defaults.
    const toPages = links.filter((h) => !h.startsWith("#") && !/^[a-z]+:/.test(h) && !h.includes("?"));
    const calcs = [...edition.querySelectorAll("form[data-calc]")].map((f) => ({
      inputs: [...f.querySelectorAll("input[type=text]")].every((i) => i.value !== ""),
      figures: [...f.querySelectorAll("[data-out]")].filter((o) => o.textContent.trim()).length,
      assumptions: f.querySelector("details.calc-assumptions")?.open,
    }));
    return { sections: edition.querySelectorAll("section.print-page").length, dupes, dangling, toPages, calcs,
      first: edition.querySelector("section.print-page h2").textContent, external: links.filter((h) => h.startsWith("http")).length };
  });
  assert.equal(report.sections, pages, "every page of the sitemap");
  assert.deepEqual(report.dupes, [], "ids stay unique");
  assert.deepEqual(report.dangling, [], "every internal link has its target");
  assert.deepEqual(report.toPages, [], "links to pages of the guide point inside the print page");
  assert.ok(report.calcs.length >= 4, JSON.stringify(report.calcs));
  for (const c of report.calcs) assert.ok(c.inputs && c.figures > 0 && c.assumptions, JSON.stringify(c));
  assert.ok(report.external > 0, "links to sources stay");
  // Printed: a page break before each page, URLs after external links, no chrome.
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const section = document.querySelectorAll("section.print-page")[1];
    const ext = document.querySelector(".print-edition a[href^='http']");
    return { breakBefore: getComputedStyle(section).breakBefore, after: getComputedStyle(ext, "::after").content, href: ext.href,
      header: getComputedStyle(document.querySelector(".site-header")).display };
  });
  assert.equal(printed.breakBefore, "page");
  assert.ok(printed.after.includes(printed.href.replace(/\/$/, "")), JSON.stringify(printed));
  assert.equal(printed.header, "none");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the print edition on A4 paper: links that leave it print their absolute address, and nothing is wider than the page", async () => {
  // A4 is 210 mm wide; less the stylesheet's 15 mm @page margins, 180 mm = 680 CSS px.
  const ctx = await launch({ device: { viewport: { width: 680, height: 1000 }, deviceScaleFactor: 1 } });
  const page = await ctx.newPage();
  await page.goto(guide.url + "print/index.html", { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const after = (a) => getComputedStyle(a, "::after");
    const calc = document.querySelector(".print-edition a[href*='operations/cost/index.html?cost.']");
    const source = document.querySelector(".print-edition a[href^='https://']");
    const inside = [...document.querySelectorAll(".print-edition a[href^='#']")];
    const width = document.documentElement.clientWidth;
    // Everything rendered (not in a closed <details>, not hidden) ends within the page's width.
    const over = [...document.querySelectorAll("body *")]
      .filter((el) => el.checkVisibility() && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > width + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} in #${el.closest("[id]")?.id}: ${Math.round(el.getBoundingClientRect().right)} px`);
    return {
      width, scroll: document.documentElement.scrollWidth, over: over.slice(0, 10),
      calc: { href: calc.getAttribute("href"), content: after(calc).content, color: after(calc).color, size: after(calc).fontSize,
        fontSize: getComputedStyle(calc).fontSize, visible: calc.checkVisibility(), wordBreak: after(calc).wordBreak },
      source: { href: source.href, content: after(source).content },
      insidePrinted: inside.filter((a) => after(a).content !== "none").map((a) => a.getAttribute("href")).slice(0, 5),
      // The contents' numbers ("12.") sit inside their line, not hanging off the page's left edge.
      contents: getComputedStyle(document.querySelector(".print-contents ol")).listStylePosition,
      contentsLeft: Math.min(...[...document.querySelectorAll(".print-contents li")].map((li) => li.getBoundingClientRect().left)),
    };
  });
  const query = printed.calc.href.split("?")[1];
  assert.equal(printed.calc.content, `" (https://regionwise.example/operations/cost/?${query.replaceAll("&amp;", "&")})"`, JSON.stringify(printed.calc));
  assert.ok(printed.calc.visible, "the calculator link is shown");
  assert.notEqual(printed.calc.color, "rgba(0, 0, 0, 0)");
  assert.ok(parseFloat(printed.calc.size) < parseFloat(printed.calc.fontSize), "the address is smaller than the text");
  assert.equal(printed.calc.wordBreak, "break-all", "a long address wraps anywhere");
  assert.equal(printed.source.content, `" (${printed.source.href})"`);
  assert.deepEqual(printed.insidePrinted, [], "links inside the edition print no address");
  assert.equal(printed.contents, "inside");
  assert.ok(printed.contentsLeft >= 0, `contents from ${printed.contentsLeft} px`);
  assert.deepEqual(printed.over, [], `nothing wider than ${printed.width} px`);
  assert.equal(printed.scroll, printed.width);
  // Chromium prints it to an A4 PDF headless: 595 × 842 pt pages.
  const pdf = (await page.pdf({ format: "A4", preferCSSPageSize: true })).toString("latin1");
  assert.match(pdf, /\/MediaBox \[0 0 59[56]\.\d+ 84[12]\.\d+\]/);
  assert.ok((pdf.match(/\/Type \/Page\b/g) || []).length > 20, "one page or more per page of the guide");
  await ctx.close();
});

test("an ordinary page printed (Ctrl+P): links that leave it print their absolute address; in-page anchors and the chrome print none", async () => {
  const ctx = await launch({ device: { viewport: { width: 680, height: 1000 }, deviceScaleFactor: 1 } });
  const page = await ctx.newPage();
  await page.goto(guide.url + "decisions/b2b-saas-contract/index.html", { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const after = (a) => getComputedStyle(a, "::after").content;
    const one = (sel) => { const a = document.querySelector(sel); return { href: a.getAttribute("href"), content: after(a), visible: a.checkVisibility() }; };
    const printing = (links) => links.filter((a) => a.checkVisibility() && after(a) !== "none").map((a) => a.getAttribute("href"));
    return {
      calc: one(".page-body a[href*='operations/cost/index.html?cost.']"),
      page: one(".page-body a[href$='/index.html']:not(.term-link)"),
      term: one(".page-body a.term-link"),
      source: one(".page-body a[href^='https://']"),
      anchor: one(".page-body a[href='#sla-risk']"),
      anchorsPrinting: printing([...document.querySelectorAll("a[href^='#']")]),
      chromePrinting: printing([...document.querySelectorAll(".site-header a, .sidebar a, .breadcrumb a, .toc a, .prev-next a, .site-footer a")]),
      chromeShown: [...document.querySelectorAll(".site-header, .sidebar, .toc, .prev-next, .site-footer, .skip-link")].filter((el) => el.checkVisibility()).map((el) => el.className),
    };
  });
  const site = "https://regionwise.example/";
  // `../../operations/cost/index.html?cost.compute=…#calculator` → its permalink with the query.
  const absolute = (href) => site + href.replace(/^(\.\.\/)+/, "").replace("index.html", "").replaceAll("&amp;", "&");
  assert.equal(printed.calc.content, `" (${absolute(printed.calc.href)})"`, JSON.stringify(printed.calc));
  assert.match(printed.calc.content, /^" \(https:\/\/regionwise\.example\/operations\/cost\/\?cost\.[^ ]+#calculator\)"$/);
  assert.ok(printed.calc.visible, "the calculator link is shown");
  assert.equal(printed.page.content, `" (${absolute(printed.page.href)})"`, JSON.stringify(printed.page));
  assert.equal(printed.term.content, `" (${absolute(printed.term.href)})"`, JSON.stringify(printed.term));
  assert.equal(printed.source.content, `" (${printed.source.href})"`);
  assert.ok(printed.anchor.visible, "the in-page link is shown");
  assert.equal(printed.anchor.content, "none", "an in-page anchor prints no address");
  assert.deepEqual(printed.anchorsPrinting, [], "no in-page anchor prints an address");
  assert.deepEqual(printed.chromePrinting, [], "the chrome prints no address");
  assert.deepEqual(printed.chromeShown, [], "the chrome is not printed");
  await ctx.close();
});

test("the 404 page has the whole layout and works under a subpath, also as `serve` answers it", async () => {
  const fixture = buildSite(join(repo, "tests/fixtures/basic"));
  const sub = await serve(fixture, { prefix: "/guide/" });
  try {
    for (const device of ["phone", "desktop"]) {
      const ctx = await launch({ device: DEVICES[device] });
      const page = await ctx.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      const response = await page.goto(sub.url + "no/such/page/");
      assert.equal(response.status(), 404);
      assert.equal(await page.textContent("h1"), "Page not found");
      // The stylesheet loaded (the header is a flex bar), every link stays under /guide/.
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display), "flex");
      const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")).filter((h) => !h.startsWith("#")));
      for (const h of hrefs) assert.ok(h.startsWith("/guide/") || /^https?:/.test(h), h);
      // Search works from there and its results lead inside the site.
      if (device === "phone") await page.tap("[data-search-toggle]");
      await page.focus("#search-input");
      await page.keyboard.type("strikethrough");
      await page.waitForSelector("#search-results [role=option]");
      const result = await page.$eval("#search-results [role=option]", (el) => el.getAttribute("href") || el.querySelector("a")?.getAttribute("href") || "");
      assert.ok(result === "" || result.startsWith("/guide/"), result);
      // The sidebar (a drawer on the phone) lists the sections.
      if (device === "phone") await page.tap("[data-menu-toggle]");
      assert.equal(await page.isVisible("#site-nav a[href='/guide/guide/index.html']"), true);
      assert.deepEqual(await axe(page, device === "phone" ? { disable: ["landmark-one-main", "page-has-heading-one"] } : {}), []);
      assert.deepEqual(errors, []);
      await ctx.close();
    }
  } finally {
    await sub.close();
  }
  const root = mkdtempSync(join(tmpdir(), "rw-404-"));
  cpSync(join(repo, "tests/fixtures/basic"), root, { recursive: true });
  const dev = await startServe(root);
  try {
    const ctx = await launch();
    const page = await ctx.newPage();
    const response = await page.goto(dev.url + "missing/page/");
    assert.equal(response.status(), 404);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display), "flex");
    assert.equal(await page.isVisible("#site-nav a[href='/guide/index.html']"), true);
    await ctx.close();
  } finally {
    await dev.stop();
  }
});

test("glossary: terms have their own anchors; a first mention shows the definition on hover and focus, with no layout shift", async () => {
  for (const device of ["desktop", "phone"]) {
    for (const colorScheme of ["light", "dark"]) {
      const { ctx, page, errors } = await visit("operations/cost/index.html", { device, colorScheme });
      const term = page.locator(".page-body .term").first();
      const link = term.locator(".term-link");
      const href = await link.getAttribute("href");
      assert.match(href, /reference\/glossary\/index\.html#[a-z-]+$/);
      const tip = term.locator(".term-tip");
      assert.equal(await tip.isHidden(), true, "hidden until asked for");
      assert.equal(await page.$$eval(".page-body .term-link", (as) => new Set(as.map((a) => a.getAttribute("href"))).size
        === as.length), true, "each term once per page");
      const before = await page.evaluate(() => [...document.querySelectorAll(".page-body > *")].slice(0, 12).map((e) => e.getBoundingClientRect().top));
      if (device === "desktop") await link.hover();
      else await link.focus();
      await tip.waitFor({ state: "visible" });
      assert.equal(await tip.getAttribute("role"), "tooltip");
      assert.equal(await link.getAttribute("aria-describedby"), await tip.getAttribute("id"));
      assert.match(await tip.textContent(), /: \S/);
      const after = await page.evaluate(() => [...document.querySelectorAll(".page-body > *")].slice(0, 12).map((e) => e.getBoundingClientRect().top));
      assert.deepEqual(after, before, "no layout shift");
      const box = await tip.boundingBox();
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      assert.ok(box.x >= 0 && box.x + box.width <= width, `the tooltip fits the window: ${JSON.stringify(box)}`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
      assert.deepEqual(await axe(page), [], `tooltip shown (${device}, ${colorScheme})`);
      await page.keyboard.press("Escape");
      await tip.waitFor({ state: "hidden" });
      assert.deepEqual(errors, []);
      await ctx.close();
    }
  }
  // The glossary page: every term is a <dfn> with an id a link can target.
  const { ctx, page } = await visit("reference/glossary/index.html#split-brain");
  const terms = await page.$$eval("dfn", (ds) => ds.map((d) => [d.id, d.textContent]));
  assert.ok(terms.length >= 40 && terms.every(([id]) => id), `${terms.length} terms with ids`);
  const top = await page.evaluate(() => document.getElementById("split-brain").getBoundingClientRect().top);
  assert.ok(top >= await chromeBottom(page), `#split-brain lands below the header: ${top}`);
  await ctx.close();
});
