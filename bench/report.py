#!/usr/bin/env python3
"""Turns bench/run.sh's raw results into bench/RESULTS.md.

    bench/report.py RESULTS_DIR GUIDE_OUTPUT_DIR RESULTS_MD
"""

import glob
import gzip
import json
import os
import re
import statistics
import sys

GZIP_LEVEL = 6  # what web servers typically use


def tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), GZIP_LEVEL))


def kb(n):
    return f"{n / 1024:.1f} KB"


def build_tables(res):
    """One table per N from build-N-TOOL.json (hyperfine) and rss-N-TOOL.txt."""
    output = {(int(n), tool): (int(files), int(k)) for n, tool, files, k in tsv(os.path.join(res, "output.tsv"))}
    by_n = {}
    for path in glob.glob(os.path.join(res, "build-*-*.json")):
        _, n, tool = os.path.basename(path)[:-5].split("-", 2)
        with open(path, encoding="utf-8") as f:
            r = json.load(f)["results"][0]
        rss_path = os.path.join(res, f"rss-{n}-{tool}.txt")
        kib = [int(x) for x in open(rss_path, encoding="utf-8").read().split()] if os.path.exists(rss_path) else [0]
        r["rss"] = statistics.median(kib) * 1024
        by_n.setdefault(int(n), {})[tool] = r
    out, verdicts = [], []
    for n in sorted(by_n):
        runs = by_n[n]
        rw = runs.get("regionwise")
        out.append(f"### N = {n:,} pages\n")
        out.append("| tool | runs | min | median | pages/s (median) | CPU time (user + sys, mean) | peak RSS (median) | regionwise ÷ tool, time | regionwise ÷ tool, memory | HTML files | output |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for tool in ("regionwise", "zola", "hugo", "mdbook"):
            if tool not in runs:
                continue
            r = runs[tool]
            med = r["median"]
            files, size = output.get((n, tool), (0, 0))
            t_ratio = f"{rw['median'] / med:.2f}" if rw else "–"
            m_ratio = f"{rw['rss'] / r['rss']:.2f}" if rw and r["rss"] else "–"
            out.append(
                f"| {tool} | {len(r['times'])} | {r['min']:.2f} s | {med:.2f} s | {n / med:,.0f} | {r['user'] + r['system']:.2f} s | {r['rss'] / 2**20:,.0f} MB "
                f"| {t_ratio} | {m_ratio} | {files:,} | {size / 1024:,.0f} MB |"
            )
        peers = [t for t in runs if t != "regionwise"]
        if rw and peers:
            fastest = min(peers, key=lambda t: runs[t]["median"])
            leanest = min(peers, key=lambda t: runs[t]["rss"])
            faster = rw["median"] < runs[fastest]["median"]
            leaner = rw["rss"] < runs[leanest]["rss"]
            verdicts.append(
                f"- N = {n:,}: the fastest peer is {fastest} ({runs[fastest]['median']:.2f} s median); "
                f"regionwise ({rw['median']:.2f} s) is **{'faster' if faster else 'slower'}**, "
                f"{runs[fastest]['median'] / rw['median']:.1f}× its speed, and uses **{'less' if leaner else 'more'} memory** "
                f"than the leanest peer ({leanest}, {runs[leanest]['rss'] / 2**20:,.0f} MB vs {rw['rss'] / 2**20:,.0f} MB)."
            )
        zola = runs.get("zola")
        if rw and zola:
            t = rw["median"] / zola["median"]
            m = rw["rss"] / zola["rss"]
            cpu = (rw["user"] + rw["system"]) / (zola["user"] + zola["system"])
            verdicts.append(
                f"- N = {n:,}, against Zola: median time {t:.2f}× Zola's (target ≤ 0.40: **{'met' if t <= 0.4 else 'not met'}**; "
                f"CPU time {cpu:.2f}×, which a busy machine distorts less), "
                f"peak memory {m:.2f}× Zola's ({rw['rss'] / 2**20:,.0f} MB vs {zola['rss'] / 2**20:,.0f} MB; "
                f"target ≤ 350 MB at 10,000 pages{': **met**' if n == 10000 and rw['rss'] <= 350 * 2**20 else (': **not met**' if n == 10000 else '')})."
            )
        phases = os.path.join(res, f"phases-{n}.txt")
        if os.path.exists(phases):
            out.append(f"\nregionwise's phases at N = {n:,} (`--verbose`, one more run):\n\n```\n{open(phases, encoding='utf-8').read().rstrip()}\n```\n")
        out.append("")
    return out, verdicts


def page_weight(site):
    """gzipped HTML + the CSS and JS each content page loads."""
    rows = []
    for html in glob.glob(os.path.join(site, "**", "index.html"), recursive=True):
        rel = os.path.relpath(html, site)
        if rel in ("index.html", "404.html"):
            continue
        text = open(html, encoding="utf-8").read()
        assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        assets += re.findall(r'<script[^>]*\ssrc="([^"]+)"', text)
        total = gz(html)
        for a in assets:
            p = os.path.normpath(os.path.join(os.path.dirname(html), a))
            if os.path.exists(p):
                total += gz(p)
        rows.append((total, gz(html), rel))
    return sorted(rows)


def calculator_bundle(site):
    files = []
    for p in glob.glob(os.path.join(site, "**", "*"), recursive=True):
        name = os.path.basename(p)
        if os.path.isfile(p) and (name.endswith(".wasm") or re.match(r"(calc|regionwise_wasm)[.-].*\.js$", name)):
            files.append((os.path.relpath(p, site), gz(p), os.path.getsize(p)))
    return sorted(files)


def main():
    res, site, dest = sys.argv[1:4]
    lines = ["# Benchmarks", ""]
    lines.append("Written by `bench/run.sh` (do not edit by hand; rerun it). Raw results are in `bench/work/results/`.")
    lines.append("")
    lines.append("## Machine and tools\n")
    lines.append("| | |\n| --- | --- |")
    for k, v in tsv(os.path.join(res, "machine.tsv")) + tsv(os.path.join(res, "versions.tsv")):
        lines.append(f"| {k} | {v} |")
    versions = dict(tsv(os.path.join(res, "versions.tsv")))
    if "zola" not in versions:
        lines.append("| zola | not measured in this run: no binary (bench/run.sh builds it from a getzola/zola source checkout at v0.22.1 in bench/work/zola-v0.22.1) |")
    lines.append("")

    tables, verdicts = build_tables(res)
    lines.append("## Full builds of the synthetic corpus\n")
    lines.append(
        "`bench/corpus.py N` writes the same pages for each tool: ~10 sections, 800–1,500 words a page of guide prose "
        "with headings, a table, a fenced code block, lists and 3–5 links to other pages (checked by regionwise and "
        "by Hugo's `relref`). Each build writes a new output folder. Each tool runs once "
        "untimed to warm the page cache, then hyperfine times its runs (fewer for a tool whose build takes minutes). "
        "Peak RSS is `/usr/bin/time -f %M` around each timed run. Ratios below 1 mean regionwise is "
        "faster or leaner. Work done differs in small ways: mdBook highlights code in the browser, regionwise and Hugo "
        "at build time; regionwise, Zola (elasticlunr) and mdBook write a search index, Hugo has none. "
        "Zola's theme is the same as the others' (`bench/corpus.py`), with class-based highlighting and its search "
        "index turned on (both are off by default).\n"
    )
    if verdicts:
        lines.extend(verdicts)
        lines.append("")
    lines.extend(tables)

    guide = os.path.join(res, "guide.json")
    if os.path.exists(guide):
        g = json.load(open(guide, encoding="utf-8"))["results"][0]
        lines.append("## The bundled guide, cold process\n")
        lines.append(f"`regionwise build --root . --output …`, {len(g['times'])} runs after 2 warm-up runs (a new process each time; target < 300 ms):\n")
        lines.append("| min | median | max |\n| ---: | ---: | ---: |")
        lines.append(f"| {g['min'] * 1000:.0f} ms | {g['median'] * 1000:.0f} ms | {g['max'] * 1000:.0f} ms |")
        phases = os.path.join(res, "phases-guide.txt")
        if os.path.exists(phases):
            lines.append(f"\n```\n{open(phases, encoding='utf-8').read().rstrip()}\n```")
        lines.append("")

    serve_rows = []
    for path in sorted(glob.glob(os.path.join(res, "serve*.json"))):
        if os.path.getsize(path):
            serve_rows.append(json.load(open(path, encoding="utf-8")))
    if serve_rows:
        lines.append("## `serve`: an edit until the page is served, and its memory\n")
        lines.append("`bench/serve-latency.py`: edits to one page of a copy of the site, each undone before the next; each "
                     "edit and each undo is timed from the file write until `regionwise serve` returns the changed page "
                     "(polling every 2 ms; the browser's live reload is not included). \"body\" appends a paragraph; \"title\" "
                     "appends words to the front matter's title, which re-renders the page's section, neighbours and the "
                     "sidebars that list it. Target ≤ 100 ms at 10,000 pages. "
                     "Resident memory (VmRSS) is read after the first build and after every edit and undo; target: "
                     "the last within 10 % of the first.\n")
        lines.append("| site | page | edit | edits + undos | first build | min | median | p95 | max | RSS after first build | RSS after the last | largest RSS seen | peak (VmHWM) |")
        lines.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for v in sorted(serve_rows, key=lambda v: (v.get("pages", 0), v.get("edit", "body"))):
            first = v.get("rss_first_mb")
            mem = (f"{first:,.0f} MB | {v['rss_last_mb']:,.0f} MB ({(v['rss_last_mb'] / first - 1) * 100:+.0f} %) | "
                   f"{v['rss_max_mb']:,.0f} MB | {v['peak_rss_mb']:,.0f} MB") if first else "– | – | – | –"
            lines.append(f"| {v.get('pages', '?'):,} pages | `{v['page']}` | {v.get('edit', 'body')} | {v.get('changes', v['edits'])} "
                         f"| {v.get('first_build_s', 0):.1f} s | {v['min_ms']:.0f} ms | {v['median_ms']:.0f} ms "
                         f"| {v['p95_ms']:.0f} ms | {v['max_ms']:.0f} ms | {mem} |")
        lines.append("")

    payload = os.path.join(res, "search-payload.md")
    if os.path.exists(payload) and os.path.getsize(payload):
        lines.append("## Search payload\n")
        lines.append("`bench/search-payload.mjs`: the site's own `search.js` runs in Node against each built site "
                     "(`tests/browser/search-node.mjs`, the code the browser runs) and every file a query loads is "
                     "counted. \"first query\" includes `search.js` itself, as Pagefind's figure includes its "
                     "library; \"follow-up\" is a second query in the same session; \"typed\" searches at every "
                     "letter with no debounce (the worst case; the search box waits 120 ms after a key).\n")
        lines.append(open(payload, encoding="utf-8").read().rstrip())
        lines.append("")

    if os.path.isdir(site):
        rows = page_weight(site)
        if rows:
            lines.append("## Page weight (bundled guide)\n")
            lines.append(f"gzip level {GZIP_LEVEL}; a page's HTML plus the stylesheets and scripts it loads, no images; target ≤ 40 KB.\n")
            med = rows[len(rows) // 2]
            lines.append("| | page | HTML | HTML + CSS + JS |\n| --- | --- | ---: | ---: |")
            for label, r in (("lightest", rows[0]), ("median", med), ("heaviest", rows[-1])):
                lines.append(f"| {label} | `{r[2]}` | {kb(r[1])} | {kb(r[0])} |")
            lines.append("")
        cold = os.path.join(res, "cold-start.json")
        if os.path.exists(cold) and os.path.getsize(cold):
            c = json.load(open(cold, encoding="utf-8"))
            lines.append("## Cold start of a page (bundled guide)\n")
            lines.append("`bench/cold-start.py`: what a first visit with an empty cache downloads: the HTML, its stylesheet, "
                         "scripts and icon, the search script (its index loads on a query), and the calculator bundle only "
                         "on pages with a calculator; gzip level 6. Budget (README, checked by `tests/testsuite/cold_start.rs`): "
                         "≤ 6 requests and ≤ 40 KB; with a calculator ≤ 9 requests and ≤ 190 KB.\n")
            lines.append("| pages | count | requests (most) | lightest | median | heaviest |")
            lines.append("| --- | ---: | ---: | --- | ---: | --- |")
            for key, label in (("without_calculator", "without a calculator"), ("with_calculator", "with a calculator")):
                g = c.get(key)
                if g:
                    lo, hi = g["lightest"], g["heaviest"]
                    lines.append(f"| {label} | {g['pages']} | {g['max_requests']} | `{lo['page']}` {kb(lo['gzip_bytes'])} "
                                 f"| {kb(g['median_gzip_bytes'])} | `{hi['page']}` {kb(hi['gzip_bytes'])} |")
            if c.get("missing"):
                lines.append(f"\nMissing files referenced by pages: {', '.join(c['missing'])}")
            lines.append("")
        calc = calculator_bundle(site)
        lines.append("## Calculator bundle\n")
        if calc:
            lines.append("wasm + JS glue, gzip level 6; target ≤ 150 KB.\n")
            lines.append("| file | size | gzipped |\n| --- | ---: | ---: |")
            for name, g, size in calc:
                lines.append(f"| `{name}` | {kb(size)} | {kb(g)} |")
            lines.append(f"| **total** | {kb(sum(c[2] for c in calc))} | **{kb(sum(c[1] for c in calc))}** |")
        else:
            lines.append("No calculator files in the output (binary built with `REGIONWISE_SKIP_WASM`, or the calculators have not landed).")
        lines.append("")

    calc_timing = os.path.join(res, "calc.json")
    lines.append("## Calculator recompute in the browser\n")
    if os.path.exists(calc_timing) and os.path.getsize(calc_timing):
        c = json.load(open(calc_timing, encoding="utf-8"))
        lines.append(f"{c.get('what', '')}\n")
        lines.append("| calculator | changes | median | p95 | max |\n| --- | ---: | ---: | ---: | ---: |")
        for row in c.get("rows", []):
            lines.append(f"| {row['name']} | {row['n']} | {row['median']:.2f} ms | {row['p95']:.2f} ms | {row['max']:.2f} ms |")
        worst = max((row["median"] for row in c.get("rows", [])), default=0)
        lines.append(f"\nSlowest median: {worst:.2f} ms — target < 5 ms **{'met' if worst < 5 else 'not met'}**. "
                     "Chromium rounds performance.now() to 0.1 ms.")
    else:
        lines.append("Not measured in this run (no `bench/calc-timing.mjs` result).")
    lines.append("")

    notes = os.path.join(os.path.dirname(dest), "NOTES.md")
    if os.path.exists(notes):
        lines.append(open(notes, encoding="utf-8").read().rstrip())
        lines.append("")
    with open(dest, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
