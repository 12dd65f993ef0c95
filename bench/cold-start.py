#!/usr/bin/env python3
"""What a reader's browser downloads on the first visit to each content page
of a built site (empty cache): requests and bytes, raw and gzipped. Prints
JSON for bench/report.py.

    bench/cold-start.py SITE_DIR

A first visit requests the page's HTML; every `<link rel="stylesheet">`,
`<link rel="icon">`, `<script src>` and `<img src>` it names; and what
`static/site.js` loads on start: `data-search-js` when the page has the
search box, and on a page with a calculator (`data-calc`), `data-calc-js`,
`data-calc-bindings` and `data-calc-wasm`. The search index itself loads
only when someone types a query (see the search payload measurement), so it
is not part of a cold start. tests/testsuite/cold_start.rs applies the same rules to
the bundled guide and checks the budget stated in the README.
"""

import glob
import gzip
import json
import os
import re
import statistics
import sys

GZIP_LEVEL = 6  # what web servers typically use

ATTR = r'\s{0}="([^"]+)"'


def references(html):
    """Same-site paths the first visit fetches, in page order, without repeats."""
    refs = []
    for tag in re.findall(r"<(?:link|script|img)\b[^>]*>", html):
        if tag.startswith("<link"):
            rel = re.search(ATTR.format("rel"), tag)
            if not rel or not ({"stylesheet", "icon"} & set(rel.group(1).split())):
                continue
            href = re.search(ATTR.format("href"), tag)
        else:
            href = re.search(ATTR.format("src"), tag)
        if href:
            refs.append(href.group(1))
    body = re.search(r"<body\b[^>]*>", html)
    data = dict(re.findall(r'\sdata-([a-z-]+)="([^"]*)"', body.group(0))) if body else {}
    root = data.get("root", "")
    if "search-js" in data and re.search(r"\sdata-search[\s>=]", html):
        refs.append(root + data["search-js"])
    if "calc-js" in data and re.search(r"\sdata-calc=", html):
        for key in ("calc-js", "calc-bindings", "calc-wasm"):
            if key in data:
                refs.append(root + data[key])
    seen, out = set(), []
    for r in refs:
        if r not in seen and "://" not in r and not r.startswith("data:"):
            seen.add(r)
            out.append(r)
    return out


def measure(site, html_path):
    html = open(html_path, encoding="utf-8").read()
    files = [html_path]
    missing = []
    for ref in references(html):
        p = os.path.normpath(os.path.join(os.path.dirname(html_path), ref.split("#")[0].split("?")[0]))
        (files if os.path.isfile(p) else missing).append(p)
    raw = gz = 0
    for f in files:
        data = open(f, "rb").read()
        raw += len(data)
        gz += len(gzip.compress(data, GZIP_LEVEL))
    return {
        "page": os.path.relpath(html_path, site),
        "calculator": bool(re.search(r"\sdata-calc=", html)),
        "requests": len(files) + len(missing),
        "bytes": raw,
        "gzip_bytes": gz,
        "files": [os.path.relpath(f, site) for f in files[1:]],
        "missing": [os.path.relpath(f, site) for f in missing],
    }


def summary(rows):
    if not rows:
        return None
    by_gz = sorted(rows, key=lambda r: r["gzip_bytes"])
    return {
        "pages": len(rows),
        "median_gzip_bytes": statistics.median(r["gzip_bytes"] for r in rows),
        "lightest": by_gz[0],
        "heaviest": by_gz[-1],
        "max_requests": max(r["requests"] for r in rows),
    }


def main():
    site = sys.argv[1]
    rows = []
    for html in sorted(glob.glob(os.path.join(site, "**", "index.html"), recursive=True)):  # not 404.html
        rows.append(measure(site, html))
    print(json.dumps({
        "gzip_level": GZIP_LEVEL,
        "without_calculator": summary([r for r in rows if not r["calculator"]]),
        "with_calculator": summary([r for r in rows if r["calculator"]]),
        "missing": sorted({m for r in rows for m in r["missing"]}),
    }, indent=2))


if __name__ == "__main__":
    main()
