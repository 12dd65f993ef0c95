// Calculator budget and speed, in headless chromium (run from the repository
// root after `cargo build --bin regionwise`):
//
//   node bench/calculators.mjs
//
// Prints the gzipped size of the wasm and the JS glue (budget: 150 KB), and
// the time of a recompute with its chart redraw per calculator (budget: one
// frame, 16 ms), as the median and worst of 50 input changes.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildCalculators, serve, launch, open, models } from "../tests/browser/harness.mjs";

const site = buildCalculators();

let total = 0;
const files = [...readdirSync(join(site, "calc")).map((f) => join("calc", f)), ...readdirSync(site).filter((f) => /^calc\..*\.js$/.test(f))];
for (const file of files) {
  const bytes = readFileSync(join(site, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`${file.padEnd(44)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB raw ${(gz / 1024).toFixed(1).padStart(7)} KB gzip`);
}
console.log(`${"calculator total".padEnd(44)} ${"".padStart(14)} ${(total / 1024).toFixed(1).padStart(7)} KB gzip (budget 150 KB)`);

// One numeric input per calculator (its first), stepped from its minimum
// through the first fifth of its range: values the model accepts.
const STEPS = Object.fromEntries(models().map((m) => {
  const f = m.fields.find((f) => f.kind === "number" || f.kind === "integer");
  const step = (f.max - f.min) / 250;
  return [m.name, [f.name, f.min, f.kind === "integer" ? Math.max(1, Math.round(step)) : step]];
}));
const server = await serve(site);
const context = await launch();
try {
  for (const [model, [field, from, step]] of Object.entries(STEPS)) {
    const { page } = await open(context, `${server.url}calculators/${model}/index.html`);
    await page.waitForSelector(`form[data-calc="${model}"][data-calc-live]`);
    const times = await page.evaluate(([model, field, from, step]) => {
      const form = document.querySelector(`form[data-calc="${model}"]`);
      const input = form.querySelector(`[name="${field}"]`);
      const out = [];
      for (let i = 1; i <= 50; i++) {
        input.value = String(from + step * i);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        out.push(Number(form.dataset.calcMs));
      }
      return out;
    }, [model, field, from, step]);
    times.sort((a, b) => a - b);
    console.log(`${model.padEnd(13)} recompute + redraw: median ${times[25].toFixed(2)} ms, worst ${times.at(-1).toFixed(2)} ms`);
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
}
