#!/usr/bin/env python3
"""Times `regionwise serve`: an edit to one page until the server returns the
new HTML, and the server's resident memory over the edits. Prints JSON for
bench/report.py.

    bench/serve-latency.py REGIONWISE_BIN REPO [EDITS]
    bench/serve-latency.py REGIONWISE_BIN SITE EDITS --page foundations/page-00001
    bench/serve-latency.py REGIONWISE_BIN SITE EDITS --page foundations/page-00001 --edit title

Copies the site (regionwise.toml, content/, and templates/, static/, data/
when it has them; REPO means the bundled guide) to a temporary folder,
serves it on a free port, then EDITS times: appends a marker paragraph to a
page (`--edit body`, the default) or to its front matter's title (`--edit
title`: the page's section listing, neighbours and sidebars show it too),
written in place, as most editors save, and polls the page every 2 ms until
the marker is served. Each edit is undone before the next, and the
undo is timed too, so there are 2 × EDITS timed changes. The browser's
reload on the live-reload message is not included (a few ms more on a local
page).

After the first build and after every served change it reads the server's
VmRSS (and at the end VmHWM, its peak) from /proc, to show whether memory
stays flat over many edits.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode("utf-8", "replace")


def wait_for(url, needle, present, timeout=60.0):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if (needle in fetch(url)) == present:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.002)
    raise TimeoutError(f"{url}: marker {'never appeared' if present else 'never went away'}")


def proc_kib(pid, field):
    """VmRSS / VmHWM of a process, in KiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def copy_site(src, dest):
    shutil.copy(os.path.join(src, "regionwise.toml"), dest)
    for d in ("content", "templates", "static", "data"):
        if os.path.isdir(os.path.join(src, d)):
            shutil.copytree(os.path.join(src, d), os.path.join(dest, d))


def edited(text, what, marker):
    """The page with `marker` added to its body or to its title."""
    if what == "body":
        return text + f"\n\n{marker}.\n"
    m = re.search(r'^title = "([^"\n]*)"$', text, re.M)
    if not m:
        raise RuntimeError('the page has no `title = "..."` line to edit')
    return text[:m.end(1)] + f" {marker}" + text[m.end(1):]


def pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p * len(sorted_values)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("site", help="the repository (bundled guide) or any site folder")
    ap.add_argument("edits", type=int, nargs="?", default=20)
    ap.add_argument("--page", default="patterns/dr-ladder",
                    help="the page to edit, as content/PAGE.md, served at /PAGE/")
    ap.add_argument("--edit", choices=("body", "title"), default="body",
                    help="what each edit changes: a paragraph appended to the body, "
                         "or words appended to the front matter's title")
    ap.add_argument("--settle", type=float, default=0.3,
                    help="seconds between changes (past the watcher's debounce window)")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="rw-serve-bench-")
    copy_site(a.site, tmp)
    pages = sum(len([f for f in fs if f.endswith(".md")]) for _, _, fs in os.walk(os.path.join(tmp, "content")))
    source = os.path.join(tmp, "content", a.page + ".md")
    original = open(source, encoding="utf-8").read()
    t0 = time.perf_counter()  # serve builds the site before it prints its address
    proc = subprocess.Popen([a.binary, "serve", "--root", tmp, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    rss = []
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://[^ ]+/", line)
        if not m:
            raise RuntimeError(f"serve did not print its address: {line!r}")
        url = m.group(0) + a.page + "/"
        wait_for(url, "<html", True, timeout=300)
        first_build_s = time.perf_counter() - t0
        time.sleep(0.5)  # let the watcher settle after the first build
        rss.append(proc_kib(proc.pid, "VmRSS"))
        edit_ms, undo_ms = [], []
        for i in range(a.edits):
            marker = f"Bench edit marker {i}"
            with open(source, "w", encoding="utf-8") as f:
                f.write(edited(original, a.edit, marker))
            t0 = time.perf_counter()
            edit_ms.append((wait_for(url, marker, True) - t0) * 1000)
            with open(source, "w", encoding="utf-8") as f:
                f.write(original)
            t0 = time.perf_counter()
            undo_ms.append((wait_for(url, marker, False) - t0) * 1000)
            time.sleep(a.settle)
            rss.append(proc_kib(proc.pid, "VmRSS"))
        peak = proc_kib(proc.pid, "VmHWM")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    both = sorted(edit_ms + undo_ms)
    mb = [round(k / 1024, 1) for k in rss]
    print(json.dumps({
        "page": f"content/{a.page}.md",
        "edit": a.edit,
        "pages": pages,
        "edits": a.edits,
        "changes": len(both),
        "first_build_s": round(first_build_s, 2),
        "median_ms": statistics.median(both),
        "p95_ms": pct(both, 0.95),
        "max_ms": both[-1],
        "min_ms": both[0],
        "edit_median_ms": statistics.median(edit_ms),
        "rss_mb": mb,
        "rss_first_mb": mb[0],
        "rss_last_mb": mb[-1],
        "rss_max_mb": max(mb),
        "peak_rss_mb": round(peak / 1024, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
