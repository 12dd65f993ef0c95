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

# The innermost regionwise function of an allocation's backtrace → what the
# bytes are. First match wins; patterns are matched against "module::fn".
WHAT = [
    (r"load::files::(decode|normalise_newlines)", "page sources (load), kept to the end"),
    (r"parse::library::", "page bodies copied into the library (parse)"),
    (r"render::content::substitute_text|search::html_to_text", "search text per page (render content)"),
    (r"render::content::(substitute|render_into)$", "Markdown HTML per page (render content)"),
    (r"render::markdown::|render::content::collect_ids|render::highlight|render::links", "TOC, ids, links per page (render content)"),
    (r"render::shortcodes", "shortcode output (render content)"),
    (r"render::(page|templates)::", "rendered pages, held until the write (render pages)"),
    (r"search::", "search index (site files)"),
    (r"write::sitemap", "sitemap"),
    (r"write::assets|load::files::load_embedded|load::files::load_from_disk|branding", "static assets copied per build"),
    (r"write::", "write"),
]


def function_of(frame):
    """'0x…: regionwise::load::files::decode (src/…:1:2)' → 'load::files::decode'."""
    m = re.search(r"regionwise::([A-Za-z0-9_:<>{}#]+)", frame)
    if not m:
        return None
    name = re.sub(r"::\{\{closure\}\}|::\{closure#\d+\}|::h[0-9a-f]{16}$", "", m.group(1))
    return name


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
        ours = [f for f in (function_of(frames[i]) for i in pp["fs"]) if f and not f.startswith("main")]
        fn = ours[0] if ours else "(outside regionwise: std, rayon, tera internals without a regionwise frame)"
        by_fn[fn] += live
        what = next((label for pat, label in WHAT if ours and re.search(pat, fn)), "other")
        by_what[what] += live
    mb = lambda b: f"{b / 1e6:7.1f} MB"
    print(f"bytes live at the heap's peak: {mb(total)} ({profile.get('cmd', '')})\n")
    print("by what they are:")
    for what, b in by_what.most_common():
        print(f"  {mb(b)}  {b / total * 100:4.1f} %  {what}")
    print(f"\nby the innermost regionwise function that allocated them (top {top}):")
    for fn, b in by_fn.most_common(top):
        print(f"  {mb(b)}  {fn}")


if __name__ == "__main__":
    main()
