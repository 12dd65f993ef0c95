// The generated site in a real browser: pages load, nothing leaves 127.0.0.1,
// the dark-mode toggle works and is remembered, JavaScript off still reads.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { repo, buildSite, serve, launch, open } from "./harness.mjs";

let server, context;
before(async () => {
  server = await serve(buildSite(join(repo, "tests/fixtures/basic")));
  context = await launch();
});
after(async () => { await context?.close(); await server?.close(); });

test("pages load with no request to another host and no error", async () => {
  for (const path of ["index.html", "guide/index.html", "guide/first/index.html", "missing/"]) {
    const { page, requests, errors } = await open(context, server.url + path);
    const foreign = requests.filter((u) => !u.startsWith("http://127.0.0.1:"));
    assert.deepEqual(foreign, [], `${path} requested other hosts`);
    assert.deepEqual(errors.filter((e) => !e.includes("404")), [], `${path} logged errors`);
    await page.close();
  }
});

test("dark mode toggles and is remembered across pages", async () => {
  const { page } = await open(context, server.url + "guide/first/index.html");
  const theme = () => page.evaluate(() => document.documentElement.getAttribute("data-theme"));
  await page.click("[data-theme-toggle]");
  assert.equal(await theme(), "dark");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(15, 20, 25)");
  await page.goto(server.url + "guide/second/index.html");
  assert.equal(await theme(), "dark");
  await page.click("[data-theme-toggle]");
  assert.equal(await theme(), "light");
  await page.close();
});
