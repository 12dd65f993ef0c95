#!/usr/bin/env python3
"""Times `regionwise serve`: an edit to one page of the bundled guide until
the server returns the new HTML. Prints JSON for bench/report.py.

    bench/serve-latency.py REGIONWISE_BIN REPO [EDITS]

Copies the guide (regionwise.toml, content/) to a temporary folder, serves
it on a free port, then EDITS times: appends a marker paragraph to a page
(written in place, as most editors save), and polls the page every 2 ms
until the marker is served. Each edit is undone before the next, and the
undo is timed too. The browser's reload on the live-reload message is not
included (a few ms more on a local page).
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

PAGE = "patterns/dr-ladder"


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8", "replace")


def wait_for(url, needle, present, timeout=10.0):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if (needle in fetch(url)) == present:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.002)
    raise TimeoutError(f"{url}: marker {'never appeared' if present else 'never went away'}")


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    site = tempfile.mkdtemp(prefix="rw-serve-bench-")
    shutil.copy(os.path.join(repo, "regionwise.toml"), site)
    shutil.copytree(os.path.join(repo, "content"), os.path.join(site, "content"))
    source = os.path.join(site, "content", PAGE + ".md")
    original = open(source, encoding="utf-8").read()
    proc = subprocess.Popen([binary, "serve", "--root", site, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://[^ ]+/", line)
        if not m:
            raise RuntimeError(f"serve did not print its address: {line!r} {proc.stderr.read()}")
        url = m.group(0) + PAGE + "/"
        wait_for(url, "<html", True)
        time.sleep(0.5)  # let the watcher settle after the first build
        edit_ms, undo_ms = [], []
        for i in range(edits):
            marker = f"Bench edit marker {i}."
            with open(source, "w", encoding="utf-8") as f:
                f.write(original + f"\n\n{marker}\n")
            t0 = time.perf_counter()
            edit_ms.append((wait_for(url, marker, True) - t0) * 1000)
            with open(source, "w", encoding="utf-8") as f:
                f.write(original)
            t0 = time.perf_counter()
            undo_ms.append((wait_for(url, marker, False) - t0) * 1000)
            time.sleep(0.3)  # past the watcher's debounce window
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(site, ignore_errors=True)
    both = sorted(edit_ms + undo_ms)
    print(json.dumps({
        "page": f"content/{PAGE}.md",
        "edits": len(both),
        "median_ms": statistics.median(both),
        "p95_ms": both[min(len(both) - 1, int(0.95 * len(both)))],
        "max_ms": both[-1],
        "min_ms": both[0],
    }, indent=2))


if __name__ == "__main__":
    main()
