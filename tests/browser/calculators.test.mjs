// The in-page calculators in a real browser: each one, live on wasm, shows
// what `regionwise calc MODEL --json` computes for the same inputs; bad input
// is reported next to its field (never NaN); a shared link restores the
// inputs; the chart the wasm draws is byte-identical to the build-time one;
// with JavaScript off the pre-rendered figures are there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repo, buildCalculators, buildSite, serve, launch, open, axe, calc as calcIn, wasmCall, models, parseCsv, field as fieldDef } from "./harness.mjs";

const fixture = join(repo, "tests/fixtures/calculators");
/**
 * `regionwise calc` in the fixture site, so it starts from the defaults its
 * pages start from (its `[calculator.cost] compute` reaches the recommender's
 * break-even, which the form sends in its fixed inputs).
 */
const calc = (model, inputs) => calcIn(model, inputs, { root: fixture });
calc.error = (model, inputs) => calcIn.error(model, inputs, { root: fixture });
let site, server, context;

before(async () => {
  site = buildCalculators();
  server = await serve(site);
  context = await launch();
});
after(async () => { await context?.close(); await server?.close(); });

/** Console errors, less the browser's favicon 404. A CSP violation counts. */
const CSP_STYLE = /violates the following Content Security Policy/;
const realErrors = (errors) => errors.filter((e) => !/status of 404/.test(e));

const url = (model) => `${server.url}calculators/${model}/index.html`;

/** Opens a calculator page and waits until its calculators are live. */
async function live(model, search = "") {
  const opened = await open(context, url(model) + search);
  await opened.page.waitForSelector(`form[data-calc="${model}"][data-calc-live]`);
  return opened;
}

/** The form's inputs as text, as the page would send them. */
const inputsOf = (form) => form.evaluate((f) => Object.fromEntries(
  [...f.querySelectorAll("input[name], select[name]")].map((c) => [c.name, c.type === "checkbox" ? String(c.checked) : c.value])));

/** Every displayed figure of a form: { path: text }. */
const figuresOf = (form) => form.evaluate((f) => Object.fromEntries(
  [...f.querySelectorAll("[data-out]")].map((el) => [el.dataset.out, el.textContent])));

const lookup = (output, path) => path.split(".").reduce((n, k) => (n == null ? undefined : n[k]), output);

/** The inputs a form fixes and sends with its fields (the recommender's rules). */
const fixedOf = (form) => form.evaluate((f) => JSON.parse(f.querySelector("script[data-calc-inputs]")?.textContent || "{}"));

/**
 * Asserts the form shows exactly what the CLI computes for its inputs: the
 * wasm's raw output equals the CLI's JSON, and each figure shows the text
 * the wasm gives for its path. `expect` adjusts the CLI's output where the
 * page is meant to differ (the recommender's data-file rules).
 */
async function assertMatchesCli(page, form, model, expect = (o) => o) {
  const inputs = await inputsOf(form);
  const fixed = await fixedOf(form);
  const result = JSON.parse(await wasmCall(page, "run", model, JSON.stringify({ ...fixed, ...inputs })));
  if (result.error) {
    // Inputs each valid but contradicting one another (the recommender's):
    // the CLI refuses them with the same message, and the form shows it next
    // to the input to change, its results marked stale.
    assert.ok(calc.error(model, inputs).includes(result.error.message), `${model}: ${result.error.message}`);
    assert.equal(await form.locator(`[data-error-for="${result.error.field}"]`).textContent(), result.error.message);
    assert.equal(await form.getAttribute("data-stale"), "");
    return {};
  }
  const cli = expect(calc(model, inputs));
  const shown = await figuresOf(form);
  assert.ok(Object.keys(shown).length > 0, `${model}: no data-out figures`);
  assert.deepEqual(result.output, cli, `${model}: wasm and native outputs differ`);
  for (const [path, text] of Object.entries(shown)) {
    assert.notEqual(lookup(cli, path), undefined, `${model}: ${path} is not in the CLI's output`);
    assert.equal(text, result.text[path], `${model}: ${path} for ${JSON.stringify(inputs)}`);
  }
  await assertNoNaN(form);
  return shown;
}

async function assertNoNaN(form) {
  const text = await form.evaluate((f) => f.innerText + [...f.querySelectorAll("input")].map((i) => i.value).join(" "));
  assert.doesNotMatch(text, /NaN|Infinity|undefined|\[object/);
}

/** Types into, selects or ticks a field, as a reader would. */
async function set(form, name, value) {
  const field = form.locator(`[name="${name}"]`);
  const kind = await field.evaluate((el) => (el.tagName === "SELECT" ? "select" : el.type));
  if (kind === "select") await field.selectOption(String(value));
  else if (kind === "checkbox") await field.setChecked(value === true || value === "true");
  else {
    await field.fill(String(value));
    await field.blur(); // a finished edit: the field shows the value as the model writes it
  }
}

/** A value at the fraction `t` of a field's range (whole for integers). */
function within(f, t) {
  const v = f.min + (f.max - f.min) * t;
  return f.kind === "integer" ? Math.round(v) : Number(v.toPrecision(6));
}

/**
 * Input changes for a model, from its field table: every field low, every
 * field high, then each value of each choice on its own, so every model
 * (a new one too) is exercised across its ranges.
 */
function changesFor(model) {
  const fields = model.fields;
  const all = (pick) => Object.fromEntries(fields.map((f) => [f.name, pick(f)]));
  const changes = [
    all((f) => (f.kind === "choice" ? f.choices[0].value : f.kind === "bool" ? false : within(f, 0.25))),
    all((f) => (f.kind === "choice" ? f.choices.at(-1).value : f.kind === "bool" ? true : within(f, 0.75))),
  ];
  for (const f of fields.filter((f) => f.kind === "choice")) {
    for (const c of f.choices) changes.push({ [f.name]: c.value });
  }
  return changes;
}

/**
 * The recommender's texts come from the site's data file (the fixture changes
 * one reason on purpose), the CLI's from the built-in rows: the rows decided
 * must agree, the texts are the data file's.
 */
function decisionRows() {
  const text = readFileSync(join(fixture, "content/data/decisions.toml"), "utf8");
  const rows = new Map();
  for (const block of text.split("[[rows]]").slice(1)) {
    const field = (k) => block.match(new RegExp(`^${k} = "([^"]*)"`, "m"))?.[1];
    rows.set(field("id"), { situation: field("situation"), reason: field("reason"), next_step: field("next_step") });
  }
  return rows;
}
const FIXTURE_REASON = /^Fixture reason: each tenant's regulated data gets a home region/;
/** The CLI's output as the page should show it: with the form's fixed rules, the data file's texts. */
async function expectFor(form) {
  if (!(await fixedOf(form)).rules) return (o) => o;
  const rows = decisionRows();
  return (o) => ({ ...o, ...rows.get(o.row) });
}

const MODELS = models().map((m) => m.name);

for (const model of models()) {
  test(`${model.name}: live figures equal \`regionwise calc ${model.name} --json\` as inputs change`, async () => {
    const { page, requests, errors } = await live(model.name);
    const form = page.locator(`form[data-calc="${model.name}"]`).first();
    const expect = await expectFor(form);
    await assertMatchesCli(page, form, model.name, expect);
    for (const change of changesFor(model)) {
      for (const [name, value] of Object.entries(change)) await set(form, name, value);
      await assertMatchesCli(page, form, model.name, expect);
    }
    assert.deepEqual(requests.filter((u) => !u.startsWith("http://127.0.0.1:")), []);
    assert.deepEqual(realErrors(errors), []);
    await page.close();
  });
}

test("the recommender shows the data file's rows, decided as the built-in rows decide", async () => {
  const { page } = await live("recommend");
  const form = page.locator('form[data-calc="recommend"]');
  assert.ok((await fixedOf(form)).rules, "the form carries the data file's rules");
  assert.equal((await fixedOf(form)).breakeven?.compute, 6000,
    "and the organisation's break-even inputs ([calculator.cost] compute), which it weighs the rungs with");
  const expect = await expectFor(form);
  for (const change of [{ residency: "several-jurisdictions" }, { residency: "none", footprint: "global", workload: "stateless-read-heavy" },
    { footprint: "single-continent", contractual_sla: 99.99 }, { contractual_sla: 0, users: 2000000, footprint: "global", workload: "stateful" },
    { outage_cost_per_hour: 20000 }]) {
    for (const [name, value] of Object.entries(change)) await set(form, name, value);
    await assertMatchesCli(page, form, "recommend", expect);
  }
  await set(form, "residency", "several-jurisdictions");
  assert.match(await form.locator('[data-out="reason"]').textContent(), FIXTURE_REASON);
  const reasons = await form.locator('[data-out-list="reasons"] li').allTextContents();
  assert.deepEqual(reasons, expect(calc("recommend", await inputsOf(form))).reasons);
  await page.close();
});

test("inputs take what people type, read by the same Rust parser as the CLI, and show in the reader's units", async () => {
  const { page, errors } = await live("rto");
  const rto = page.locator('form[data-calc="rto"]').first();
  assert.equal(await rto.locator('[name="decision_s"]').inputValue(), "15 min", "the 900 s default shows as 15 min");
  assert.equal(await rto.locator('[name="ttl_ignoring_share"]').inputValue(), "5 %", "a share shows as a percentage");
  for (const [typed, shown, seconds] of [["5 min", "5 min", 300], ["2 h", "2 h", 7200], ["1h30m", "1 h 30 min", 5400], ["300", "5 min", 300], [" 90 s ", "1 min 30 s", 90]]) {
    await rto.locator('[name="decision_s"]').fill(typed);
    await assertMatchesCli(page, rto, "rto");
    assert.equal(calc("rto", { decision_s: typed }).inputs.decision_s, seconds, typed);
    await rto.locator('[name="decision_s"]').blur();
    assert.equal(await rto.locator('[name="decision_s"]').inputValue(), shown, `${typed} is tidied to ${shown}`);
  }
  await page.waitForFunction(() => location.search.includes("rto.decision_s=1+min+30+s"));

  const cost = (await live("cost")).page;
  const form = cost.locator('form[data-calc="cost"]');
  for (const [name, typed, shown, value] of [["standby_fraction", "0.3", "30 %", 0.3], ["standby_fraction", "45%", "45 %", 0.45],
    ["compute", "$5k", "$5,000", 5000], ["database", "2,500", "$2,500", 2500], ["transfer", "$300/month", "$300", 300],
    ["aa_cross_region_gb", "70 TB", "70,000 GB", 70000]]) {
    await set(form, name, typed);
    assert.equal(await form.locator(`[name="${name}"]`).inputValue(), shown, `${name} = ${typed}`);
    assert.equal(calc("cost", { [name]: typed }).inputs[name], value);
    await assertMatchesCli(cost, form, "cost");
  }
  // Messages name the visible label and write limits as the page writes numbers.
  await set(form, "standby_fraction", "150 %");
  assert.equal(await form.locator('[data-error-for="standby_fraction"]').textContent(),
    `${fieldDef("cost", "standby_fraction").label} must be between 0 % and 100 % (got 150 %)`);
  await set(form, "compute", "1e309");
  const message = await form.locator('[data-error-for="compute"]').textContent();
  assert.match(message, /^Compute must be an amount between \$1 and \$10,000,000.*\(got "1e309"\)$/);
  assert.doesNotMatch(message, /inf/i);
  assert.equal(await form.locator('label[for$="-users"], label').filter({ hasText: /\((users|regions)\)/ }).count(), 0, "no label repeats its unit");

  const availability = (await live("availability")).page;
  const sla = availability.locator('form[data-calc="availability"]');
  await set(sla, "sla", "99.95%");
  assert.equal(await sla.locator('[name="sla"]').inputValue(), "99.95 %");
  await assertMatchesCli(availability, sla, "availability");
  assert.deepEqual(realErrors(errors), []);
  for (const p of [page, cost, availability]) await p.close();
});

test("an invalid input shows the model's message by its field, keeps the last results, stale, and never NaN", async () => {
  const { page, errors } = await live("cost");
  const form = page.locator('form[data-calc="cost"]');
  const before = await figuresOf(form);
  for (const [name, bad] of [["regions", "11"], ["compute", ""], ["standby_fraction", "abc"], ["custom_price_per_gb", "1e999"]]) {
    await set(form, name, bad);
    const field = form.locator(`[name="${name}"]`);
    assert.equal(await field.getAttribute("aria-invalid"), "true", name);
    const slot = form.locator(`[data-error-for="${name}"]`);
    const message = await slot.textContent();
    assert.ok(message.startsWith(`${fieldDef("cost", name).label} must be`), `${name}: ${message}`);
    const describedBy = (await field.getAttribute("aria-describedby")).split(" ");
    assert.ok(describedBy.includes(await slot.getAttribute("id")), `${name}: error not in aria-describedby`);
    const cliError = calc.error("cost", { ...(await inputsOf(form)) });
    assert.ok(cliError.includes(message), `${name}: the CLI says ${cliError}, the page ${message}`);
    assert.ok(await form.locator("[data-calc-results]").evaluate((el) => el.classList.contains("stale")));
    assert.deepEqual(await figuresOf(form), before, `${name}: the last valid figures must stay`);
    await assertNoNaN(form);
    await set(form, name, await field.evaluate((el) => el.defaultValue));
    assert.equal(await field.getAttribute("aria-invalid"), null);
  }
  assert.equal(await form.locator("[data-calc-results]").evaluate((el) => el.classList.contains("stale")), false);
  assert.deepEqual(realErrors(errors), []);
  await page.close();
});

test("a shared link restores the inputs; bad values in a link are reported", async () => {
  const first = await live("rto");
  const form = first.page.locator('form[data-calc="rto"]').first();
  await set(form, "routing", "anycast");
  await set(form, "scale_up_s", "120");
  const second = first.page.locator('form[data-calc="rto"]').nth(1);
  await set(second, "decision_s", "45");
  const link = await second.locator("[data-calc-share]").getAttribute("href");
  assert.match(link, /rto\.routing=anycast/);
  assert.match(link, /rto2\.decision_s=45/);
  const shown = [await figuresOf(form), await figuresOf(second)];
  const inputs = [await inputsOf(form), await inputsOf(second)];

  const restored = await open(context, link);
  await restored.page.waitForSelector('form[data-calc="rto"][data-calc-live]');
  const forms = restored.page.locator('form[data-calc="rto"]');
  assert.deepEqual([await inputsOf(forms.first()), await inputsOf(forms.nth(1))], inputs);
  assert.deepEqual([await figuresOf(forms.first()), await figuresOf(forms.nth(1))], shown);
  await first.page.close();
  await restored.page.close();

  const bad = await live("rpo", "?rpo.mode=eventual&rpo.writes_per_s=-5&rpo.nope=1");
  const rpo = bad.page.locator('form[data-calc="rpo"]');
  assert.equal(await rpo.locator('[data-error-for="mode"]').textContent(),
    `${fieldDef("rpo", "mode").label} must be one of async, sync, backup (got "eventual")`);
  assert.ok((await rpo.locator('[data-error-for="writes_per_s"]').textContent()).startsWith(`${fieldDef("rpo", "writes_per_s").label} must be between 0 and`));
  assert.match(await rpo.locator("[data-calc-status]").textContent(), /nope/);
  await assertNoNaN(rpo);
  assert.deepEqual(realErrors(bad.errors), []);
  await bad.page.close();

  const reco = await live("recommend", "?recommend.global_realtime_writes=maybe");
  const form3 = reco.page.locator('form[data-calc="recommend"]');
  assert.ok((await form3.locator('[data-error-for="global_realtime_writes"]').textContent())
    .startsWith(`${fieldDef("recommend", "global_realtime_writes").label} must be true or false`));
  await reco.page.close();
});

test("reset restores the page's values and clears the link", async () => {
  const { page } = await live("cost");
  const form = page.locator('form[data-calc="cost"]');
  const initial = [await inputsOf(form), await figuresOf(form)];
  await set(form, "regions", "5");
  await set(form, "compute", "-1");
  await form.locator('button[type="reset"]').click();
  await page.waitForFunction(() => !location.search.includes("cost."));
  assert.deepEqual([await inputsOf(form), await figuresOf(form)], initial);
  assert.equal(await form.locator('[name="compute"]').getAttribute("aria-invalid"), null);
  await page.close();
});

test("the chart the wasm draws for the defaults is byte-identical to the build-time SVG, in both layouts", async () => {
  for (const model of models().filter((m) => m.chart).map((m) => m.name)) {
    const { page } = await live(model);
    const html = readFileSync(join(site, "calculators", model, "index.html"), "utf8");
    const figures = page.locator(`form[data-calc="${model}"] [data-chart]`);
    const count = await figures.count();
    assert.ok(count >= 1, `${model}: no chart`);
    for (let i = 0; i < count; i++) {
      const fig = figures.nth(i);
      const [kind, id] = [await fig.getAttribute("data-chart"), await fig.getAttribute("data-chart-id")];
      const inputs = await inputsOf(page.locator(`form[data-calc="${model}"]`).nth(i));
      const drawn = JSON.parse(await wasmCall(page, "chart", kind, JSON.stringify(inputs), id));
      for (const [variant, svg] of [["wide", drawn.svg], ["narrow", drawn.svg_narrow]]) {
        const open = `data-chart-svg="${variant}">`;
        const svgStart = html.indexOf(open, html.indexOf(`data-chart-id="${id}"`)) + open.length;
        const end = html.indexOf("</svg>", svgStart) + "</svg>".length;
        const built = html.slice(svgStart, end).concat(html.slice(end).match(/^\s*/)[0]);
        assert.equal(svg, built, `${model} #${i} ${variant}: wasm and build-time SVG differ`);
        // And what the page shows after calc.js ran is that same SVG.
        const shown = await fig.locator(`[data-chart-svg="${variant}"]`).evaluate((el) => el.innerHTML);
        const parsed = await page.evaluate((svg) => Object.assign(document.createElement("div"), { innerHTML: svg }).innerHTML, built);
        assert.equal(shown, parsed, `${model} #${i} ${variant}`);
      }
    }
    await page.close();
  }
});

test("the chart and its table are redrawn from the wasm as inputs change", async () => {
  const { page } = await live("rto");
  const form = page.locator('form[data-calc="rto"]').first();
  const fig = form.locator("[data-chart]");
  const before = [await fig.locator('[data-chart-svg="wide"]').innerHTML(), await fig.locator("[data-chart-table]").textContent()];
  await set(form, "dns_ttl_s", "600");
  const after = [await fig.locator('[data-chart-svg="wide"]').innerHTML(), await fig.locator("[data-chart-table]").textContent()];
  assert.notEqual(after[0], before[0]);
  assert.notEqual(after[1], before[1]);
  const drawn = JSON.parse(await wasmCall(page, "chart", "failover", JSON.stringify(await inputsOf(form)), await fig.getAttribute("data-chart-id")));
  assert.ok(after[1].includes(drawn.table.rows[0][1]));
  await page.close();
});

test("export: JSON is the model's output; CSV is the results as the page shows them (patterns as columns, lines as rows)", async () => {
  const { page } = await live("availability");
  const form = page.locator('form[data-calc="availability"]');
  await set(form, "sla", "99.9");
  const expected = calc("availability", await inputsOf(form));
  const [json] = await Promise.all([page.waitForEvent("download"), form.locator('[data-calc-export="json"]').click()]);
  assert.equal(json.suggestedFilename(), "regionwise-availability.json");
  assert.deepEqual(JSON.parse(readFileSync(await json.path(), "utf8")), expected);
  await page.close();

  const cost = (await live("cost")).page;
  const costForm = cost.locator('form[data-calc="cost"]');
  await set(costForm, "regions", "3");
  const shown = await costForm.locator(".calc-table").evaluate((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.trim())));
  const [csv] = await Promise.all([cost.waitForEvent("download"), costForm.locator('[data-calc-export="csv"]').click()]);
  assert.equal(csv.suggestedFilename(), "regionwise-cost.csv");
  const rows = parseCsv(readFileSync(await csv.path(), "utf8"));
  assert.deepEqual(rows.slice(0, shown.length), shown, "the table as the page shows it");
  assert.deepEqual(rows[0], ["Line", "single region", "region + CDN", "active-passive", "active-active", "partitioned"]);
  const total = rows.find((r) => r[0] === "Total per month");
  assert.equal(total[3], calc("cost", await inputsOf(costForm)).active_passive.total.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }));
  // Then each figure under the table, as label and value.
  const figures = await costForm.locator(".calc-figures > div").evaluateAll((ds) => ds.map((d) => [...d.children].map((c) => c.textContent.trim())));
  for (const f of figures) assert.ok(rows.some((r) => r[0] === f[0] && r[1] === f[1]), JSON.stringify(f));
  await cost.close();
});

test("with JavaScript off every calculator shows its pre-rendered figures, equal to the live ones", async () => {
  const off = await launch({ javaScriptEnabled: false });
  try {
    for (const model of MODELS) {
      const page = await off.newPage();
      await page.goto(url(model));
      const forms = page.locator(`form[data-calc="${model}"]`);
      const pre = [];
      for (let i = 0; i < await forms.count(); i++) {
        const form = forms.nth(i);
        const shown = await figuresOf(form);
        assert.ok(Object.values(shown).every((t) => t.trim() !== "" && t !== "—"), `${model}: empty figure`);
        await assertNoNaN(form);
        assert.equal(await form.locator("[data-calc-actions]").isVisible(), false);
        if (await form.locator("[data-chart]").count()) assert.equal(await form.locator("[data-chart-svg] svg:visible").count(), 1, `${model}: one layout of the chart shows`);
        pre.push(shown);
      }
      await page.close();
      const { page: livePage } = await live(model);
      const liveForms = livePage.locator(`form[data-calc="${model}"]`);
      for (let i = 0; i < pre.length; i++) assert.deepEqual(await figuresOf(liveForms.nth(i)), pre[i], `${model} #${i}`);
      await livePage.close();
    }
    const cost = await off.newPage();
    await cost.goto(url("cost"));
    // Organisation default (compute 6000) under the page's regions=3.
    assert.equal(await cost.locator('[name="compute"]').inputValue(), "$6,000");
    assert.equal(await cost.locator('[name="regions"]').inputValue(), "3");
    assert.equal(await cost.locator('[data-out="single_region.total"]').first().textContent(), "$8,200");
    await cost.close();
  } finally {
    await off.close();
  }
});

test("calculator pages pass axe-core with no violations, live and after an error", async () => {
  for (const model of MODELS) {
    const { page } = await live(model);
    assert.deepEqual(await axe(page), [], model);
    await page.close();
  }
  const { page } = await live("cost");
  await set(page.locator('form[data-calc="cost"]'), "regions", "99");
  assert.deepEqual(await axe(page), [], "cost with an error");
  await page.close();
});

test("calculators go live when the site is served under a subpath", async () => {
  const sub = await serve(site, { prefix: "/docs/guide/" });
  try {
    const { page, errors } = await open(context, `${sub.url}calculators/cost/index.html`);
    await page.waitForSelector('form[data-calc="cost"][data-calc-live]');
    const form = page.locator('form[data-calc="cost"]');
    await set(form, "regions", "5");
    await assertMatchesCli(page, form, "cost");
    assert.deepEqual(realErrors(errors), []);
    await page.close();
  } finally {
    await sub.close();
  }
});

test("charts render in the theme's colours under the CSP", async () => {
  const { page, errors } = await live("rto");
  assert.deepEqual(errors.filter((e) => CSP_STYLE.test(e)), []);
  const colours = await page.evaluate(() => {
    const series = document.querySelector("[data-chart-svg] [data-stroke='1']");
    return { stroke: series && getComputedStyle(series).stroke, want: getComputedStyle(document.documentElement).getPropertyValue("--chart-1").trim() };
  });
  assert.ok(colours.stroke, "a themed series line is drawn");
  const hex = colours.want.replace("#", "");
  const rgb = `rgb(${parseInt(hex.slice(0, 2), 16)}, ${parseInt(hex.slice(2, 4), 16)}, ${parseInt(hex.slice(4, 6), 16)})`;
  assert.equal(colours.stroke, rgb);
  await page.close();
});

test("the calculator (wasm + JS glue) is within 150 KB gzipped", () => {
  const files = readdirSync(join(site, "calc")).map((f) => join(site, "calc", f));
  files.push(...readdirSync(site).filter((f) => /^calc\..*\.js$/.test(f)).map((f) => join(site, f)));
  let total = 0;
  for (const file of files) {
    const gz = gzipSync(readFileSync(file), { level: 9 }).length;
    console.log(`# ${file.slice(site.length + 1)}: ${(gz / 1024).toFixed(1)} KB gzipped`);
    total += gz;
  }
  console.log(`# calculator total: ${(total / 1024).toFixed(1)} KB gzipped`);
  assert.ok(files.some((f) => f.endsWith(".wasm")), "no wasm in the site");
  assert.ok(total <= 150 * 1024, `${total} bytes`);
});

test("the decision table marks the row the recommender lands on, and the mark follows its inputs", async () => {
  const guide = await serve(buildSite());
  try {
    const { page, errors } = await open(context, guide.url + "index.html");
    await page.waitForSelector('form[data-calc="recommend"][data-calc-live]');
    const marked = () => page.evaluate(() =>
      [...document.querySelectorAll('[data-decision-table] [data-row][aria-current="true"]')].map((tr) => tr.dataset.row));
    assert.deepEqual(await marked(), ["no-driver"], "built for the defaults");
    const form = page.locator('form[data-calc="recommend"]');
    await set(form, "footprint", "global");
    assert.deepEqual(await marked(), ["global-stateful"]);
    await set(form, "contractual_sla", "99.99");
    assert.deepEqual(await marked(), ["contractual-sla"]);
    assert.match(await form.locator('.calc-results [data-out="pattern_name"]').textContent(), /^Hot standby/);
    const changes = await form.locator('[data-out-list="changes"] li').allTextContents();
    assert.ok(changes.some((c) => c.startsWith("Contractual SLA below 99.99 %")), changes.join("\n"));
    assert.deepEqual(realErrors(errors), []);
    await page.close();
  } finally {
    await guide.close();
  }
});
