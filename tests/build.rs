//! The build, end to end through the real binary: the fixture site that
//! exercises every feature, snapshots of its HTML, and the main error paths.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn regionwise() -> Command {
    Command::cargo_bin("regionwise").expect("binary built")
}

fn build(root: &Path, out: &Path) -> assert_cmd::assert::Assert {
    regionwise()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .assert()
}

/// Copies a fixture so a test can break it.
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

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
    build(&fixture("basic"), &out)
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
    insta::assert_snapshot!("first_page", stable(&first));
    let second = fs::read_to_string(out.join("guide/second/index.html")).unwrap();
    insta::assert_snapshot!("second_page", stable(&second));
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
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("basic"), &site);
    let write = |rel: &str, text: &str| {
        let p = site.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    write(
        "content/unreleased/_index.md",
        "+++\ntitle = \"Unreleased\"\ndraft = true\n+++\nZanzibarquux section.\n",
    );
    write(
        "content/unreleased/plan.md",
        "+++\ntitle = \"Plan\"\n+++\nZanzibarquux page.\n",
    );
    write(
        "content/unreleased/deep/more.md",
        "+++\ntitle = \"More\"\n+++\nx\n",
    );
    write("content/unreleased/diagram.svg", "<svg></svg>");
    let out = dir.path().join("public");
    build(&site, &out).success();
    assert!(!out.join("unreleased").exists(), "the section's folder");
    let text = all_text(&out);
    for word in ["unreleased/", "Unreleased", "Zanzibarquux", "zanzibarquux"] {
        assert!(
            !text.contains(word),
            "`{word}` is in the output (nav, sitemap or search)"
        );
    }
    let with = dir.path().join("with-drafts");
    regionwise()
        .args(["build", "--drafts", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&with)
        .assert()
        .success();
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
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("basic"), &site);
    fs::write(site.join("content/guide/diagram.svg"), "<svg></svg>").unwrap();
    fs::write(
        site.join("content/guide/links.md"),
        "+++\ntitle = \"Links\"\n+++\n![A diagram](diagram.svg)\n\n\
         [first, tab 2](first.md?tab=2#setup) · [logo](/logo.svg) · [home](/) · \
         [guide](/guide/) · [second](../guide/second/index.html)\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    build(&site, &out).success();
    let html = fs::read_to_string(out.join("guide/links/index.html")).unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("basic"), &site);
    let out = dir.path().join("public");
    build(&site, &out).success();
    let before = fs::read(out.join("guide/first/index.html")).unwrap();

    fs::write(site.join("content/guide/broken.md"), "+++\ntitle = \"Broken\"\n+++\nSee [gone](@/nope.md).\n\n{{ nosuch() }}\n\n[anchor](first.md#nowhere)\n").unwrap();
    fs::write(
        site.join("content/guide/bad-fm.md"),
        "+++\ntitle = \"X\"\ncolour = \"red\"\n+++\n",
    )
    .unwrap();
    build(&site, &out)
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
    assert_eq!(
        fs::read(out.join("guide/first/index.html")).unwrap(),
        before
    );
}

#[test]
fn template_errors_name_the_template_line() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("basic"), &site);
    fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nope.deeper }}\n{% block listing %}{% endblock listing %}\n{% endblock main %}\n",
    )
    .unwrap();
    build(&site, &dir.path().join("public"))
        .failure()
        .stderr(contains("templates/page.html:3"));
}

#[test]
fn refuses_to_write_over_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("basic"), &site);
    build(&site, &site)
        .failure()
        .stderr(contains("the site folder itself"));
    build(&site, &site.join("content/out"))
        .failure()
        .stderr(contains("inside the site's content/"));
    assert!(site.join("content/_index.md").exists());
}

#[test]
fn template_override_replaces_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("basic"), &site);
    fs::write(
        site.join("templates/shortcodes/callout.html"),
        "<aside class=\"mine\">{{ body | safe }}</aside>",
    )
    .unwrap();
    let out = dir.path().join("public");
    build(&site, &out).success();
    let page = fs::read_to_string(out.join("guide/first/index.html")).unwrap();
    assert!(page.contains("<aside class=\"mine\">"));
}

#[test]
fn recommender_falls_back_to_built_in_rules_without_a_decisions_file() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("basic"), &site);
    fs::remove_file(site.join("content/data/decisions.toml")).unwrap();
    fs::write(
        site.join("content/guide/third.md"),
        "+++\ntitle = \"Third\"\n+++\nStart with {{ figure(model=\"recommend\", out=\"pattern_name\", residency=\"several-jurisdictions\") }}.\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    build(&site, &out).success();
    let page = fs::read_to_string(out.join("guide/third/index.html")).unwrap();
    assert!(page.contains(
        "data-out=\"pattern_name\">Partitioned by jurisdiction, with a standby inside each</span>"
    ));
    let table = fs::read_to_string(out.join("guide/second/index.html")).unwrap();
    assert!(
        table.contains("data-row=\"several-jurisdictions\""),
        "the built-in table"
    );
}
