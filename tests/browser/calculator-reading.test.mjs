// The calculators as a reader uses them, on a phone (390×844, touch) and a
// desktop (1440×900), light and dark, on the bundled guide: nothing scrolls
// sideways and no chart is clipped or shrunk to illegible text (measured
// from element boxes), typed text with units, presets, the headline beside
// the inputs or following a phone reader, compare mode, copying a link and
// landing on it, and the decision table's row the recommender picked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildSite, serve, launch, open, axe, calc, field, parseCsv, DEVICES } from "./harness.mjs";

let site, server;
const contexts = new Map();

before(async () => {
  site = buildSite();
  server = await serve(site);
});
after(async () => {
  for (const ctx of contexts.values()) await ctx.close();
  await server?.close();
  if (site) rmSync(dirname(site), { recursive: true, force: true });
});

/** One browser per device and theme, opened on first use. */
async function browser(device, colorScheme = "light", extra = {}) {
  const key = `${device}-${colorScheme}-${JSON.stringify(extra)}`;
  if (!contexts.has(key)) contexts.set(key, await launch({ colorScheme, device: { ...DEVICES[device], ...extra } }));
  return contexts.get(key);
}

/** The guide's pages that hold a calculator or a chart. */
function pagesWithCalculators() {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      // The print edition shows calculators as their pre-rendered figures,
      // never live; layout.test.mjs checks its layout.
      if (statSync(path).isDirectory()) { if (relative(site, path) !== "print") walk(path); }
      else if (name === "index.html" && /data-calc="|class="chart/.test(readFileSync(path, "utf8"))) found.push(relative(site, path));
    }
  };
  walk(site);
  return found.sort();
}

/** Opens a page and waits until its calculators are live (if it has any). */
async function live(ctx, path) {
  const opened = await open(ctx, server.url + path);
  if (await opened.page.locator("form[data-calc]").count()) {
    await opened.page.waitForFunction(() => [...document.querySelectorAll("form[data-calc]")].every((f) => f.hasAttribute("data-calc-live")));
  }
  return opened;
}

/**
 * Every visible chart: its box inside the page's width and its figure's, its
 * texts inside the drawing (nothing cut off by the viewBox), and their
 * rendered size in CSS px.
 */
const chartBoxes = (page) => page.evaluate(() => [...document.querySelectorAll(".chart svg")]
  .filter((svg) => svg.getClientRects().length && svg.getBoundingClientRect().width > 0)
  .map((svg) => {
    const box = svg.getBoundingClientRect();
    const fig = svg.closest("figure").getBoundingClientRect();
    const [, , vbWidth] = svg.getAttribute("viewBox").split(" ").map(Number);
    const texts = [...svg.querySelectorAll("text")].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom, px: Number(t.getAttribute("font-size")) * box.width / vbWidth };
    });
    return { id: svg.id || svg.getAttribute("aria-labelledby"), box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width }, fig: { left: fig.left, right: fig.right }, texts };
  }));

for (const device of ["phone", "desktop"]) {
  for (const scheme of ["light", "dark"]) {
    test(`${device}, ${scheme}: calculator and chart pages do not scroll sideways, charts are whole and legible, axe finds nothing`, async () => {
      const ctx = await browser(device, scheme);
      const width = DEVICES[device].viewport.width;
      const pages = pagesWithCalculators();
      assert.ok(pages.length >= 4, pages.join(", "));
      for (const path of pages) {
        const { page, errors } = await live(ctx, path);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= width, `${path}: ${scrollWidth} px wide at ${width}`);
        for (const chart of await chartBoxes(page)) {
          const what = `${path} ${chart.id}`;
          assert.ok(chart.box.left >= -0.5 && chart.box.right <= width + 0.5, `${what}: chart at ${chart.box.left}–${chart.box.right}`);
          assert.ok(chart.box.right <= chart.fig.right + 0.5, `${what}: wider than its figure`);
          for (const t of chart.texts) {
            assert.ok(t.left >= chart.box.left - 1 && t.right <= chart.box.right + 1, `${what}: "${t.text}" is cut off (${t.left}–${t.right} in ${chart.box.left}–${chart.box.right})`);
            assert.ok(t.px >= 12.5, `${what}: "${t.text}" is ${t.px.toFixed(1)} px`);
          }
        }
        // No stale figures: a chart outside a calculator says what it was drawn for.
        const unlabelled = await page.locator(".chart:not(.calc-chart)").evaluateAll((figs) => figs
          .filter((f) => !f.querySelector("figcaption .chart-fixed")?.textContent.includes("fixed inputs")).map((f) => f.dataset.chart));
        assert.deepEqual(unlabelled, [], `${path}: static charts without their fixed inputs`);
        assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), [], path);
        assert.deepEqual(await axe(page), [], `${path} (${device}, ${scheme})`);
        await page.close();
      }
    });
  }
}

/** A tap on a phone, a click on a desktop. */
const press = (device, locator) => (device === "phone" ? locator.tap() : locator.click());

/** The text a control holds, as the form sends it. */
const formInputs = (form) => form.evaluate((f) => Object.fromEntries([...f.querySelectorAll("input[name], select[name]")]
  .map((c) => [c.name, c.type === "checkbox" ? String(c.checked) : c.value])));

/** Runs the page's own wasm (what the form's figures must equal). */
const pageRun = (page, model, inputs) => page.evaluate(async ([model, inputs]) => {
  const { root = "", calcBindings, calcWasm } = document.body.dataset;
  const at = (p) => new URL(root + p, document.baseURI).href;
  const wasm = await import(at(calcBindings));
  await wasm.default({ module_or_path: at(calcWasm) });
  return JSON.parse(wasm.run(model, JSON.stringify(inputs)));
}, [model, inputs]);

test("no sideways scroll at 320 to 430 px on any page with a calculator or chart", async () => {
  for (const width of [320, 360, 430]) {
    const ctx = await browser("phone", "light", { viewport: { width, height: 800 } });
    for (const path of pagesWithCalculators()) {
      const { page } = await live(ctx, path);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${path}: ${scrollWidth} px wide at ${width}`);
      for (const chart of await chartBoxes(page)) {
        assert.ok(chart.box.left >= -0.5 && chart.box.right <= width + 0.5, `${path} ${chart.id} at ${width}: ${chart.box.left}–${chart.box.right}`);
      }
      // The headline bar and the actions fit too.
      const wide = await page.locator(".calc-headline, .calc-actions").evaluateAll((els, w) => els
        .filter((el) => el.getBoundingClientRect().right > w + 0.5).map((el) => el.className), width);
      assert.deepEqual(wide, [], `${path} at ${width}`);
      await page.close();
    }
  }
});

test("on a phone (320–430 px) the headline bar is one line: shorter labels from the model, the full ones for screen readers", async () => {
  const pages = pagesWithCalculators().filter((p) => readFileSync(join(site, p), "utf8").includes("data-calc-headline"));
  for (const width of [320, 360, 390, 414, 430]) {
    const ctx = await browser("phone", "light", { viewport: { width, height: 800 } });
    for (const path of pages) {
      const { page } = await live(ctx, path);
      const bars = await page.evaluate(async () => {
        const out = [];
        for (const form of document.querySelectorAll("form[data-calc]")) {
          // Into the inputs: the bar is stuck to the bottom of the screen.
          scrollTo(0, form.getBoundingClientRect().top + scrollY + 200);
          await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
          const bar = form.querySelector(".calc-headline");
          const figures = [...bar.querySelectorAll("dl > div")];
          out.push({
            model: form.dataset.calc, figures: figures.length, height: bar.getBoundingClientRect().height,
            rows: new Set(figures.map((f) => Math.round(f.getBoundingClientRect().top))).size,
            captionLines: Math.round(bar.querySelector(".calc-headline-caption").getBoundingClientRect().height / parseFloat(getComputedStyle(bar.querySelector(".calc-headline-caption")).lineHeight)),
            overflow: bar.scrollWidth > bar.clientWidth,
            narrow: [...bar.querySelectorAll(".calc-label-narrow")].map((n) => [n.textContent, getComputedStyle(n).display]),
          });
        }
        return out;
      });
      for (const b of bars) {
        const where = `${path} ${b.model} at ${width} px: ${JSON.stringify(b)}`;
        assert.ok(!b.overflow, where);
        // Four money figures (the break-evens) need 390 px at a size worth reading; below, two rows.
        assert.equal(b.rows, b.figures === 4 && width < 390 ? 2 : 1, where);
        assert.equal(b.captionLines, 1, where);
        if (b.rows === 1) assert.ok(b.height <= 80, where);
        for (const [, display] of b.narrow) assert.equal(display, "inline", where);
      }
      // Screen readers hear the model's full labels, not the short ones.
      const cost = page.locator('form[data-calc="cost"] .calc-headline dl');
      if (await cost.count()) {
        const tree = await cost.ariaSnapshot();
        assert.match(tree, /Single region/, tree);
        assert.doesNotMatch(tree, /Single(?! region)/, tree);
      }
      await page.close();
    }
  }
  // Beside the inputs on a wide screen, the full labels show.
  const { page } = await live(await browser("desktop"), "operations/cost/index.html");
  assert.deepEqual(await page.locator(".calc-label-narrow").evaluateAll((ns) => [...new Set(ns.map((n) => getComputedStyle(n).display))]), ["none"]);
  assert.equal(await page.locator('form[data-calc="cost"] .calc-label-wide').first().isVisible(), true);
  await page.close();
});

for (const device of ["phone", "desktop"]) {
  for (const scheme of ["light", "dark"]) {
    test(`${device}, ${scheme}: typed text with units and messages in the page's words, presets, the headline set apart, the RTO as a timeline, its live chart`, async () => {
      const ctx = await browser(device, scheme);
      const { page } = await live(ctx, "operations/rpo-and-rto/index.html");
      const rto = page.locator('form[data-calc="rto"]');
      const chart = () => rto.locator("[data-chart-svg] svg:visible").innerHTML();
      const before = await chart();
      const decision = rto.locator('[name="decision_s"]');
      await press(device, decision);
      await decision.fill("");
      await page.keyboard.type("5 min");
      await decision.blur();
      assert.equal(await decision.inputValue(), "5 min");
      assert.equal(calc("rto", { decision_s: "5 min" }).steps.decision_s, 300, "the CLI reads the same text");
      assert.equal(await rto.locator('.calc-timeline [data-out="steps.decision_s"]').textContent(), "5 min");
      assert.ok(await rto.locator(".calc-timeline li").count() >= 5, "the steps are a list in order");
      assert.equal(await rto.locator('.calc-headline [data-out="rto_s"]').textContent(),
        await rto.locator('.calc-figures [data-out="rto_s"]').textContent(), "the headline is the model's RTO");
      assert.notEqual(await chart(), before, "the chart beside the calculator is its live chart");

      // Shares and sizes as typed; a bad value is named by its label, its limits as the page writes them.
      const share = rto.locator('[name="ttl_ignoring_share"]');
      await share.fill("150 %");
      const message = await rto.locator('[data-error-for="ttl_ignoring_share"]').textContent();
      assert.ok(message.startsWith(`${field("rto", "ttl_ignoring_share").label} must be between 0 % and 100 %`), message);
      assert.doesNotMatch(message, /ttl_ignoring_share/);
      assert.equal(await rto.getAttribute("data-stale"), "");
      await share.fill("10 %");
      assert.equal(await rto.getAttribute("data-stale"), null);

      if (device === "phone") {
        // Working through the inputs, the headline stays on screen at the bottom, compact.
        await rto.locator('[name="health_check_interval_s"]').scrollIntoViewIfNeeded();
        const bar = await rto.locator(".calc-headline").boundingBox();
        const height = DEVICES.phone.viewport.height;
        assert.ok(bar && bar.y + bar.height <= height + 1 && bar.y + bar.height >= height - 2, `headline at ${JSON.stringify(bar)}`);
        assert.ok(bar.height <= 90, `the summary is a compact bar (${bar.height} px)`);
        // Tabbing through a form whose bar is tallest (four break-evens), no focused field hides behind it.
        const cost = await live(ctx, "operations/cost/index.html");
        const be = cost.page.locator('form[data-calc="breakeven"]');
        await be.locator(".calc-fields input").first().focus();
        for (let i = 0; i < await be.locator(".calc-fields input, .calc-fields select").count(); i++) {
          const hidden = await cost.page.evaluate(() => {
            const el = document.activeElement;
            const bar = el.closest("form").querySelector(".calc-headline").getBoundingClientRect();
            const box = el.getBoundingClientRect();
            return box.bottom > bar.top + 1 && box.top < bar.bottom ? `${el.name}: ${box.bottom} under the bar at ${bar.top}` : "";
          });
          assert.equal(hidden, "");
          await cost.page.keyboard.press("Tab");
        }
        await cost.page.close();
      } else {
        // Inputs left, results right, and the results stay in view while the inputs scroll.
        const fields = await rto.locator(".calc-fields").boundingBox();
        const side = await rto.locator(".calc-side").boundingBox();
        assert.ok(side.x > fields.x + fields.width - 1, "the results are to the right of the inputs");
        const count = await rto.locator(".calc-fields input").count();
        await rto.locator(".calc-fields input").nth(count - 1).scrollIntoViewIfNeeded();
        const headline = await rto.locator(".calc-headline").boundingBox();
        assert.ok(headline.y >= 0 && headline.y + headline.height <= DEVICES.desktop.viewport.height, `the headline stays in view (${headline.y})`);
        const size = (sel) => rto.locator(sel).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        const big = await size('.calc-headline [data-out="rto_s"]');
        const body = await size('.calc-figures [data-out="rto_s"]');
        assert.ok(big >= body * 1.3, `the headline figure is set apart (${big} px against ${body} px)`);
      }

      // A preset sets the inputs it decides, as the CLI's --preset does.
      await rto.locator("[data-calc-preset]").selectOption("pilot-light");
      const pilot = await pageRun(page, "rto", { preset: "pilot-light" });
      assert.equal(await rto.locator('.calc-headline [data-out="rto_s"]').textContent(), pilot.text.rto_s);
      assert.equal(await rto.locator('[name="scale_up_s"]').inputValue(), pilot.inputs.scale_up_s);
      assert.equal(pilot.output.rto_s, calc("rto", { preset: "pilot-light" }).rto_s);
      await decision.fill("20 min");
      assert.equal(await rto.locator("[data-calc-preset]").inputValue(), "", "an edited preset is the reader's own inputs");
      assert.deepEqual(await axe(page), [], `${device}, ${scheme}: after editing`);
      await page.close();
    });

    test(`${device}, ${scheme}: compare (a pinned baseline, differences on every figure, kept in the link) and CSV as the page shows it`, async () => {
      const ctx = await browser(device, scheme);
      const { page } = await live(ctx, "operations/cost/index.html");
      const form = page.locator('form[data-calc="cost"]');
      const pin = form.locator("[data-calc-pin]");
      await press(device, pin);
      assert.equal(await pin.getAttribute("aria-pressed"), "true");
      assert.equal(await pin.textContent(), "Unpin baseline");
      await form.locator('[name="regions"]').fill("3");
      const ap = form.locator('.calc-headline [data-out="active_passive.total"]');
      const now = calc("cost", await formInputs(form)).active_passive.total;
      const then = calc("cost", {}).active_passive.total;
      assert.equal(await ap.getAttribute("data-delta"), `+$${(now - then).toLocaleString("en-US")}`);
      assert.equal(await form.locator('.calc-headline [data-out="single_region.total"]').getAttribute("data-delta"), "±0");
      const missing = await form.locator(".calc-table [data-out]").evaluateAll((els) => els.filter((el) => !el.dataset.delta).map((el) => el.dataset.out));
      assert.deepEqual(missing, [], "every figure of the table has its difference");
      assert.match(await ap.evaluate((el) => getComputedStyle(el, "::after").content), /\+\$/, "the difference is shown");
      assert.match(await form.locator(".calc-headline dl").ariaSnapshot(), /definition: \$[\d,]+, \+\$[\d,]+ from the baseline/, "and heard");
      assert.deepEqual(await axe(page), [], `${device}, ${scheme}: pinned`);

      // CSV: the table as the page shows it (patterns as columns, lines as rows).
      const shown = await form.locator(".calc-table").evaluate((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.trim())));
      const [csv] = await Promise.all([page.waitForEvent("download"), press(device, form.locator('[data-calc-export="csv"]'))]);
      const rows = parseCsv(readFileSync(await csv.path(), "utf8"));
      assert.deepEqual(rows.slice(0, shown.length), shown);
      assert.equal(rows[0][0], "Line");

      // The link carries the baseline: opened, it is pinned with the same differences.
      await page.waitForFunction(() => location.search.includes("cost.baseline=1") && location.search.includes("cost.regions=3"));
      const link = await form.locator("[data-calc-share]").getAttribute("href");
      const again = await live(ctx, link.slice(server.url.length));
      const form2 = again.page.locator('form[data-calc="cost"]');
      assert.equal(await form2.locator("[data-calc-pin]").getAttribute("aria-pressed"), "true");
      assert.equal(await form2.locator('.calc-headline [data-out="active_passive.total"]').getAttribute("data-delta"), await ap.getAttribute("data-delta"));
      await again.page.close();
      // A link whose baseline is out of range says so instead of showing no differences.
      const bad = await live(ctx, "operations/cost/index.html?cost.regions=3&cost.baseline=1&cost.baseline.regions=99");
      const status = await bad.page.locator('form[data-calc="cost"] [data-calc-status]').textContent();
      assert.match(status, new RegExp(`pinned baseline cannot be compared: ${field("cost", "regions").label} must be`));
      await bad.page.close();
      await press(device, pin);
      assert.equal(await ap.getAttribute("data-delta"), null, "unpinned: no differences");
      await page.close();
    });

    test(`${device}, ${scheme}: 'Link to these numbers' copies with a visible 'Copied' (or offers the link selected), and the link lands with the title in view`, async () => {
      const ctx = await browser(device, scheme, { permissions: ["clipboard-read", "clipboard-write"] });
      const { page } = await live(ctx, "operations/cost/index.html");
      const form = page.locator('form[data-calc="cost"]');
      await form.locator('[name="regions"]').fill("  4 ");
      await form.locator('[name="regions"]').blur();
      const share = form.locator("[data-calc-share]");
      await page.waitForFunction(() => /[?&]cost\.regions=4(&|#)/.test(document.querySelector('form[data-calc="cost"] [data-calc-share]').href));
      const href = await share.getAttribute("href");
      assert.doesNotMatch(href, /cost\.regions=\+|%20/, "spaces are trimmed");
      await press(device, share);
      const note = form.locator("[data-calc-note]");
      // The clipboard answers asynchronously: wait for the note, then check it.
      await form.locator('[data-calc-note]:text-is("Copied")').waitFor({ timeout: 3000 });
      assert.ok(await note.isVisible());
      assert.equal(await note.getAttribute("role"), "status");
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), href);
      await page.close();

      // No clipboard (an insecure origin, an old browser): the link, selected, to copy by hand.
      const bare = await ctx.newPage();
      await bare.addInitScript(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
      await bare.goto(server.url + "operations/cost/index.html");
      await bare.waitForSelector('form[data-calc="cost"][data-calc-live]');
      const f = bare.locator('form[data-calc="cost"]');
      await press(device, f.locator("[data-calc-share]"));
      const box = f.locator(".calc-share-fallback");
      assert.equal(await box.inputValue(), await f.locator("[data-calc-share]").getAttribute("href"));
      assert.ok(await box.evaluate((el) => document.activeElement === el && el.selectionEnd - el.selectionStart === el.value.length));
      assert.match(await f.locator("[data-calc-note]").textContent(), /Copy the selected link/);
      await bare.close();

      // Opened, the link lands on its calculator, the title below the sticky header.
      const landing = await live(ctx, href.slice(server.url.length));
      const p = landing.page;
      const id = new URL(href).hash.slice(1);
      await p.waitForTimeout(100);
      const title = await p.locator(`#${id} .calc-title`).boundingBox();
      const header = await p.locator(".site-header").boundingBox();
      const covered = Math.max(0, header.y + header.height);
      assert.ok(title.y >= covered - 1, `the title (${title.y}) is under the header (${covered})`);
      assert.ok(title.y + title.height <= DEVICES[device].viewport.height, "the title is on screen");
      assert.equal(await p.locator(`#${id} [name="regions"]`).inputValue(), "4");
      assert.equal(await p.locator(`#${id} [name="regions"]`).getAttribute("data-from-link"), "", "inputs from the link are marked");
      await p.close();
    });

    test(`${device}, ${scheme}: the decision table's row the recommender lands on is highlighted and announced as the inputs change`, async () => {
      const ctx = await browser(device, scheme);
      const { page } = await live(ctx, "index.html");
      const form = page.locator('form[data-calc="recommend"]');
      const current = () => page.locator('[data-decision-table] tr[data-row][aria-current="true"]').evaluateAll((rows) => rows.map((r) => r.dataset.row));
      const say = page.locator("[data-decision-match]");
      const sentence = async (row) => {
        const number = (await page.locator(`tr[data-row="${row}"] > :first-child`).textContent()).trim();
        return new RegExp(`^Row ${number} fits the recommender's current inputs: start with `);
      };
      const first = calc("recommend", await formInputs(form)).row;
      assert.deepEqual(await current(), [first]);
      assert.equal(await say.getAttribute("role"), "status");
      assert.match(await say.textContent(), await sentence(first));
      await form.locator('[name="residency"]').selectOption("several-jurisdictions");
      const second = calc("recommend", await formInputs(form)).row;
      assert.notEqual(second, first);
      assert.deepEqual(await current(), [second], "the highlight follows the inputs");
      assert.match(await say.textContent(), await sentence(second), "and the status line says so");
      // The highlight is painted (not only an attribute) and keeps its contrast.
      const marked = await page.locator(`tr[data-row="${second}"] > :first-child`).evaluate((el) => getComputedStyle(el).boxShadow);
      assert.notEqual(marked, "none");
      assert.deepEqual(await axe(page), [], `${device}, ${scheme}: a row highlighted`);
      await page.close();
    });
  }
}
