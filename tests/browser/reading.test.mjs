// Reading aids in the bundled guide, at 390×844 (touch) and 1440×900, light
// and dark: copy buttons on code blocks, callout icons, the table of
// contents (rail, scroll-spy, dropdown, back to top), heading anchors on
// touch, anchored targets below the sticky header, ←/→ for prev/next,
// glossary terms, the print edition and the 404 page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, axe, DEVICES } from "./harness.mjs";

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
