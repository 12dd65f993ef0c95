//! The build, end to end through the real binary: the fixture site that
//! exercises every feature, snapshots of its HTML, and the main error paths.

use std::fs;
use std::path::Path;

use predicates::str::contains;

use crate::support::{fixture, regionwise, SiteTest};

/// Replaces fingerprints so snapshots survive CSS/JS edits.
fn stable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for (i, part) in html.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        let is_hash = part.len() >= 10
            && part[..10].chars().all(|c| c.is_ascii_hexdigit())
            && part[10..].starts_with(|c: char| !c.is_ascii_alphanumeric())
            || (part.len() == 10 && part.chars().all(|c| c.is_ascii_hexdigit()));
        if is_hash {
            out.push_str("HASH");
            out.push_str(&part[10..]);
        } else {
            out.push_str(part);
        }
    }
    out
}

#[test]
fn fixture_site_builds_every_feature() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    regionwise()
        .args(["build", "--root"])
        .arg(fixture("basic"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("Built 4 pages"));
    for file in [
        "index.html",
        "guide/index.html",
        "guide/first/index.html",
        "guide/second/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "logo.svg",
    ] {
        assert!(out.join(file).exists(), "{file} missing");
    }
    assert!(!out.join("guide/draft").exists(), "drafts are left out");
    let first = fs::read_to_string(out.join("guide/first/index.html")).unwrap();
    crate::assert_snapshot!("build__first_page", stable(&first));
    let second = fs::read_to_string(out.join("guide/second/index.html")).unwrap();
    crate::assert_snapshot!("build__second_page", stable(&second));
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("<p class=\"greeting\">Hello, reader!</p>"),
        "template shortcode"
    );
    assert!(
        home.contains("href=\"guide/first/index.html#setup\""),
        "internal link resolved relative"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(
        "<loc>https://docs.example.com/guide/guide/first/</loc><lastmod>2026-11-01</lastmod>"
    ));
    // Assets are fingerprinted and every reference points at a real file.
    let css: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("site.") && n.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1);
    assert!(first.contains(&format!("href=\"../../{}\"", css[0])));
}

#[test]
fn drafts_flag_includes_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    regionwise()
        .args(["build", "--drafts", "--root"])
        .arg(fixture("basic"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("guide/draft/index.html").exists());
}

/// Every file of an output folder as text (binary files lossily), joined.
fn all_text(out: &Path) -> String {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| String::from_utf8_lossy(&fs::read(e.path()).unwrap()).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_draft_section_hides_its_pages_nav_sitemap_search_and_images() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/unreleased/_index.md",
        "+++\ntitle = \"Unreleased\"\ndraft = true\n+++\nZanzibarquux section.\n",
    )
    .write(
        "content/unreleased/plan.md",
        "+++\ntitle = \"Plan\"\n+++\nZanzibarquux page.\n",
    )
    .write(
        "content/unreleased/deep/more.md",
        "+++\ntitle = \"More\"\n+++\nx\n",
    )
    .write("content/unreleased/diagram.svg", "<svg></svg>");
    let out = site.out();
    site.build().success();
    assert!(!out.join("unreleased").exists(), "the section's folder");
    let text = all_text(&out);
    for word in ["unreleased/", "Unreleased", "Zanzibarquux", "zanzibarquux"] {
        assert!(
            !text.contains(word),
            "`{word}` is in the output (nav, sitemap or search)"
        );
    }
    let with = site.dir().join("with-drafts");
    site.build_into(&with, &["--drafts"]).success();
    for file in [
        "unreleased/index.html",
        "unreleased/plan/index.html",
        "unreleased/deep/more/index.html",
        "unreleased/diagram.svg",
    ] {
        assert!(with.join(file).is_file(), "--drafts: {file}");
    }
    assert!(
        all_text(&with).contains("zanzibarquux"),
        "--drafts: the search index"
    );
}

#[test]
fn links_with_queries_colocated_images_and_site_paths_resolve() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/guide/diagram.svg", "<svg></svg>")
        .write(
            "content/guide/links.md",
            "+++\ntitle = \"Links\"\n+++\n![A diagram](diagram.svg)\n\n\
         [first, tab 2](first.md?tab=2#setup) · [logo](/logo.svg) · [home](/) · \
         [guide](/guide/) · [second](../guide/second/index.html)\n",
        );
    site.build().success();
    let out = site.out();
    let html = site.output("guide/links/index.html");
    for href in [
        "src=\"../../guide/diagram.svg\"",
        "href=\"../../guide/first/index.html?tab=2#setup\"",
        "href=\"../../logo.svg\"",
        "href=\"../../index.html\"",
        "href=\"../../guide/index.html\"",
        "href=\"../../guide/second/index.html\"",
    ] {
        assert!(html.contains(href), "no {href} in:\n{html}");
    }
    assert!(out.join("guide/diagram.svg").is_file());
}

#[test]
fn base_url_flag_changes_only_absolute_urls() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    regionwise()
        .args([
            "build",
            "--base-url",
            "https://intranet.local/docs",
            "--root",
        ])
        .arg(fixture("basic"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let page = fs::read_to_string(out.join("guide/first/index.html")).unwrap();
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://intranet.local/docs/guide/first/\">")
    );
    assert!(!page.contains("href=\"/"), "no root-absolute links");
    // Every sitemap entry is absolute, under the base URL.
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() >= 4, "{sitemap}");
    for loc in locs {
        assert!(loc.starts_with("https://intranet.local/docs/"), "{loc}");
    }
    // A base URL that is not absolute is refused, not written as it is.
    for bad in ["intranet.local/docs", "/docs/", "javascript:alert(1)"] {
        regionwise()
            .args(["build", "--base-url", bad, "--root"])
            .arg(fixture("basic"))
            .arg("--output")
            .arg(dir.path().join("bad"))
            .assert()
            .failure()
            .stderr(contains(
                "--base-url must be an absolute http:// or https:// URL",
            ));
    }
}

#[test]
fn errors_are_all_listed_with_file_and_line_and_output_is_kept() {
    let site = SiteTest::from_fixture("basic");
    site.build().success();
    let before = site.output("guide/first/index.html");

    site.write("content/guide/broken.md", "+++\ntitle = \"Broken\"\n+++\nSee [gone](@/nope.md).\n\n{{ nosuch() }}\n\n[anchor](first.md#nowhere)\n")
        .write(
            "content/guide/bad-fm.md",
            "+++\ntitle = \"X\"\ncolour = \"red\"\n+++\n",
        );
    site.build()
        .failure()
        .stderr(contains(
            "content/guide/bad-fm.md:3: invalid front matter: unknown field `colour`",
        ))
        .stderr(contains(
            "content/guide/broken.md:4: broken link to `@/nope.md`",
        ))
        .stderr(contains(
            "content/guide/broken.md:6: unknown shortcode `nosuch`",
        ))
        .stderr(contains(
            "content/guide/broken.md:8: broken link to `content/guide/first.md#nowhere`",
        ))
        .stderr(contains("left as it was"));
    assert_eq!(site.output("guide/first/index.html"), before);
}

#[test]
fn template_errors_name_the_template_line() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nope.deeper }}\n{% block listing %}{% endblock listing %}\n{% endblock main %}\n",
    );
    site.build()
        .failure()
        .stderr(contains("templates/page.html:3"));
}

#[test]
fn refuses_to_write_over_the_site() {
    let site = SiteTest::from_fixture("basic");
    site.build_into(&site.root(), &[])
        .failure()
        .stderr(contains("the site folder itself"));
    site.build_into(&site.root().join("content/out"), &[])
        .failure()
        .stderr(contains("inside the site's content/"));
    assert!(site.root().join("content/_index.md").exists());
}

#[test]
fn template_override_replaces_the_default() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/shortcodes/callout.html",
        "<aside class=\"mine\">{{ body | safe }}</aside>",
    );
    site.build().success();
    let page = site.output("guide/first/index.html");
    // One callout design: the GitHub alert and the shortcode both use it.
    assert!(
        page.matches("<aside class=\"mine\">").count() >= 2,
        "{page}"
    );
    assert!(!page.contains("class=\"callout "), "{page}");
}

#[test]
fn heading_anchor_code_block_and_table_partials_can_be_overridden() {
    let site = SiteTest::from_fixture("basic");
    for (name, text) in [
        ("heading_anchor.html", "<a class=\"my-anchor\" href=\"#{{ id }}\">¶</a>"),
        ("code_block.html", "<figure class=\"my-code\" data-lang=\"{{ lang }}\"><pre><code>{{ code | safe }}</code></pre></figure>"),
        ("table.html", "<div class=\"my-table\">{{ table | safe }}</div>"),
    ] {
        site.write(&format!("templates/partials/{name}"), text);
    }
    site.build().success();
    let page = site.output("guide/first/index.html");
    assert!(
        page.contains("<a class=\"my-anchor\" href=\"#setup\">¶</a></h2>"),
        "{page}"
    );
    assert!(page.contains("<figure class=\"my-code\""), "{page}");
    assert!(page.contains("<div class=\"my-table\"><table>"), "{page}");
    assert!(!page.contains("class=\"anchor\""), "{page}");
}

#[test]
fn a_wrapper_template_that_drops_its_body_is_an_error() {
    let site = SiteTest::from_fixture("basic");
    site.write("templates/partials/table.html", "<div>no table</div>");
    site.build().failure().stderr(contains(
        "partials/table.html must print {{ table | safe }}",
    ));
}

#[test]
fn recommender_falls_back_to_built_in_rules_without_a_decisions_file() {
    let site = SiteTest::from_fixture("basic");
    site.remove("content/data/decisions.toml").write(
        "content/guide/third.md",
        "+++\ntitle = \"Third\"\n+++\nStart with {{ figure(model=\"recommend\", out=\"pattern_name\", residency=\"several-jurisdictions\") }}.\n",
    );
    site.build().success();
    let page = site.output("guide/third/index.html");
    assert!(page.contains(
        "data-out=\"pattern_name\">Partitioned by jurisdiction, with a standby inside each</span>"
    ));
    let table = site.output("guide/second/index.html");
    assert!(
        table.contains("data-row=\"several-jurisdictions\""),
        "the built-in table"
    );
}
