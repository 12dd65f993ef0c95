#!/usr/bin/env python3
"""Writes a deterministic synthetic architecture-guide corpus in four layouts.

    bench/corpus.py N OUT [--seed S] [--sections K]

creates

    OUT/regionwise/   regionwise.toml, content/<section>/_index.md, pages
    OUT/hugo/         hugo.toml, content/ (same Markdown), layouts/_default/
    OUT/mdbook/       book.toml, src/SUMMARY.md, src/<section>/*.md
    OUT/zola/         config.toml, content/ (same Markdown), templates/, static/

Every page is the same Markdown in all four: 800-1,500 words of guide prose
from a seeded vocabulary, ~8 headings, a table, a fenced code block, a bullet
and a numbered list, and 3-5 links to other pages. Only the link syntax
differs: `@/section/page.md` (regionwise and Zola), `{{< relref "/section/page.md" >}}`
(Hugo, so links are resolved and checked like regionwise's), and relative
`../section/page.md` (mdBook, which rewrites `.md` links).

The same N and seed give byte-identical files.
"""

import argparse
import os
import random
import shutil

SECTIONS = [
    ("foundations", "Foundations"),
    ("patterns", "Patterns"),
    ("replication", "Replication"),
    ("routing", "Traffic routing"),
    ("consistency", "Consistency"),
    ("operations", "Operations"),
    ("drills", "Failover drills"),
    ("cost", "Cost"),
    ("security", "Security and compliance"),
    ("reference", "Reference"),
    ("observability", "Observability"),
    ("migration", "Migration"),
]

NOUNS = (
    "region primary replica standby database cluster failover failback "
    "deployment workload tenant partition shard queue stream snapshot backup "
    "endpoint load-balancer health-check resolver record zone quorum leader "
    "follower write read transaction latency throughput budget runbook drill "
    "pipeline artefact template module policy role key certificate secret "
    "bucket object table index cache session token request response dependency "
    "service team owner on-call incident outage postmortem alert dashboard "
    "metric trace log sample window threshold timeout retry backoff capacity "
    "reservation instance node pod container image release rollout canary"
).split()

ADJS = (
    "regional global synchronous asynchronous idempotent durable stale "
    "consistent eventual strong weak warm cold hot passive active partitioned "
    "replicated isolated shared dedicated managed self-hosted cross-region "
    "in-region multi-zone single-zone critical optional expensive cheap slow "
    "fast noisy quiet degraded healthy tested untested manual automated "
    "scheduled continuous incremental full read-only writable"
).split()

VERBS = (
    "replicates,promotes,drains,routes,fails over to,restores,rebuilds,scales,"
    "throttles,caches,invalidates,measures,alerts on,pages on,rotates,encrypts,"
    "signs,verifies,reconciles,merges,rejects,retries,batches,streams,"
    "snapshots,provisions,deploys,rolls back,pins,detects"
).split(",")

ADVS = (
    "quickly slowly rarely usually always never eventually immediately "
    "carefully automatically manually safely quietly predictably"
).split()

CONNECT = [
    "In practice,", "As a rule,", "During a drill,", "In the second region,",
    "Under load,", "Before the cut-over,", "After failback,", "For most teams,",
    "On a bad day,", "When the primary is healthy,", "Over a month,",
    "If the link partitions,", "With a warm standby,", "By design,",
]

CODE = {
    "toml": [
        "[region.{a}]", "primary = {b}", "replicas = {n}", "rpo_seconds = {m}",
        "rto_minutes = {n}", "# {a} keeps a {c} copy", "health_check = \"/{a}/healthz\"",
    ],
    "yaml": [
        "{a}:", "  primary: {b}", "  replicas: {n}", "  rpo_seconds: {m}",
        "  failover: {c}", "  # drained before the {a} drill", "  timeout: {m}s",
    ],
    "sh": [
        "# promote the {a} replica", "aws rds promote-read-replica --db {a}-{n}",
        "kubectl -n {a} scale deploy/api --replicas={n}",
        "dig +short {a}.example.internal", "export REGION={a}",
        "curl -sf https://{a}.example.internal/healthz || exit {n}",
    ],
    "rust": [
        "fn failover(region: &str) -> Result<(), Error> {{",
        "    let replicas = {n};", "    // {a}: promote the {c} standby",
        "    let rpo = Duration::from_secs({m});", "    drain(region, rpo)?;",
        "    Ok(())", "}}",
    ],
    "json": [
        "{{", "  \"region\": \"{a}\",", "  \"replicas\": {n},",
        "  \"rpo_seconds\": {m},", "  \"mode\": \"{c}\"", "}}",
    ],
}

REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1", "us-west-2", "sa-east-1"]


SYLLABLES = (
    "ka ri to ven mor sal dun ex quo lin bra tes vel or ium na pe sor gal "
    "mi tra dex on ar ul zen fer cas pol it ro ska bel vin dra le nus"
).split()


def made_up_name(rng):
    """A product or service name (`Velorium`), so the vocabulary has a long
    tail like real prose and the search index is not a few hundred terms."""
    return cap("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))


def cap(s):
    return s[:1].upper() + s[1:]


class Writer:
    """Generates one page's Markdown from a per-page seeded RNG."""

    def __init__(self, rng, common_names):
        self.r = rng
        # A few names only this page uses, and some shared across the corpus.
        self.names = [made_up_name(rng) for _ in range(4)] + rng.sample(common_names, 4)

    def phrase(self):
        r = self.r
        return f"the {r.choice(ADJS)} {r.choice(NOUNS)}"

    def sentence(self):
        r = self.r
        kind = r.randrange(7)
        if kind == 0:
            s = f"{r.choice(CONNECT)} {self.phrase()} {r.choice(VERBS)} {self.phrase()} {r.choice(ADVS)}"
        elif kind == 1:
            s = f"{cap(self.phrase())} {r.choice(VERBS)} {self.phrase()}, and {self.phrase()} {r.choice(VERBS)} {self.phrase()}"
        elif kind == 2:
            s = f"{cap(self.phrase())} is {r.choice(ADJS)} unless {self.phrase()} {r.choice(VERBS)} within {r.randrange(2, 90)} seconds"
        elif kind == 3:
            s = f"A `{r.choice(NOUNS)}` that {r.choice(VERBS)} {self.phrase()} costs about {r.randrange(2, 60)} percent more than {self.phrase()}"
        elif kind == 4:
            s = f"Teams that run **{r.choice(ADJS)} {r.choice(NOUNS)}s** {r.choice(ADVS)} find that {self.phrase()} {r.choice(VERBS)} {self.phrase()}"
        elif kind == 5:
            s = f"{cap(self.phrase())} {r.choice(VERBS)} {self.phrase()} in {r.choice(REGIONS)}, so {self.phrase()} stays *{r.choice(ADJS)}*"
        else:
            s = f"{r.choice(self.names)} {r.choice(VERBS)} {self.phrase()} for {r.choice(self.names)}, which {r.choice(VERBS)} {self.phrase()}"
        return s + "."

    def paragraph(self, n_min=3, n_max=6, links=None):
        sents = [self.sentence() for _ in range(self.r.randint(n_min, n_max))]
        if links:
            for text, target in links:
                i = self.r.randrange(len(sents))
                sents[i] = sents[i][:-1] + f"; see [{text}]({target})."
        return " ".join(sents)

    def heading(self):
        r = self.r
        return f"{cap(r.choice(ADJS))} {r.choice(NOUNS)}s and {r.choice(NOUNS)}s"

    def table(self):
        r = self.r
        cols = ["Pattern", "RPO", "RTO", "Monthly cost"]
        rows = ["| " + " | ".join(cols) + " |", "| --- | --- | --- | --- |"]
        for _ in range(r.randint(4, 7)):
            rows.append(
                f"| {cap(r.choice(ADJS))} {r.choice(NOUNS)} | {r.randrange(0, 3600)} s "
                f"| {r.randrange(1, 240)} min | ${r.randrange(1, 90)},{r.randrange(100, 999)} |"
            )
        return "\n".join(rows)

    def code(self):
        r = self.r
        lang = r.choice(sorted(CODE))
        lines = CODE[lang]
        fill = dict(a=r.choice(REGIONS), b=r.choice(["true", "false"]), n=r.randrange(1, 9),
                    m=r.randrange(1, 900), c=r.choice(ADJS))
        body = "\n".join(line.format(**fill) for line in lines)
        return f"```{lang}\n{body}\n```"

    def bullets(self, ordered=False):
        r = self.r
        items = []
        for i in range(r.randint(3, 6)):
            mark = f"{i + 1}." if ordered else "-"
            items.append(f"{mark} {cap(self.phrase())} {r.choice(VERBS)} {self.phrase()}.")
        return "\n".join(items)


def words(md):
    return len(md.split())


def page_body(rng, links, common_names):
    """The Markdown body (no front matter, no H1); links: [(text, target)]."""
    w = Writer(rng, common_names)
    target_words = rng.randint(880, 1360)
    n_sections = rng.randint(7, 9)
    blocks = [w.paragraph(3, 5)]
    # spread the links over the sections
    per = [[] for _ in range(n_sections)]
    for i, link in enumerate(links):
        per[rng.randrange(n_sections)].append(link)
    table_at = rng.randrange(n_sections)
    code_at = rng.randrange(n_sections)
    list_at = rng.randrange(n_sections)
    olist_at = rng.randrange(n_sections)
    budget = target_words - words(blocks[0]) - 150
    per_section = max(50, budget // n_sections)
    for s in range(n_sections):
        blocks.append(f"## {w.heading()}")
        used = 0
        first = True
        while first or used + 40 < per_section:
            para = w.paragraph(2, 5, per[s] if first else None)
            first = False
            used += words(para)
            blocks.append(para)
            if used + 40 < per_section and rng.random() < 0.25:
                blocks.append(f"### {w.heading()}")
        if s == table_at:
            blocks.append(w.table())
        if s == code_at:
            blocks.append(w.code())
        if s == list_at:
            blocks.append(w.bullets())
        if s == olist_at:
            blocks.append(w.bullets(ordered=True))
    while sum(words(b) for b in blocks) < 820:
        blocks.append(w.paragraph(3, 5))
    return "\n\n".join(blocks) + "\n"


def plan(n, n_sections, seed):
    """Section of each page, titles, and each page's link targets."""
    rng = random.Random(seed)
    sections = SECTIONS[:n_sections]
    pages = []  # (section_slug, page_slug, title, description, weight)
    for i in range(n):
        sec = sections[i % n_sections][0]
        title = f"{cap(rng.choice(ADJS))} {rng.choice(NOUNS)}s in practice {i + 1}"
        desc = f"How {rng.choice(ADJS)} {rng.choice(NOUNS)}s behave when {rng.choice(NOUNS)}s {rng.choice(VERBS)} {rng.choice(ADVS)}."
        pages.append((sec, f"page-{i + 1:05d}", title, desc, i // n_sections + 1))
    links = []
    for i in range(n):
        k = rng.randint(3, 5)
        links.append([rng.randrange(n) for _ in range(k)])
    return sections, pages, links


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def front_matter(title, desc, weight, extra=""):
    return f'+++\ntitle = "{title}"\ndescription = "{desc}"\nweight = {weight}\n{extra}+++\n\n'


# Zola gives a section's pages no order (and so no previous/next) unless asked.
ZOLA_SORT = 'sort_by = "weight"\n'


HUGO_CONFIG = """baseURL = "https://bench.example/"
title = "Synthetic guide"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS"]
relativeURLs = true
[markup.goldmark.renderer]
unsafe = true
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""


def hugo_nav_window(k=7):
    """The current section's pages around the current one, like regionwise's
    sidebar (up to 15), walked with NextInSection/PrevInSection so a page
    costs O(1) instead of a loop over its whole section."""
    o, c = "{{ ", " }}"
    t = []
    for side, method in (("p", "NextInSection"), ("n", "PrevInSection")):
        t.append(f"{o}${side}1 := $cur.{method}{c}")
        for i in range(2, k + 1):
            t.append(f"{o}${side}{i} := false{c}{o}with ${side}{i - 1}{c}{o}${side}{i} = .{method}{c}{o}end{c}")
    li = '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
    for i in range(k, 0, -1):
        t.append(f"{o}with $p{i}{c}{li}{o}end{c}")
    t.append('<li><a href="{{ $cur.RelPermalink }}" aria-current="page">{{ $cur.Title }}</a></li>')
    for i in range(1, k + 1):
        t.append(f"{o}with $n{i}{c}{li}{o}end{c}")
    return "\n".join(t) + "\n"


HUGO_NAV_WINDOW = hugo_nav_window()

# A theme of comparable weight to regionwise's default: header, sidebar with
# the sections and the current section's nearby pages, breadcrumb, table of
# contents, reading time, prev/next, fingerprinted CSS.
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ $css := resources.Get "site.css" | fingerprint }}<link rel="stylesheet" href="{{ $css.RelPermalink }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><a class="brand" href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<div class="layout">
<nav class="sidebar" aria-label="Guide"><ul>
{{ $cur := . }}
{{ range .Site.Sections }}<li{{ if or (eq $cur .) ($cur.IsDescendant .) }} class="open"{{ end }}><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if and (ne $cur .) ($cur.IsDescendant .) }}<ul>
""" + HUGO_NAV_WINDOW + """<li><a href="{{ .RelPermalink }}">All {{ len .Pages }} pages</a></li>
</ul>{{ end }}</li>
{{ end }}</ul></nav>
<main id="main">{{ block "main" . }}{{ end }}</main>
</div>
<footer class="site-footer"><p>{{ .Site.Title }} · built with Hugo</p></footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{{ with .Parent }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li><span aria-current="page">{{ .Title }}</span></li></ol></nav>
<article class="content">
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Description }}</p>
<p class="page-meta">{{ .ReadingTime }} min read</p>
<nav class="toc" aria-label="On this page"><p class="toc-title">On this page</p>{{ .TableOfContents }}</nav>
{{ .Content }}
</article>
<nav class="prev-next">{{ with .PrevInSection }}<a class="prev" href="{{ .RelPermalink }}">Previous {{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a class="next" href="{{ .RelPermalink }}">Next {{ .Title }}</a>{{ end }}</nav>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<article class="content">
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Description }}</p>
{{ .Content }}
<section class="listing"><h2>In this section</h2><ul class="cards">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>{{ end }}
</ul></section>
</article>
{{ end }}
"""


# Zola 0.22: the same theme. Highlighting with classes (like regionwise) and
# an elasticlunr search index are turned on; both are off by default. One
# difference: in the open section the sidebar lists the page and its two
# neighbours (`page.lower`/`page.higher`), not 15 pages around it. Zola has
# no cheap way to reach further: walking the chain with `get_page` serialises
# each neighbour whole (content included), which made the 1,000-page build
# ~2.5x slower in CPU time. "All pages" has no count, as a section's page
# count needs every page of it serialised. The stylesheet is not
# fingerprinted: `get_url(cachebust=true)` reads and hashes the file again on
# every call.
ZOLA_CONFIG = """base_url = "https://bench.example"
title = "Synthetic guide"
build_search_index = true

[markdown.highlighting]
theme = "catppuccin-latte"
style = "class"
"""

ZOLA_NAV_WINDOW = """{% if page.lower %}<li><a href="{{ page.lower.permalink | safe }}">{{ page.lower.title }}</a></li>{% endif %}
<li><a href="{{ page.permalink | safe }}" aria-current="page">{{ page.title }}</a></li>
{% if page.higher %}<li><a href="{{ page.higher.permalink | safe }}">{{ page.higher.title }}</a></li>{% endif %}
"""


ZOLA_BASE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock title %} · {{ config.title }}</title>
<meta name="description" content="{% block description %}{% endblock description %}">
<link rel="canonical" href="{{ current_url | safe }}">
<link rel="stylesheet" href="{{ get_url(path='site.css') | safe }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><a class="brand" href="{{ get_url(path='') | safe }}">{{ config.title }}</a></header>
<div class="layout">
<nav class="sidebar" aria-label="Guide"><ul>
{% if page is defined %}{% set open = page.ancestors | last %}{% else %}{% set open = section.relative_path %}{% endif %}
{% set root = get_section(path="_index.md", metadata_only=true) %}
{% for sub in root.subsections %}{% set s = get_section(path=sub, metadata_only=true) %}<li{% if sub == open %} class="open"{% endif %}><a href="{{ s.permalink | safe }}">{{ s.title }}</a>
{% if page is defined and sub == open %}<ul>
""" + ZOLA_NAV_WINDOW + """<li><a href="{{ s.permalink | safe }}">All pages</a></li>
</ul>{% endif %}</li>
{% endfor %}</ul></nav>
<main id="main">{% block main %}{% endblock main %}</main>
</div>
<footer class="site-footer"><p>{{ config.title }} · built with Zola</p></footer>
</body>
</html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block main %}
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{% for a in page.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a></li>{% endfor %}<li><span aria-current="page">{{ page.title }}</span></li></ol></nav>
<article class="content">
<h1>{{ page.title }}</h1>
<p class="lead">{{ page.description }}</p>
<p class="page-meta">{{ page.reading_time }} min read</p>
<nav class="toc" aria-label="On this page"><p class="toc-title">On this page</p><ul>
{% for h in page.toc %}<li class="toc-h{{ h.level }}"><a href="#{{ h.id }}">{{ h.title }}</a></li>{% for c in h.children %}<li class="toc-h{{ c.level }}"><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}{% endfor %}
</ul></nav>
{{ page.content | safe }}
</article>
<nav class="prev-next">{% if page.lower %}<a class="prev" href="{{ page.lower.permalink | safe }}">Previous {{ page.lower.title }}</a>{% endif %}{% if page.higher %}<a class="next" href="{{ page.higher.permalink | safe }}">Next {{ page.higher.title }}</a>{% endif %}</nav>
{% endblock main %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock title %}
{% block description %}{{ section.description }}{% endblock description %}
{% block main %}
<article class="content">
<h1>{{ section.title }}</h1>
<p class="lead">{{ section.description }}</p>
{{ section.content | safe }}
<section class="listing"><h2>In this section</h2><ul class="cards">
{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a><p>{{ p.description }}</p></li>{% endfor %}
{% for sub in section.subsections %}{% set s = get_section(path=sub, metadata_only=true) %}<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a><p>{{ s.description }}</p></li>{% endfor %}
</ul></section>
</article>
{% endblock main %}
"""


def generate(n, out, seed, n_sections, css):
    sections, pages, links = plan(n, n_sections, seed)
    name_rng = random.Random(seed + 1)
    common_names = sorted({made_up_name(name_rng) for _ in range(3000)})
    for d in ("regionwise", "hugo", "mdbook", "zola"):
        shutil.rmtree(os.path.join(out, d), ignore_errors=True)
    rw = os.path.join(out, "regionwise")
    hg = os.path.join(out, "hugo")
    mb = os.path.join(out, "mdbook")
    zl = os.path.join(out, "zola")

    write(os.path.join(rw, "regionwise.toml"),
          'title = "Synthetic guide"\nbase_url = "https://bench.example/"\n')
    write(os.path.join(hg, "hugo.toml"), HUGO_CONFIG)
    write(os.path.join(hg, "layouts/_default/baseof.html"), HUGO_BASEOF)
    write(os.path.join(hg, "layouts/_default/single.html"), HUGO_SINGLE)
    write(os.path.join(hg, "layouts/_default/list.html"), HUGO_LIST)
    write(os.path.join(hg, "assets/site.css"), css)
    write(os.path.join(zl, "config.toml"), ZOLA_CONFIG)
    write(os.path.join(zl, "templates/base.html"), ZOLA_BASE)
    write(os.path.join(zl, "templates/page.html"), ZOLA_PAGE)
    write(os.path.join(zl, "templates/section.html"), ZOLA_SECTION)
    write(os.path.join(zl, "templates/index.html"), '{% extends "section.html" %}\n')
    write(os.path.join(zl, "static/site.css"), css)
    write(os.path.join(mb, "book.toml"),
          '[book]\ntitle = "Synthetic guide"\nlanguage = "en"\nsrc = "src"\n\n'
          '[output.html]\nsite-url = "/"\n')

    home = "A synthetic architecture guide for benchmarking static-site generators.\n"
    for root in (rw, hg):
        write(os.path.join(root, "content/_index.md"),
              front_matter("Synthetic guide", "The benchmark corpus.", 0) + home)
    write(os.path.join(zl, "content/_index.md"),
          front_matter("Synthetic guide", "The benchmark corpus.", 0, ZOLA_SORT) + home)
    write(os.path.join(mb, "src/index.md"), "# Synthetic guide\n\n" + home)

    summary = ["# Summary", "", "[Synthetic guide](index.md)", ""]
    by_section = {slug: [] for slug, _ in sections}
    for i, p in enumerate(pages):
        by_section[p[0]].append(i)

    for w, (slug, title) in enumerate(sections, start=1):
        body = f"Pages about {title.lower()}.\n"
        for root in (rw, hg):
            write(os.path.join(root, f"content/{slug}/_index.md"),
                  front_matter(title, f"Everything about {title.lower()}.", w) + body)
        write(os.path.join(zl, f"content/{slug}/_index.md"),
              front_matter(title, f"Everything about {title.lower()}.", w, ZOLA_SORT) + body)
        write(os.path.join(mb, f"src/{slug}/index.md"), f"# {title}\n\n{body}")
        summary.append(f"- [{title}]({slug}/index.md)")
        for i in by_section[slug]:
            summary.append(f"  - [{pages[i][2]}]({slug}/{pages[i][1]}.md)")

    write(os.path.join(mb, "src/SUMMARY.md"), "\n".join(summary) + "\n")

    for i, (sec, slug, title, desc, weight) in enumerate(pages):
        targets = [(pages[t][2], pages[t][0], pages[t][1]) for t in links[i]]
        # Same RNG stream for all three layouts: only the link syntax differs.
        def body_with(fmt):
            rng = random.Random(seed * 1_000_003 + i)
            return page_body(rng, [(t, fmt(s, p)) for t, s, p in targets], common_names)

        fm = front_matter(title, desc, weight)
        rw_body = body_with(lambda s, p: f"@/{s}/{p}.md")
        write(os.path.join(rw, f"content/{sec}/{slug}.md"), fm + rw_body)
        write(os.path.join(zl, f"content/{sec}/{slug}.md"), fm + rw_body)
        write(os.path.join(hg, f"content/{sec}/{slug}.md"),
              fm + body_with(lambda s, p: f'{{{{< relref "/{s}/{p}.md" >}}}}'))
        write(os.path.join(mb, f"src/{sec}/{slug}.md"),
              f"# {title}\n\n{desc}\n\n" + body_with(lambda s, p: f"../{s}/{p}.md"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("out", help="output folder")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--sections", type=int, default=10)
    ap.add_argument("--css", help="stylesheet for the Hugo theme (e.g. static/site.css)")
    a = ap.parse_args()
    css = open(a.css, encoding="utf-8").read() if a.css else "body{font-family:system-ui}\n"
    generate(a.n, a.out, a.seed, a.sections, css)


if __name__ == "__main__":
    main()
