#!/usr/bin/env python3
"""Summarises a dhat-rs heap profile (examples/heap_profile.rs): the bytes
live at the heap's peak (dhat's t-gmax), by allocation site in regionwise's
own code and by what they are in the pipeline.

    bench/heap-summary.py dhat-heap.json [TOP]
"""

import json
import re
import sys
from collections import Counter

# regionwise's own source files in a frame ("0x…: fn (src/render/page.rs:12:3)");
# the standard library's frames also say "src/…", but not these folders.
OURS = re.compile(r"^0x[0-9a-f]+: (.+) \((src/(?:render|search|site|parse|load|write|serve|check|cli|init)/[^:]+|src/[a-z_]+\.rs):(\d+)")

# The innermost regionwise frame of an allocation's backtrace → what the
# bytes are. First match wins, against "file function".
WHAT = [
    (r"src/load/files\.rs (decode|normalise_newlines)", "page sources as read (load), kept to the end"),
    (r"src/parse/", "front matter and page bodies copied into the library (parse)"),
    (r"src/render/(text|html)\.rs", "search text per page (render content)"),
    (r"src/render/(markdown|content|highlight|links)\.rs", "Markdown HTML, TOC, ids, links per page (render content)"),
    (r"src/render/shortcodes", "shortcode output (render content)"),
    (r"src/render/(page|templates)\.rs", "rendered pages (render pages)"),
    (r"src/search/", "search index (site files)"),
    (r"src/write/sitemap", "sitemap"),
    (r"src/write/assets|src/load/|src/branding", "static assets copied per build"),
    (r"src/write/", "write"),
    (r"src/site/", "pipeline glue (site/mod.rs)"),
]


def our_frame(frame):
    """'0x…: render (src/render/page.rs:12:3)' → ('src/render/page.rs', 'render', 12)."""
    m = OURS.match(frame)
    if not m:
        return None
    fn = re.sub(r"<.*", "", m.group(1)).split("::")[-1]
    return m.group(2), fn, int(m.group(3))


def main():
    profile = json.load(open(sys.argv[1], encoding="utf-8"))
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    frames = profile["ftbl"]
    by_fn, by_what = Counter(), Counter()
    total = 0
    for pp in profile["pps"]:
        live = pp.get("gb", 0)
        if not live:
            continue
        total += live
        ours = [f for f in (our_frame(frames[i]) for i in pp["fs"]) if f]
        if ours:
            file, fn, line = ours[0]
            site = f"{file}:{line} {fn}"
            what = next((label for pat, label in WHAT if re.search(pat, f"{file} {fn}")), "other")
        else:
            site = what = "(no regionwise frame)"
        by_fn[site] += live
        by_what[what] += live
    mb = lambda b: f"{b / 2**20:7.1f} MB"  # MiB, like RESULTS.md
    print(f"bytes live at the heap's peak: {mb(total)} ({profile.get('cmd', '')})\n")
    print("by what they are:")
    for what, b in by_what.most_common():
        print(f"  {mb(b)}  {b / total * 100:4.1f} %  {what}")
    print(f"\nby the innermost regionwise line that allocated them (top {top}):")
    for fn, b in by_fn.most_common(top):
        print(f"  {mb(b)}  {fn}")


if __name__ == "__main__":
    main()
