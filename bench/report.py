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
        for tool in ("regionwise", "hugo", "mdbook"):
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
        lines.append("| zola | not measured: no Zola binary on this machine (not in Debian's archive, not on crates.io, and nothing else may be downloaded here) |")
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
        "at build time; regionwise and mdBook write a search index, Hugo has none.\n"
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

    serve = os.path.join(res, "serve.json")
    if os.path.exists(serve) and os.path.getsize(serve):
        v = json.load(open(serve, encoding="utf-8"))
        lines.append("## `serve`: an edit until the page is served\n")
        lines.append(f"`bench/serve-latency.py`: {v['edits']} edits and undos of `{v['page']}` in a copy of the guide, "
                     "each timed from the file write until `regionwise serve` returns the changed page (polling every 2 ms; "
                     "the browser's live reload is not included). Target < 100 ms.\n")
        lines.append("| min | median | p95 | max |\n| ---: | ---: | ---: | ---: |")
        lines.append(f"| {v['min_ms']:.0f} ms | {v['median_ms']:.0f} ms | {v['p95_ms']:.0f} ms | {v['max_ms']:.0f} ms |\n")

    if os.path.isdir(site):
        rows = page_weight(site)
        if rows:
            lines.append("## Page weight (bundled guide)\n")
            lines.append(f"gzip level {GZIP_LEVEL}; a page's HTML plus the stylesheets and scripts it loads, no images; target ≤ 30 KB.\n")
            med = rows[len(rows) // 2]
            lines.append("| | page | HTML | HTML + CSS + JS |\n| --- | --- | ---: | ---: |")
            for label, r in (("lightest", rows[0]), ("median", med), ("heaviest", rows[-1])):
                lines.append(f"| {label} | `{r[2]}` | {kb(r[1])} | {kb(r[0])} |")
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
