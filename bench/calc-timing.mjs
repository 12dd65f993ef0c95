// Times a calculator recompute in headless Chromium: for every calculator
// form of the bundled guide, 100 input changes, each from setting the value
// and firing `input` (calc.js recomputes synchronously: model, figures,
// chart SVG) through the style and layout that follows. Prints JSON for
// bench/report.py.
//
//   node bench/calc-timing.mjs SITE_DIR      # a built site (bench/run.sh passes the guide)
//
// Uses the browser tests' harness (Debian's chromium via playwright-core;
// run `scripts/test` once, or `npm ci` in tests/browser, to install it).
import { resolve } from "node:path";
import { serve, launch, open } from "../tests/browser/harness.mjs";

const CHANGES = 100;
const PAGES = ["operations/cost/", "operations/rpo-and-rto/", "operations/availability/", ""];

const site = resolve(process.argv[2] || "public");
const server = await serve(site);
const context = await launch();
const rows = [];
try {
  for (const path of PAGES) {
    const { page, errors } = await open(context, server.url + path);
    await page.waitForFunction(() => {
      const forms = document.querySelectorAll("form[data-calc]");
      return forms.length > 0 && [...forms].every((f) => f.hasAttribute("data-calc-live"));
    }, null, { timeout: 20000 });
    const results = await page.evaluate((changes) => {
      const out = [];
      for (const form of document.querySelectorAll("form[data-calc]")) {
        // An input whose change the model accepts and the chart shows:
        // each candidate is probed at both ends of the range used below.
        const svgOf = () => form.querySelector("[data-chart-svg]")?.innerHTML ?? "";
        const valueAt = (input, base, f) =>
          String(input.inputMode === "numeric" ? Math.max(1, Math.round(base * f)) : +(base * f).toPrecision(4));
        const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
        const accepts = (input, base) => {
          const before = svgOf();
          let redraws = !form.querySelector("[data-chart]");
          const ok = [0.6, 1].every((f) => {
            input.value = valueAt(input, base, f);
            fire(input, "input");
            if (f !== 1 && svgOf() !== before) redraws = true;
            return !form.hasAttribute("data-stale");
          });
          input.value = String(base);
          fire(input, "input");
          return ok && redraws;
        };
        const candidates = [...form.querySelectorAll("input[name]")]
          .filter((i) => i.type === "text" && Number(i.value) > 0);
        const input = candidates.find((i) => accepts(i, Number(i.value))) || null;
        const select = input ? null : form.querySelector("select[name]");
        if (!input && !select) continue;
        const base = input ? Number(input.value) : 0;
        const times = [];
        let stale = 0;
        const svgs = new Set();
        for (let i = 0; i < changes; i++) {
          const started = performance.now();
          if (input) {
            input.value = valueAt(input, base, 0.6 + 0.4 * ((i * 37) % 100) / 100);
            fire(input, "input");
          } else {
            select.selectedIndex = i % select.options.length;
            fire(select, "change");
          }
          void form.getBoundingClientRect().height; // style and layout of the new figures
          void document.body.offsetHeight;
          times.push(performance.now() - started);
          if (form.hasAttribute("data-stale")) stale++;
          const svg = form.querySelector("[data-chart-svg]");
          if (svg) svgs.add(svg.innerHTML.length + ":" + svg.innerHTML.slice(-200));
        }
        out.push({
          name: `${form.dataset.calc} (${input ? input.name : select.name})`,
          times,
          stale,
          charts: form.querySelectorAll("[data-chart]").length,
          distinctSvgs: svgs.size,
        });
      }
      return out;
    }, CHANGES);
    for (const r of results) {
      const t = [...r.times].sort((a, b) => a - b);
      const q = (p) => t[Math.min(t.length - 1, Math.floor(p * t.length))];
      rows.push({
        name: `${r.name} on /${path}`,
        n: t.length,
        median: q(0.5),
        p95: q(0.95),
        max: t[t.length - 1],
        stale: r.stale,
        charts: r.charts,
        distinct_svgs: r.distinctSvgs,
      });
    }
    if (errors.length) console.error(`${errors.length} console errors on /${path}, the first: ${errors[0]}`);
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
}
const all = rows.flatMap((r) => [r.median]);
console.log(JSON.stringify({
  what: `Headless Chromium (${context.browser()?.version?.() ?? "Debian chromium"}), ${CHANGES} input changes per calculator: ` +
    "set a value, fire `input`, force style and layout; performance.now() around it. Target: median < 5 ms.",
  worst_median: Math.max(...all),
  rows,
}, null, 2));
