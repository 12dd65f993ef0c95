// Valid HTML (a project rule): the W3C Nu Html Checker (npm `vnu-jar`, run
// with the machine's Java) over every page of the bundled guide and of the
// fixture sites. Any error fails; warnings are not errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repo, buildSite } from "./harness.mjs";

const jar = join(import.meta.dirname, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

/** Runs vnu over folders; returns its error lines (empty when valid). */
function vnu(...dirs) {
  const r = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", ...dirs], { encoding: "utf8" });
  if (r.error) throw new Error(`could not run java (scripts/setup installs it): ${r.error.message}`);
  const lines = (r.stderr + r.stdout).split("\n").filter((l) => l.trim());
  assert.ok(r.status === 0 || lines.length > 0, `vnu exited with ${r.status} and said nothing`);
  return lines;
}

test("the checker finds errors when there are some (so a clean run means something)", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "rw-vnu-"));
  writeFileSync(join(dir, "bad.html"), '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><figure><svg></svg><figcaption>a</figcaption><p>b</p></figure></body></html>');
  const errors = vnu(dir);
  assert.equal(errors.length, 1, errors.join("\n"));
});

test("every page of the bundled guide and the fixture sites is valid HTML (W3C Nu checker)", () => {
  const sites = [buildSite(), buildSite(join(repo, "tests/fixtures/basic")), buildSite(join(repo, "tests/fixtures/calculators"))];
  const errors = vnu(...sites);
  assert.deepEqual(errors, [], `${errors.length} errors:\n${errors.join("\n")}`);
});
