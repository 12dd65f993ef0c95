// The bundled guide's worked decisions in a real browser: every calculator
// link opens its calculator on the figures the link's paragraph states (the
// state restored by calc.js and recomputed by the wasm, not only pre-rendered),
// and the pages do not scroll sideways on the narrowest phones.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, open } from "./harness.mjs";

const WORKED = [
  "decisions/b2b-saas-contract/index.html",
  "decisions/eu-payments-residency/index.html",
  "decisions/global-consumer-app/index.html",
];

let guide, context;
before(async () => {
  guide = await serve(buildSite());
  context = await launch();
});
after(async () => { await context?.close(); await guide?.close(); });

/**
 * The page's links that carry calculator state, each with the model and
 * calculator number its inputs name (`cost2.x` → cost, 2) and the figures of
 * that model in the link's paragraph: [{ href, model, n, figures: { path: text } }].
 */
async function calculatorLinks(page) {
  return page.$$eval("main a[href*='?']", (links) => links.filter((a) => a.origin === location.origin).map((a) => {
    const url = new URL(a.href);
    const key = [...url.searchParams.keys()][0] || "";
    const [, model, n] = key.match(/^([a-z_]+?)(\d*)\./) || [];
    const block = a.closest("p, li, td");
    const figures = {};
    // An input's figure (`inputs.ap_rto_s`) is the field itself, which keeps
    // the link's spelling until edited; tests/testsuite/guide.rs checks those.
    for (const f of block.querySelectorAll(`.figure[data-model="${model}"]`)) {
      if (!f.dataset.out.startsWith("inputs.")) figures[f.dataset.out] = f.textContent;
    }
    return { href: a.href, model, n: Number(n || 1), figures };
  }));
}

test("every calculator link on a worked decision opens on the figures its paragraph states", async () => {
  let checked = 0;
  for (const path of WORKED) {
    const { page } = await open(context, guide.url + path);
    const links = await calculatorLinks(page);
    assert.ok(links.length >= 5, `${path}: ${links.length} calculator links`);
    for (const link of links) {
      assert.ok(Object.keys(link.figures).length > 0, `${path}: ${link.href} has figures beside it`);
      const { page: target, errors } = await open(context, link.href);
      const form = (await target.$$(`form[data-calc="${link.model}"]`))[link.n - 1];
      assert.ok(form, `${link.href}: a ${link.model} calculator`);
      await target.waitForFunction((f) => f.hasAttribute("data-calc-live"), form);
      const status = await form.$eval("[data-calc-status]", (el) => el.textContent);
      assert.doesNotMatch(status, /ignored|Fix the highlighted/, `${link.href}: ${status}`);
      const shown = await form.evaluate((f, paths) => Object.fromEntries(paths.map((p) =>
        [p, f.querySelector(`[data-out="${p}"]`)?.textContent])), Object.keys(link.figures));
      assert.deepEqual(shown, link.figures, `${link.href} shows what ${path} says`);
      // The reader lands on the calculator: the anchor is above it, nothing in between but prose.
      const anchored = await target.evaluate((f) => {
        const id = decodeURIComponent(location.hash.slice(1));
        const heading = document.getElementById(id);
        if (!heading) return false;
        const forms = [...document.querySelectorAll("form[data-calc]")];
        const next = forms.find((x) => heading.compareDocumentPosition(x) & Node.DOCUMENT_POSITION_FOLLOWING);
        return next === f;
      }, form);
      assert.ok(anchored, `${link.href}: the anchor leads to this calculator`);
      assert.deepEqual(errors, [], `${link.href} logged errors`);
      await target.close();
      checked += 1;
    }
    await page.close();
  }
  assert.ok(checked >= 15, `${checked} links checked`);
});

test("the worked decisions do not scroll sideways on a 320 px phone", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 320, height: 800 });
  for (const path of ["decisions/index.html", ...WORKED]) {
    await page.goto(guide.url + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width}px wide`);
  }
  await page.close();
});
