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
import { buildSite, serve, launch, open, axe, calc, DEVICES } from "./harness.mjs";

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
      if (statSync(path).isDirectory()) walk(path);
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
        assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), [], path);
        assert.deepEqual(await axe(page), [], `${path} (${device}, ${scheme})`);
        await page.close();
      }
    });
  }
}

test("phone: typed text with units, the headline follows the reader, presets fill the form", async () => {
  const ctx = await browser("phone");
  const { page } = await live(ctx, "operations/rpo-and-rto/index.html");
  const rto = page.locator('form[data-calc="rto"]');
  const decision = rto.locator('[name="decision_s"]');
  await decision.tap();
  await decision.fill("");
  await page.keyboard.type("5 min");
  await decision.blur();
  assert.equal(await decision.inputValue(), "5 min");
  assert.equal(calc("rto", { decision_s: "5 min" }).steps.decision_s, 300, "the CLI reads the same text");
  assert.equal(await rto.locator('.calc-timeline [data-out="steps.decision_s"]').textContent(), "5 min");
  assert.equal(await rto.locator('.calc-headline [data-out="rto_s"]').textContent(),
    await rto.locator('.calc-figures [data-out="rto_s"]').textContent(), "the headline is the model's RTO");
  // Working through the inputs, the headline stays on screen at the bottom.
  await rto.locator('[name="health_check_interval_s"]').scrollIntoViewIfNeeded();
  const bar = await rto.locator(".calc-headline").boundingBox();
  const height = DEVICES.phone.viewport.height;
  assert.ok(bar && bar.y + bar.height <= height + 1 && bar.y + bar.height >= height - 2, `headline at ${JSON.stringify(bar)}`);
  assert.ok(bar.height <= 90, `the summary is a compact bar (${bar.height} px)`);
  // A preset sets the inputs it decides, as the CLI's --preset does.
  await rto.locator("[data-calc-preset]").selectOption("pilot-light");
  const pilot = calc("rto", { preset: "pilot-light" });
  const shown = await rto.locator('.calc-headline [data-out="rto_s"]').textContent();
  const texts = JSON.parse(await page.evaluate(async () => {
    const { root = "", calcBindings, calcWasm } = document.body.dataset;
    const at = (p) => new URL(root + p, document.baseURI).href;
    const wasm = await import(at(calcBindings));
    await wasm.default({ module_or_path: at(calcWasm) });
    return wasm.run("rto", JSON.stringify({ preset: "pilot-light" }));
  }));
  assert.equal(shown, texts.text.rto_s);
  assert.equal(await rto.locator('[name="scale_up_s"]').inputValue(), texts.inputs.scale_up_s);
  assert.equal(texts.output.rto_s, pilot.rto_s);
  await decision.fill("20 min");
  assert.equal(await rto.locator("[data-calc-preset]").inputValue(), "", "an edited preset is the reader's own inputs");
  await page.close();
});

test("desktop: results beside the inputs, sticky while the inputs scroll", async () => {
  const ctx = await browser("desktop");
  const { page } = await live(ctx, "operations/cost/index.html");
  const form = page.locator('form[data-calc="cost"]');
  const fields = await form.locator(".calc-fields").boundingBox();
  const side = await form.locator(".calc-side").boundingBox();
  assert.ok(side.x > fields.x + fields.width - 1, "the results are to the right of the inputs");
  assert.ok(Math.abs(side.y - fields.y) < 200, "and level with them");
  // Halfway down the inputs, the results are still in view.
  const fieldCount = await form.locator(".calc-fields input").count();
  await form.locator(".calc-fields input").nth(Math.floor(fieldCount / 2)).scrollIntoViewIfNeeded();
  const headline = await form.locator(".calc-headline").boundingBox();
  assert.ok(headline.y >= 0 && headline.y < 200, `the headline stays in view (${headline.y})`);
  const size = await form.locator('.calc-headline [data-out="active_passive.total"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const body = await form.locator('.calc-table [data-out="active_passive.total"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= body * 1.5, `the headline figure is set apart (${size} px against ${body} px)`);
  await page.close();
});

test("compare: a pinned baseline gives every figure its difference, in the page and in the shared link", async () => {
  const ctx = await browser("desktop");
  const { page } = await live(ctx, "operations/cost/index.html");
  const form = page.locator('form[data-calc="cost"]');
  const pin = form.locator("[data-calc-pin]");
  await pin.click();
  assert.equal(await pin.getAttribute("aria-pressed"), "true");
  await form.locator('[name="regions"]').fill("3");
  const ap = form.locator('.calc-headline [data-out="active_passive.total"]');
  assert.match(await ap.getAttribute("data-delta"), /^\+\$[\d,]+$/);
  assert.equal(await form.locator('.calc-headline [data-out="single_region.total"]').getAttribute("data-delta"), "±0");
  // Every numeric figure of the results carries its difference.
  const missing = await form.locator(".calc-table [data-out]").evaluateAll((els) => els.filter((el) => !el.dataset.delta).map((el) => el.dataset.out));
  assert.deepEqual(missing, []);
  const shown = await ap.evaluate((el) => getComputedStyle(el, "::after").content);
  assert.match(shown, /\+\$/, "the difference is shown");
  await page.waitForFunction(() => location.search.includes("cost.baseline=1") && location.search.includes("cost.regions=3"));
  const link = await form.locator("[data-calc-share]").getAttribute("href");
  const again = await live(ctx, link.slice(link.indexOf(server.url) === 0 ? server.url.length : 0));
  const form2 = again.page.locator('form[data-calc="cost"]');
  assert.equal(await form2.locator("[data-calc-pin]").getAttribute("aria-pressed"), "true");
  assert.equal(await form2.locator('.calc-headline [data-out="active_passive.total"]').getAttribute("data-delta"), await ap.getAttribute("data-delta"));
  await again.page.close();
  await pin.click();
  assert.equal(await ap.getAttribute("data-delta"), null, "unpinned: no differences");
  await page.close();
});

test("sharing: 'Link to these numbers' copies with a visible 'Copied', or offers the link selected; the link lands with the title in view", async () => {
  const ctx = await browser("desktop", "light", { permissions: ["clipboard-read", "clipboard-write"] });
  const { page } = await live(ctx, "operations/cost/index.html");
  const form = page.locator('form[data-calc="cost"]');
  await form.locator('[name="regions"]').fill("  4 ");
  await form.locator('[name="regions"]').blur();
  const share = form.locator("[data-calc-share]");
  await page.waitForFunction(() => /[?&]cost\.regions=4(&|#)/.test(document.querySelector('form[data-calc="cost"] [data-calc-share]').href));
  const href = await share.getAttribute("href");
  assert.doesNotMatch(href, /cost\.regions=\+|%20/, "spaces are trimmed");
  await share.click();
  const note = form.locator("[data-calc-note]");
  // The clipboard answers asynchronously: wait for the note, then check it.
  await form.locator('[data-calc-note]:text-is("Copied")').waitFor({ timeout: 3000 });
  assert.ok(await note.isVisible());
  assert.equal(await note.getAttribute("role"), "status");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), href);
  await page.close();

  // No clipboard (an insecure origin, an old browser): the link, selected, to copy by hand.
  const plain = await browser("phone");
  const bare = await plain.newPage();
  await bare.addInitScript(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
  await bare.goto(server.url + "operations/cost/index.html");
  await bare.waitForSelector('form[data-calc="cost"][data-calc-live]');
  const f = bare.locator('form[data-calc="cost"]');
  await f.locator("[data-calc-share]").tap();
  const box = f.locator(".calc-share-fallback");
  assert.equal(await box.inputValue(), await f.locator("[data-calc-share]").getAttribute("href"));
  assert.ok(await box.evaluate((el) => document.activeElement === el && el.selectionEnd - el.selectionStart === el.value.length));
  assert.match(await f.locator("[data-calc-note]").textContent(), /Copy the selected link/);
  await bare.close();

  for (const device of ["phone", "desktop"]) {
    const landing = await live(await browser(device), href.slice(server.url.length));
    const p = landing.page;
    const id = new URL(href).hash.slice(1);
    const title = await p.locator(`#${id} .calc-title`).boundingBox();
    const header = await p.locator(".site-header").boundingBox();
    const covered = Math.max(0, header.y + header.height);
    assert.ok(title.y >= covered - 1, `${device}: the title (${title.y}) is under the header (${covered})`);
    assert.ok(title.y + title.height <= DEVICES[device].viewport.height, `${device}: the title is on screen`);
    assert.equal(await p.locator(`#${id} [name="regions"]`).inputValue(), "4");
    assert.equal(await p.locator(`#${id} [name="regions"]`).getAttribute("data-from-link"), "", "inputs from the link are marked");
    await p.close();
  }
});

test("decision table: the recommender's row is highlighted and announced, live as the inputs change", async () => {
  for (const device of ["phone", "desktop"]) {
    const ctx = await browser(device);
    const { page } = await live(ctx, "index.html");
    const form = page.locator('form[data-calc="recommend"]');
    const current = () => page.locator('[data-decision-table] tr[data-row][aria-current="true"]').evaluateAll((rows) => rows.map((r) => [r.dataset.row, r.getAttribute("aria-current")]));
    const inputs = await form.evaluate((f) => Object.fromEntries([...f.querySelectorAll("input[name], select[name]")].map((c) => [c.name, c.type === "checkbox" ? String(c.checked) : c.value])));
    const first = calc("recommend", inputs).row;
    assert.deepEqual(await current(), [[first, "true"]], device);
    const say = page.locator("[data-decision-match]");
    assert.equal(await say.getAttribute("role"), "status");
    const number = await page.locator(`tr[data-row="${first}"] > :first-child`).textContent();
    assert.match(await say.textContent(), new RegExp(`^Row ${number.trim()} fits the recommender's current inputs: start with `));
    const residency = form.locator('[name="regulated_residency"], [name="residency"]').first();
    if (await residency.evaluate((el) => el.type === "checkbox")) await residency.setChecked(true);
    else await residency.selectOption({ index: 1 });
    const inputs2 = await form.evaluate((f) => Object.fromEntries([...f.querySelectorAll("input[name], select[name]")].map((c) => [c.name, c.type === "checkbox" ? String(c.checked) : c.value])));
    const second = calc("recommend", inputs2).row;
    assert.notEqual(second, first);
    assert.deepEqual(await current(), [[second, "true"]], `${device}: the highlight follows the inputs`);
    await page.close();
  }
});
