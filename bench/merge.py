#!/usr/bin/env python3
"""What the base layer costs: the bundled guide built alone against an
internal copy on it (`regionwise init`, `[guide] base = "bundled"`, plus two
pages of its own), each built RUNS times, interleaved, with `build --verbose`.
Prints the median (and min) of each phase and of the wall time, and the
difference: the merge (reading the site folder, merging the bundled content
under it, checking `[guide] hide`) is in the load phase.

    bench/merge.py [--bin target/release/regionwise] [--runs 30] [--hide PAGE]

`--hide PAGE` also hides a bundled page (with `unlink_hidden = true`), which
adds the scan of the hidden page's links. Outputs go to tmpfs when there is
one, and are deleted (untimed) between runs.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PAGES = {
    "content/our-platform/runbook.md": """+++
title = "Our failover runbook"
reviewed = "2026-11-26"
+++
## Who decides

The on-call lead, within 10 minutes; see the [DR ladder](@/patterns/dr-ladder.md#warm-standby).
Our standby costs {{ figure(model="cost", out="active_passive.total") }} a month.
""",
    "content/patterns/our-cells.md": """+++
title = "Our cell layout"
reviewed = "2026-11-26"
+++
Cells of 50 tenants; see [static stability](@/patterns/static-stability.md).
""",
}

PHASE = re.compile(r"^\s+(.+?)\s+([0-9.]+) ms$")


def make_site(binary, root, hide):
    subprocess.run([binary, "init", root], check=True, capture_output=True)
    for rel, text in PAGES.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)
    if hide:
        path = os.path.join(root, "regionwise.toml")
        with open(path) as f:
            config = f.read()
        config = config.replace(
            'base = "bundled"\n',
            f'base = "bundled"\nhide = ["{hide}"]\nunlink_hidden = true\n',
            1,
        )
        with open(path, "w") as f:
            f.write(config)


def build(binary, cwd, args, out):
    start = time.perf_counter()
    p = subprocess.run(
        [binary, "build", "--verbose", "--output", out, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    wall = (time.perf_counter() - start) * 1000
    if p.returncode != 0:
        sys.exit(f"build failed:\n{p.stderr}")
    phases = {"wall": wall}
    for line in p.stderr.splitlines():
        m = PHASE.match(line)
        if m:
            phases[m.group(1)] = float(m.group(2))
    shutil.rmtree(out)
    return phases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/regionwise")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--hide", default=None)
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    tmp_root = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=tmp_root) as tmp:
        alone_dir = os.path.join(tmp, "alone")  # no regionwise.toml: the bundled guide
        os.mkdir(alone_dir)
        site = os.path.join(tmp, "handbook")
        make_site(binary, site, a.hide)
        out = os.path.join(tmp, "out")
        kinds = {
            "bundled guide alone": (alone_dir, []),
            "base + 2 pages": (tmp, ["--root", site]),
        }
        results = {k: [] for k in kinds}
        for name, (cwd, args) in kinds.items():  # warm the page cache
            build(binary, cwd, args, out)
        for _ in range(a.runs):
            for name, (cwd, args) in kinds.items():
                results[name].append(build(binary, cwd, args, out))
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    print(f"{version.strip()}, {a.runs} runs each, interleaved; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
          + (f"; hiding {a.hide} (unlink_hidden)" if a.hide else ""))
    phases = ["load", "parse", "wall"]
    print(f"{'':22}" + "".join(f"{p + ' median':>14}{p + ' min':>11}" for p in phases))
    medians = {}
    for name, runs in results.items():
        row = f"{name:22}"
        for p in phases:
            values = [r.get(p, 0.0) for r in runs]
            medians[(name, p)] = statistics.median(values)
            row += f"{statistics.median(values):>11.2f} ms{min(values):>8.2f} ms"
        print(row)
    base, alone = "base + 2 pages", "bundled guide alone"
    for p in phases:
        print(f"difference, {p} (median): {medians[(base, p)] - medians[(alone, p)]:+.2f} ms")


if __name__ == "__main__":
    main()
