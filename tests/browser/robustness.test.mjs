// Calculator robustness in a real browser: garbage typed into every field,
// and crafted URL state, never throw, never show NaN, never inject HTML, and
// always say what is wrong next to the field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildCalculators, serve, launch, open, models, field } from "./harness.mjs";

const MODELS = models().map((m) => m.name);

/** What people paste, mistype or try on purpose. */
const GARBAGE = [
  "abc", "-5", "-1e308", "1e308", "1e999", "", "   ", "12 ms", "$5,000", "1,000.5", "50%", "0x1F",
  "NaN", "Infinity", "-0", "１２", "😀", "1e-400", "9".repeat(400), "7".repeat(5000),
  '<img src=x onerror="window.__pwned=1">', '"><script>window.__pwned=1</script>', "{{ 1 + 1 }}",
];

/** Crafted `?` state: script, huge and negative values, unknown keys. */
const QUERIES = (model, field) => [
  `?compute=${encodeURIComponent("<script>window.__pwned=1</script>")}`,
  `?${model}.${field}=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`,
  `?${model}.${field}=1e308`,
  `?${model}.${field}=-1e308`,
  `?${model}.${field}=${"9".repeat(2000)}`,
  `?${model}.${field}=`,
  `?${model}.${field}=%00%ff`,
  `?${model}.${encodeURIComponent("<b>nope</b>")}=1&${model}2.x=2&__proto__.polluted=1`,
  `?${model}.${field}=1&${model}.${field}=abc`,
];

let site, server, context;

before(async () => {
  site = buildCalculators();
  server = await serve(site);
  context = await launch();
});
after(async () => { await context?.close(); await server?.close(); });

/** Errors that are not the page's: the charts' inline-style CSP reports (issue 4) and 404s. */
const realErrors = (errors) => errors.filter((e) => !/^Applying inline style violates/.test(e) && !/status of 404/.test(e));

async function live(model, search = "") {
  const opened = await open(context, `${server.url}calculators/${model}/index.html${search}`);
  await opened.page.waitForSelector(`form[data-calc="${model}"][data-calc-live]`);
  return opened;
}

/** Asserts nothing was injected, no figure shows NaN, and every invalid field says why. */
async function assertClean(page, model, what) {
  const state = await page.evaluate((model) => {
    const forms = [...document.querySelectorAll(`form[data-calc="${model}"]`)];
    return {
      pwned: window.__pwned !== undefined || Object.prototype.polluted !== undefined,
      injected: document.querySelectorAll('img[src="x"], [onerror], [onload]').length
        + [...document.querySelectorAll("b")].filter((b) => b.textContent === "nope").length,
      scripts: document.querySelectorAll("script:not([src]):not([type])").length,
      figures: forms.flatMap((f) => [...f.querySelectorAll("[data-out], [data-out-list]")].map((el) => el.textContent)),
      invalid: forms.flatMap((f) => [...f.querySelectorAll('[aria-invalid="true"]')].map((el) => {
        const slot = f.querySelector(`[data-error-for="${el.name}"]`);
        return { name: el.name, text: slot?.textContent ?? "", html: slot?.innerHTML ?? "" };
      })),
    };
  }, model);
  assert.equal(state.pwned, false, `${what}: script ran`);
  assert.equal(state.injected, 0, `${what}: HTML injected`);
  assert.equal(state.scripts, 0, `${what}: inline script in the page`);
  for (const text of state.figures) assert.doesNotMatch(text, /NaN|Infinity|undefined|\[object|null/, `${what}: figure "${text}"`);
  for (const { name, text, html } of state.invalid) {
    assert.ok(text.startsWith(`${field(model, name).label} must be`), `${what}: no message for ${name} (got "${text}")`);
    assert.doesNotMatch(html, /<(img|script|b)\b/, `${what}: message for ${name} is HTML`);
  }
  return state;
}

for (const model of MODELS) {
  test(`${model}: garbage typed into every field is reported, never NaN, never HTML`, async () => {
    const { page, errors } = await live(model);
    const form = page.locator(`form[data-calc="${model}"]`).first();
    const fields = await form.evaluate((f) => [...f.querySelectorAll('input[name]:not([type="checkbox"])')].map((i) => i.name));
    assert.ok(fields.length > 0, `${model}: no text fields`);
    let reported = 0;
    for (const name of fields) {
      const field = form.locator(`[name="${name}"]`);
      for (const bad of GARBAGE) {
        await field.fill(bad);
        const state = await assertClean(page, model, `${model}.${name} = ${JSON.stringify(bad.slice(0, 40))}`);
        if (state.invalid.some((i) => i.name === name)) reported += 1;
      }
      await field.fill(await field.evaluate((el) => el.defaultValue));
      assert.equal(await field.getAttribute("aria-invalid"), null, `${model}.${name}: default not valid again`);
    }
    // Most garbage is not a number at all: each field must reject most of it.
    assert.ok(reported >= fields.length * 10, `${model}: only ${reported} rejections`);
    assert.deepEqual(realErrors(errors), [], `${model}: console errors`);
    await page.close();
  });

  test(`${model}: crafted URL state is reported, never NaN, never HTML`, async () => {
    const first = await live(model);
    const field = await first.page.locator(`form[data-calc="${model}"] input[name]:not([type="checkbox"])`).first().getAttribute("name");
    await first.page.close();
    for (const query of QUERIES(model, field)) {
      const { page, errors } = await live(model, query);
      const state = await assertClean(page, model, `${model}${query.slice(0, 60)}`);
      if (/=(1e308|-1e308|9{100}|%00)/.test(query)) {
        assert.ok(state.invalid.some((i) => i.name === field), `${model}${query.slice(0, 60)}: not reported`);
      }
      assert.deepEqual(realErrors(errors), [], `${model}${query.slice(0, 60)}: console errors`);
      await page.close();
    }
  });
}
