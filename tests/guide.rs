//! The bundled guide's content: the errors a review found stay fixed, the
//! words stay our own, every external fact is sourced and linked, and links
//! to other sites cannot make the page fetch anything.
//!
//! The guide is built once (from this repository's `content/`) by the real
//! binary and shared by the tests below.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regionwise::parse::source::SourceUrl;
use regionwise::render::html;
use regionwise::render::text::PageText;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The built guide: page path (`operations/cost/index.html`) → HTML.
fn built() -> &'static BTreeMap<String, String> {
    &built_with_sitemap().0
}

/// The built guide's pages and its `sitemap.xml`.
fn built_with_sitemap() -> &'static (BTreeMap<String, String>, String) {
    static SITE: OnceLock<(BTreeMap<String, String>, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("public");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_regionwise"))
            .args(["build", "--root"])
            .arg(repo())
            .arg("--output")
            .arg(&out)
            .output()
            .expect("run regionwise");
        assert!(
            status.status.success(),
            "the guide builds: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let pages = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                let rel = e.path().strip_prefix(&out).unwrap();
                (
                    rel.to_string_lossy().replace('\\', "/"),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
        (pages, sitemap)
    })
}

/// Every Markdown and data file under content/, by path from the repository.
fn content_files() -> Vec<(String, String)> {
    walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || x == "toml")
        })
        .map(|e| {
            (
                e.path()
                    .strip_prefix(repo())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A page's readable text, headings included, through the same reader the
/// search index uses; curly quotes back to what the author typed.
fn text_of(html: &str) -> String {
    let mut text = PageText::default();
    html::text_into(html, &mut text);
    let mut out = String::new();
    for part in text.finish() {
        out.push_str(&part.heading);
        out.push(' ');
        out.push_str(&part.text);
        out.push(' ');
    }
    out.replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every opening tag in `html`, with its lower-case name.
fn tags(html: &str) -> impl Iterator<Item = (String, &str)> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let tag = &rest[start..=end];
        rest = &rest[end + 1..];
        let name: String = tag[1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if !name.is_empty() {
            return Some((name, tag));
        }
    })
}

/// The values of attribute `name` in every tag of `html`, with the tag name.
fn attributes(html: &str, name: &str) -> Vec<(String, String)> {
    tags(html)
        .flat_map(|(tag_name, tag)| {
            html::attribute_values(tag, name)
                .map(move |v| (tag_name.clone(), v.into_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn is_external(href: &str) -> bool {
    href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//")
}

// ---------------------------------------------------------------------------
// The review's errors (../shared/review/guide-review.md, problems 7–15 and the
// lower-priority list) must not come back.

/// Each wrong statement, as the review quoted it, with what was wrong.
const WRONG: &[(&str, &str)] = &[
    ("1.2 to 2.6", "measured/minimum ratios run 1.3–3.2× in the guide's own table"),
    ("1.2 and 2.6", "measured/minimum ratios run 1.3–3.2× in the guide's own table"),
    ("half-day incident", "99.95 % allows one four-hour incident a year"),
    ("up to five secondary", "Aurora Global Database allows up to 10 secondary regions"),
    ("up to 5 secondaries", "Aurora Global Database allows up to 10 secondary regions"),
    ("in most regions for around 40 minutes", "the GCP June 2025 fix took ~40 min, us-central1 ~2 h 40 min, full recovery 10:51–18:18 PDT"),
    ("one zone down for weeks", "europe-west9 lost the whole region, not one zone"),
    ("a zone can be lost for good", "the europe-west9 lesson is that one building took a region down"),
    ("losing one leaves the others fully loaded", "Azure's 'at capacity' scales up after a loss"),
    ("active-active with headroom, or hot standby", "a hot standby is no active-active variant"),
    ("erases the gain", "an untested failover keeps part of the gain; 0.9/0.5 are assumptions"),
    ("erases most of", "an untested failover keeps part of the gain; 0.9/0.5 are assumptions"),
    ("most of the gain disappears", "an untested failover keeps part of the gain; 0.9/0.5 are assumptions"),
    ("works about half the time", "no public source measures failover success; 0.5 is an assumption"),
    ("health-data rules such as HIPAA", "HIPAA has no data-location rule"),
    ("alias records have a fixed 60 s TTL", "only aliases to ELB and S3 website endpoints have a fixed 60 s TTL"),
    ("alias records carry a fixed 60 s TTL", "only aliases to ELB and S3 website endpoints have a fixed 60 s TTL"),
    ("bills, accounts, quotas", "quotas are per region; accounts and bills are not"),
    ("delivers each packet to the nearest healthy one", "anycast delivers to the nearest announcement; health is a layer on top"),
    ("sometimes called cell-based", "cells are not regional partitions"),
    ("the unit of a partitioned design", "cells are not regional partitions"),
    ("needs exactly three regions", "DynamoDB strong mode also allows two replicas plus a witness"),
    ("exactly 3, one region set", "DynamoDB strong mode also allows two replicas plus a witness"),
    ("fail over without you building anything", "Aurora's cross-region failover is an operator action (FailoverGlobalCluster)"),
    ("Automatic failover adds nothing", "Aurora does not fail over across regions on its own"),
    ("inside the 5 to 15 minute range", "the 8 min 30 s figure assumes an instant, scripted decision"),
    ("abort alarm lives in the standby region", "not verified that FIS accepts a stop-condition alarm from another region"),
    ("in rising order of cost and strength", "LWW loses data and CRDTs do not: not an ordering of strength"),
    ("$0.02 per GB for data sent between most regions", "transfer is priced by source region"),
    ("Recovery is a routing change", "a hot standby still promotes its database"),
    ("shaves minutes a year off", "with outage lengths from the guide's own record the difference is hours"),
    ("same article", "name the article with its author and title"),
];

#[test]
fn the_reviewed_errors_do_not_survive() {
    let mut found = Vec::new();
    for (page, html) in built() {
        let text = text_of(html).to_lowercase();
        for (phrase, why) in WRONG {
            if text.contains(&phrase.to_lowercase()) {
                found.push(format!("{page}: \"{phrase}\" ({why})"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "wrong statements in the built guide:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_wrong_phrase_check_can_fail() {
    // The scan above reads the same text a reader sees: a phrase split by
    // markup or entities is still found.
    let html = "<p>99.95 % allows one <em>half-day</em>&nbsp;incident</p>";
    assert!(text_of(html).to_lowercase().contains("half-day incident"));
}

// ---------------------------------------------------------------------------
// Our own words: no run of 12 words from the article the guide grew from.
//
// The article's text is not in this repository. `tests/fixtures/article-
// 12grams.txt` holds a 64-bit hash of each of its 12-word runs instead; to
// regenerate it from a copy of the article:
//   REGIONWISE_ARTICLE=/path/article.txt cargo test --test guide \
//     write_article_fingerprints -- --ignored

const RUN: usize = 12;

/// Lower-case words: letters and digits; apostrophes join ("don't" → dont);
/// anything else separates.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            continue;
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// FNV-1a, 64 bits: stable across platforms and Rust versions.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The hash of every run of RUN consecutive words, with the run itself.
fn runs(text: &str) -> Vec<(u64, String)> {
    words(text)
        .windows(RUN)
        .map(|w| {
            let run = w.join(" ");
            (fnv1a(&run), run)
        })
        .collect()
}

fn fingerprint_path() -> PathBuf {
    repo().join("tests/fixtures/article-12grams.txt")
}

fn article_fingerprints() -> BTreeSet<u64> {
    let text = std::fs::read_to_string(fingerprint_path()).expect("article fingerprints");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| u64::from_str_radix(l.trim(), 16).expect("a hex hash per line"))
        .collect()
}

#[test]
fn no_run_of_twelve_words_from_the_article() {
    let article = article_fingerprints();
    assert!(
        article.len() > 1_000,
        "the fingerprint file covers the whole article ({} runs)",
        article.len()
    );
    let mut copied = Vec::new();
    for (file, text) in content_files() {
        for (hash, run) in runs(&text) {
            if article.contains(&hash) {
                copied.push(format!("{file}: \"{run}\""));
            }
        }
    }
    copied.dedup();
    assert!(
        copied.is_empty(),
        "runs of {RUN} words copied from the article:\n{}",
        copied.join("\n")
    );
}

#[test]
fn the_copy_check_finds_a_copied_run() {
    // Fingerprint a text, then look for a run of it inside other words, the
    // way the test above looks for the article inside content/.
    let source = "Nothing in this sentence is from the article, but it is long enough to count as twelve words.";
    let prints: BTreeSet<u64> = runs(source).into_iter().map(|(h, _)| h).collect();
    let page = "Before. This sentence is from the article, but it is long enough to count as twelve words! After.";
    assert!(runs(page).iter().any(|(h, _)| prints.contains(h)));
    let reworded =
        "This sentence was written anew and shares too few consecutive words with the one above.";
    assert!(!runs(reworded).iter().any(|(h, _)| prints.contains(h)));
    assert_eq!(
        words("Don't  stop—it's 99.9%"),
        ["dont", "stop", "its", "99", "9"]
    );
}

#[test]
#[ignore = "writes tests/fixtures/article-12grams.txt from REGIONWISE_ARTICLE"]
fn write_article_fingerprints() {
    let path =
        std::env::var("REGIONWISE_ARTICLE").expect("REGIONWISE_ARTICLE=/path/to/article.txt");
    let text = std::fs::read_to_string(path).expect("read the article");
    let hashes: BTreeSet<u64> = runs(&text).into_iter().map(|(h, _)| h).collect();
    let mut out = String::from(
        "# 64-bit FNV-1a hashes of every run of 12 consecutive words (lower-case, split on\n\
         # anything but letters and digits) in Abhishek Patel, \"Multi-Region Architecture:\n\
         # Most Apps Don't Need It (2026)\": the article the guide grew from. The text itself\n\
         # is not kept here. Regenerate with tests/guide.rs::write_article_fingerprints.\n",
    );
    for h in hashes {
        out.push_str(&format!("{h:016x}\n"));
    }
    std::fs::write(fingerprint_path(), out).expect("write fingerprints");
}

#[test]
fn the_article_is_named_not_alluded_to() {
    let mut bare = Vec::new();
    for (file, text) in content_files() {
        for (i, line) in text.lines().enumerate() {
            if line.to_lowercase().contains("the article") {
                bare.push(format!("{file}:{}: {line}", i + 1));
            }
        }
    }
    assert!(
        bare.is_empty(),
        "say whose article (Abhishek Patel, \"Multi-Region Architecture: Most Apps Don't Need It (2026)\"), not \"the article\":\n{}",
        bare.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Sources.

fn sources_page() -> &'static str {
    built()
        .get("reference/sources/index.html")
        .expect("a Sources page")
}

fn external_hrefs(html: &str) -> Vec<String> {
    attributes(html, "href")
        .into_iter()
        .filter(|(tag, href)| tag == "a" && is_external(href))
        .map(|(_, href)| href)
        .collect()
}

#[test]
fn sources_page_links_are_well_formed_and_listed_once() {
    let links = external_hrefs(sources_page());
    assert!(
        links.len() > 50,
        "the Sources page links its sources ({})",
        links.len()
    );
    let mut seen = BTreeSet::new();
    for url in &links {
        SourceUrl::parse(url).unwrap_or_else(|e| panic!("Sources page: {e}"));
        assert!(seen.insert(url), "Sources page lists {url} twice");
    }
    let text = text_of(sources_page());
    assert!(
        text.contains(
            "Abhishek Patel, \"Multi-Region Architecture: Most Apps Don't Need It (2026)\""
        ),
        "the Sources page names the article with author and title"
    );
    assert!(
        text.contains("regionwise check --external"),
        "and says how to keep links alive"
    );
}

#[test]
fn every_external_link_in_the_guide_is_on_the_sources_page() {
    let listed: BTreeSet<String> = external_hrefs(sources_page()).into_iter().collect();
    let base = "https://regionwise.example/";
    let mut missing = BTreeSet::new();
    for (page, html) in built() {
        for href in external_hrefs(html) {
            if !href.starts_with(base) && !listed.contains(&href) {
                missing.insert(format!("{page}: {href}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "sources not on the Sources page:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_failure_mode_card_and_rtt_table_has_a_linked_source() {
    let read = |name: &str| -> toml::Value {
        let text = std::fs::read_to_string(repo().join("content/data").join(name)).unwrap();
        toml::from_str(&text).unwrap()
    };
    let modes = read("failure_modes.toml");
    let modes = modes["modes"].as_array().expect("[[modes]]");
    assert!(modes.len() >= 10);
    for m in modes {
        let id = m["id"].as_str().unwrap();
        let sources = m.get("sources").and_then(|s| s.as_array());
        let sources = sources.unwrap_or_else(|| panic!("card `{id}` has no sources"));
        assert!(!sources.is_empty(), "card `{id}` has no sources");
        for s in sources {
            SourceUrl::parse(s["url"].as_str().unwrap())
                .unwrap_or_else(|e| panic!("card `{id}`: {e}"));
        }
    }
    let rtt = read("rtt.toml");
    let sources = rtt["sources"]
        .as_array()
        .expect("rtt.toml names its sources");
    assert!(!sources.is_empty());
    // And both reach the reader, as links.
    let cards = &built()["operations/failure-modes/index.html"];
    assert_eq!(cards.matches("<dt>Sources</dt>").count(), modes.len());
    let rtts = &built()["consistency/latency-physics/index.html"];
    assert!(rtts.contains("class=\"table-sources\""));
}

// ---------------------------------------------------------------------------
// Links to other sites are plain links: the page requests nothing from
// another host (CSP `default-src 'self'`), whatever the content links to.

#[test]
fn external_links_fetch_nothing_and_keep_the_csp() {
    // <link> relations that make the browser fetch (or connect to) the href.
    let fetching = [
        "stylesheet",
        "preload",
        "prefetch",
        "preconnect",
        "dns-prefetch",
        "modulepreload",
        "icon",
        "manifest",
        "prerender",
    ];
    let mut problems = Vec::new();
    for (page, html) in built() {
        for (name, tag) in tags(html) {
            let attr = |a: &str| html::attribute(tag, a).map(|v| v.into_owned());
            for a in ["src", "srcset", "data", "action", "formaction", "poster"] {
                if attr(a).is_some_and(|v| v.split_whitespace().any(is_external)) {
                    problems.push(format!("{page}: {tag}"));
                }
            }
            if attr("ping").is_some() || attr("style").is_some() {
                problems.push(format!("{page}: {tag}"));
            }
            if tag.contains(" onclick=") || tag.contains(" onload=") || tag.contains(" onerror=") {
                problems.push(format!("{page}: {tag}"));
            }
            if let Some(href) = attr("href") {
                if href.trim_start().to_lowercase().starts_with("javascript:") {
                    problems.push(format!("{page}: {tag}"));
                }
                let rel = attr("rel").unwrap_or_default();
                if name == "link"
                    && is_external(&href)
                    && rel.split_whitespace().any(|r| fetching.contains(&r))
                {
                    problems.push(format!("{page}: {tag}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // There are external links to check in the first place.
    assert!(
        built()
            .values()
            .map(|h| external_hrefs(h).len())
            .sum::<usize>()
            > 100
    );
}

#[test]
fn internal_links_lead_to_files_that_exist() {
    let mut broken = Vec::new();
    for (page, html) in built() {
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for (tag, href) in attributes(html, "href") {
            if tag != "a" || is_external(&href) || href.starts_with('#') || href.contains(':') {
                continue;
            }
            let path = href.split(['#', '?']).next().unwrap_or("");
            let mut target = PathBuf::new();
            for part in dir.join(path).components() {
                match part {
                    std::path::Component::ParentDir => {
                        target.pop();
                    }
                    std::path::Component::Normal(p) => target.push(p),
                    _ => {}
                }
            }
            let mut key = target.to_string_lossy().replace('\\', "/");
            if path.ends_with('/') || path.is_empty() {
                key = format!(
                    "{}index.html",
                    if key.is_empty() {
                        String::new()
                    } else {
                        key + "/"
                    }
                );
            }
            if key.ends_with(".html") && !built().contains_key(&key) {
                broken.push(format!("{page}: {href}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to missing pages:\n{}",
        broken.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Every AWS service the guide names has its Azure and Google Cloud
// counterparts on the equivalents page.

const AWS_SERVICES: &[&str] = &[
    "Aurora Global Database",
    "Aurora DSQL",
    "DynamoDB",
    "ElastiCache",
    "S3 Cross-Region Replication",
    "Replication Time Control",
    "Object Lock",
    "Route 53",
    "Global Accelerator",
    "CloudFront",
    "Application Recovery Controller",
    "EventBridge",
    "SQS",
    "Lambda",
    "Step Functions",
    "ECS",
    "EKS",
    "Auto Scaling",
    "Capacity Reservation",
    "Service Quotas",
    "KMS",
    "Secrets Manager",
    "IAM Identity Center",
    "Organizations",
    "CloudWatch",
    "Fault Injection Service",
    "AWS Backup",
    "Resilience Hub",
    "CloudFormation",
    "Network Manager",
];

#[test]
fn every_aws_service_named_has_an_equivalent() {
    let table =
        std::fs::read_to_string(repo().join("content/reference/provider-equivalents.md")).unwrap();
    let elsewhere: String = content_files()
        .into_iter()
        .filter(|(f, _)| !f.ends_with("provider-equivalents.md"))
        .map(|(_, t)| t)
        .collect();
    for service in AWS_SERVICES {
        if elsewhere.contains(service) {
            assert!(
                table
                    .lines()
                    .any(|l| l.starts_with('|') && l.contains(service)),
                "{service} is named in the guide but has no row on the equivalents page"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Review dates come from git: each page's first and last commit, and for the
// home page the newest of them all. The installed binary carries them.

fn in_a_checkout() -> bool {
    repo().join(".git").exists()
}

fn assert_dated(site: &BTreeMap<String, String>, sitemap: &str, how: &str) {
    let home = &site["index.html"];
    assert!(
        home.contains("the guide as a whole last reviewed <time datetime=\""),
        "{how}: the home page says when the guide was last reviewed"
    );
    // The front matter sets no `updated`: a page's last change is its
    // file's last commit.
    let urls = sitemap.matches("<url>").count();
    assert!(urls > 10, "{how}: {sitemap}");
    assert_eq!(
        sitemap.matches("</loc><lastmod>").count(),
        urls,
        "{how}: every sitemap entry has a lastmod: {sitemap}"
    );
    for (page, html) in site {
        if page == "index.html" || page == "404.html" || page.starts_with("search/") {
            continue;
        }
        assert!(
            html.contains("first published <time datetime=\"")
                && html.contains("last reviewed <time datetime=\""),
            "{how}: {page} shows its first and last dates"
        );
    }
}

#[test]
fn every_page_is_dated_from_git() {
    if !in_a_checkout() {
        return; // a source archive has no history to read
    }
    let (pages, sitemap) = built_with_sitemap();
    assert_dated(pages, sitemap, "built from the checkout");
}

#[test]
fn the_installed_binary_carries_the_guide_dates() {
    if !in_a_checkout() {
        return;
    }
    // No regionwise.toml in the working folder: the bundled guide, with the
    // dates build.rs embedded.
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_regionwise"))
        .current_dir(dir.path())
        .args(["build", "--output", "site"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site: BTreeMap<String, String> = walkdir::WalkDir::new(dir.path().join("site"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir.path().join("site")).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    let sitemap = std::fs::read_to_string(dir.path().join("site/sitemap.xml")).unwrap();
    assert_dated(&site, &sitemap, "the bundled guide");
}

#[test]
fn no_page_pins_a_date_in_its_front_matter() {
    // Dates come from git; a copied `updated = ...` line would freeze one.
    for (file, text) in content_files() {
        if file.ends_with(".md") {
            let front = text.split("+++").nth(1).unwrap_or("");
            assert!(
                !front.lines().any(|l| l.starts_with("updated")),
                "{file}: front matter sets `updated`"
            );
        }
    }
}
