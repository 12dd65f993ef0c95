//! `serve`'s rebuild after an edit equals a full build, byte for byte: a
//! scripted series of edits to a copy of the fixture site (page bodies,
//! front matter, a rename, a delete, a template, a data file, edits that
//! fail), each applied as `serve` applies it, the files it then serves
//! compared with a full build of the same folder; and the same on a site
//! over the bundled guide (`[guide] base = "bundled"`), whose own files
//! override the guide's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regionwise::serve::{LiveSite, Outcome, Rebuild};
use regionwise::site::incremental::Scope;
use regionwise::site::{render_site, BuildOptions};

use crate::support::{copy_dir, repo};

/// The site under edit and the server's state of it.
struct Bench {
    root: PathBuf,
    opts: BuildOptions,
    site: LiveSite,
}

/// How a step must have been rebuilt.
#[derive(Debug, PartialEq, Clone, Copy)]
enum Expect {
    /// Only the edited pages (and the search index, print edition and
    /// sitemap after them).
    Pages,
    /// The edited pages and some others that show their front matter, not
    /// every page.
    Related,
    /// Everything.
    Full,
    /// Everything, failing: the previous files stay served.
    Fails,
}

impl Bench {
    /// A copy of `tests/fixtures/NAME`, built.
    fn new(dir: &Path, fixture: &str) -> Bench {
        let root = dir.join("site");
        copy_dir(&crate::support::fixture(fixture), &root);
        let opts = BuildOptions {
            root: Some(root.clone()),
            output: dir.join("unused"),
            base_url: Some("http://127.0.0.1:1/".into()),
            drafts: false,
            force: false,
        };
        let site = LiveSite::new(opts.clone());
        assert!(matches!(site.rebuild(), Outcome::Built { .. }));
        Bench { root, opts, site }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Rebuilds after `changed` as `serve` does, then checks the files it
    /// serves against a full build of the folder.
    fn step(&self, what: &str, changed: &[&str], expect: Expect) {
        let before = self.served();
        let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let outcome = self.site.rebuild_after(&changed);
        self.site.finish_search();
        let rebuild = self.site.last_rebuild();
        let served = self.served();
        let expect = match (expect, outcome) {
            (Expect::Fails, Outcome::Failed { .. }) => {
                assert!(render_site(&self.opts, &mut ()).is_err(), "{what}");
                assert!(served == before, "{what}: the last good files stay");
                return;
            }
            (Expect::Fails, Outcome::Built { .. }) => panic!("{what}: built"),
            (expect, Outcome::Failed { errors, .. }) => panic!("{what} ({expect:?}): {errors}"),
            (expect, Outcome::Built { .. }) => expect,
        };
        let full: BTreeMap<String, Vec<u8>> = render_site(&self.opts, &mut ())
            .unwrap_or_else(|d| panic!("{what}: {d}"))
            .files
            .into_iter()
            .map(|f| (f.path, f.bytes.into_owned()))
            .collect();
        // The pages of the site, but the print edition.
        let pages = full
            .keys()
            .filter(|p| p.ends_with("index.html") && *p != "print/index.html")
            .count();
        match (&expect, rebuild) {
            (Expect::Pages, Rebuild::Incremental(Scope::Pages)) | (Expect::Full, Rebuild::Full) => {
            }
            (Expect::Related, Rebuild::Incremental(Scope::Related { others })) => assert!(
                others + changed.len() < pages,
                "{what}: {others} other pages of {pages} is not narrower than a full build"
            ),
            (expect, got) => panic!("{what}: expected {expect:?}, rebuilt {got:?}"),
        }
        let served_paths: Vec<&String> = served.keys().collect();
        let full_paths: Vec<&String> = full.keys().collect();
        assert_eq!(served_paths, full_paths, "{what}: the same files");
        for (path, bytes) in &full {
            assert!(
                served[path] == *bytes,
                "{what}: {path} differs from a full build's:\n{}",
                String::from_utf8_lossy(&served[path])
            );
        }
        assert!(served != before, "{what}: the edit shows");
    }

    fn served(&self) -> BTreeMap<String, Vec<u8>> {
        self.site
            .files()
            .iter()
            .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
            .collect()
    }
}

#[test]
fn rebuilds_after_edits_equal_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    let b = Bench::new(dir.path(), "basic");
    let first = "content/guide/first.md";
    let second = "content/guide/second.md";

    // Bodies: the page alone, its search entries after it.
    b.replace(
        first,
        "A duplicate heading.",
        "A duplicate heading.\n\n## Zebra crossing\n\nStriped words.",
    );
    b.step("a new heading", &[first], Expect::Pages);
    b.replace(
        second,
        "## End",
        "See [zebras](first.md#zebra-crossing).\n\n## End",
    );
    b.step("a link to it", &[second], Expect::Pages);
    b.replace("content/_index.md", "Welcome.", "Welcome, twice.");
    b.replace(
        "content/guide/_index.md",
        "The guide section.",
        "The guide section, edited.",
    );
    b.step(
        "two section pages at once",
        &["content/_index.md", "content/guide/_index.md"],
        Expect::Pages,
    );

    // Glossary terms: a definition links mentions on other pages, so it
    // is a full build; a mention is the page alone. The print edition
    // (every page's body) follows each.
    b.replace(
        first,
        "Striped words.",
        "Striped words.\n\n- <dfn id=\"zebra\">Zebra</dfn>. A striped horse.",
    );
    b.step("a glossary term defined", &[first], Expect::Full);
    b.replace(second, "## End", "A zebra crossed.\n\n## End");
    b.step("a term mentioned", &[second], Expect::Pages);
    b.replace(first, "A striped horse.", "A horse in stripes.");
    b.step("a definition edited", &[first], Expect::Full);

    // An edit that breaks a link, then its fix.
    b.replace(first, "## Zebra crossing", "## Horse crossing");
    b.step(
        "an anchor another page links to goes",
        &[first],
        Expect::Fails,
    );
    b.replace(first, "## Horse crossing", "## Zebra crossing\n\nBack.");
    b.step("and comes back", &[first], Expect::Full);
    b.replace(
        second,
        "{{ decision_table() }}",
        "{{ no_such_shortcode() }}",
    );
    b.step("an unknown shortcode", &[second], Expect::Fails);
    b.replace(
        second,
        "{{ no_such_shortcode() }}",
        "{{ decision_table() }}\n\nFixed.",
    );
    b.step("fixed", &[second], Expect::Full);
    b.replace(second, "## End", "## End\n\nAfter a failure, bodies again.");
    b.step("a body after a failed build", &[second], Expect::Pages);

    // Front matter that stops being valid mid-edit: each fails with the
    // last good files served, and the fix builds.
    b.replace(second, "title = \"Second page\"", "title = \" \"");
    b.step("an empty title", &[second], Expect::Fails);
    b.replace(second, "title = \" \"", "title = \"Second page\"");
    b.replace(second, "weight = 2", "weight = \"two\"");
    b.step("a weight that is not a number", &[second], Expect::Fails);
    b.replace(second, "weight = \"two\"", "weight = [");
    b.step("front matter that is not TOML", &[second], Expect::Fails);
    b.replace(second, "weight = [", "weight = 2");
    b.replace(
        second,
        "After a failure",
        "Front matter fixed. After a failure",
    );
    b.step("front matter fixed", &[second], Expect::Full);
    b.replace(
        second,
        "Front matter fixed.",
        "Front matter fixed, body edited.",
    );
    b.step("a body after a front matter fix", &[second], Expect::Pages);

    // Front matter: title, weight (the page's section, its neighbours and
    // sidebars; see `front_matter_edits_render_the_pages_that_show_them`),
    // draft (everything).
    b.replace(
        second,
        "title = \"Second page\"",
        "title = \"Second, retitled\"",
    );
    b.step("a title", &[second], Expect::Related);
    b.replace(second, "weight = 2", "weight = 0");
    b.step("a weight (the order)", &[second], Expect::Related);
    b.replace("content/guide/draft.md", "draft = true", "draft = false");
    b.step(
        "a draft published",
        &["content/guide/draft.md"],
        Expect::Full,
    );

    // Rename and delete.
    let text = b.read("content/guide/draft.md");
    std::fs::remove_file(b.root.join("content/guide/draft.md")).unwrap();
    b.write("content/guide/third.md", &text);
    b.step(
        "a rename",
        &["content/guide/draft.md", "content/guide/third.md"],
        Expect::Full,
    );
    std::fs::remove_file(b.root.join("content/guide/third.md")).unwrap();
    b.step("a delete", &["content/guide/third.md"], Expect::Full);

    // Templates and data.
    b.replace(
        "templates/shortcodes/greeting.html",
        "Hello",
        "Good morning",
    );
    b.step(
        "a template",
        &["templates/shortcodes/greeting.html"],
        Expect::Full,
    );
    b.replace(
        "content/data/decisions.toml",
        "One region is enough.",
        "One region will do.",
    );
    b.step(
        "a data file",
        &["content/data/decisions.toml"],
        Expect::Full,
    );

    // Bodies again, on the state those builds left.
    b.replace(first, "Striped words.", "Striped words, edited last.");
    b.step("a body at the end", &[first], Expect::Pages);
}

#[test]
fn on_the_bundled_guide_the_sites_own_files_win() {
    let dir = tempfile::tempdir().unwrap();
    let b = Bench::new(dir.path(), "internal-copy");
    let own = "content/building/region-readiness.md";
    let text = b.read(own);
    b.write(own, &format!("{text}\nA sentence of our own, edited.\n"));
    b.step("the site's own override", &[own], Expect::Pages);
    edit_and_undo(
        &b,
        "its title, among the bundled pages of its section",
        own,
        "title = \"Region readiness at Example Corp\"",
        "title = \"Readiness at Example Corp\"",
        Expect::Related,
    );

    // A new file over a bundled page replaces it; an edit of it is then
    // the site's own; deleted, the bundled page comes back.
    let bundled = "content/patterns/backups-and-corruption.md";
    let guide = std::fs::read_to_string(repo().join(bundled)).unwrap();
    b.write(bundled, &format!("{guide}\nOur own backup policy.\n"));
    b.step("a new override of a bundled page", &[bundled], Expect::Full);
    b.write(
        bundled,
        &format!("{guide}\nOur own backup policy, edited.\n"),
    );
    b.step("an edit of that override", &[bundled], Expect::Pages);
    std::fs::remove_file(b.root.join(bundled)).unwrap();
    b.step("the override deleted", &[bundled], Expect::Full);
}

/// A top-level section of more pages than a sidebar lists (24; the
/// sidebar shows 15 around the page), some linking to `p12`, a
/// subsection of three pages and one below it (in no sidebar), added to
/// the site.
fn add_large_section(b: &Bench) {
    b.write(
        "content/big/_index.md",
        "+++\ntitle = \"Big\"\ndescription = \"Many pages.\"\nweight = 5\n+++\nThe big section.\n",
    );
    for i in 0..24 {
        let link = if i % 6 == 5 {
            "See [page 12](@/big/p12.md#part-two).\n"
        } else {
            ""
        };
        b.write(
            &format!("content/big/p{i:02}.md"),
            &format!(
                "+++\ntitle = \"Page {i:02}\"\ndescription = \"Page {i:02} of the big section.\"\n+++\n\
                 Text of page {i:02}.\n{link}\n## Part two\n\nMore text.\n"
            ),
        );
    }
    b.write(
        "content/big/deep/_index.md",
        "+++\ntitle = \"Deep\"\ndescription = \"A subsection.\"\n+++\nDeeper.\n",
    );
    for (name, weight) in [("a", 1), ("b", 2), ("c", 3)] {
        b.write(
            &format!("content/big/deep/{name}.md"),
            &format!("+++\ntitle = \"Deep {name}\"\nweight = {weight}\n+++\nDeep text {name}.\n"),
        );
    }
    b.write(
        "content/big/deep/deeper/_index.md",
        "+++\ntitle = \"Deeper\"\n+++\nDeeper still.\n",
    );
    for name in ["x", "y", "z"] {
        b.write(
            &format!("content/big/deep/deeper/{name}.md"),
            &format!("+++\ntitle = \"Deeper {name}\"\n+++\nText {name}.\n"),
        );
    }
}

/// Replaces `from` with `to` in `rel`, steps, then undoes it and steps
/// again: both must take the `expect`ed path.
fn edit_and_undo(b: &Bench, what: &str, rel: &str, from: &str, to: &str, expect: Expect) {
    b.replace(rel, from, to);
    b.step(what, &[rel], expect);
    b.replace(rel, to, from);
    b.step(&format!("{what}, undone"), &[rel], expect);
}

/// Front matter edits render the edited page and the pages that show what
/// changed (its section's listing, its neighbours, the sidebars that list
/// it, the pages below a section's page), and nothing else: each compared
/// with a full build, byte for byte, with the print edition (which
/// keeps every body) and without it (a page at `print/` takes its place).
#[test]
fn front_matter_edits_render_the_pages_that_show_them() {
    for print in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let b = Bench::new(dir.path(), "basic");
        add_large_section(&b);
        if !print {
            b.write(
                "content/print.md",
                "+++\ntitle = \"Print\"\n+++\nOur own page.\n",
            );
        }
        assert!(matches!(b.site.rebuild(), Outcome::Built { .. }));
        let at_print = String::from_utf8(b.served()["print/index.html"].clone()).unwrap();
        assert_eq!(
            at_print.contains("print-edition"),
            print,
            "the print edition"
        );
        let p12 = "content/big/p12.md";
        edit_and_undo(
            &b,
            "a title in the middle of a section (neighbours, sidebars; linked to)",
            p12,
            "title = \"Page 12\"",
            "title = \"Page 12, retitled\"",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a title that moves a page to the front",
            "content/big/p20.md",
            "title = \"Page 20\"",
            "title = \"A page first\"",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a weight that reorders the section",
            "content/big/p03.md",
            "+++\nText",
            "weight = 9\n+++\nText",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a description (its section's listing)",
            p12,
            "description = \"Page 12 of the big section.\"",
            "description = \"Page 12, described again.\"",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a top-level section's description (the home page's listing)",
            "content/big/_index.md",
            "description = \"Many pages.\"",
            "description = \"Many pages, described again.\"",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a subsection's title (breadcrumbs below it, every sidebar of its section)",
            "content/big/deep/_index.md",
            "title = \"Deep\"",
            "title = \"Deeper\"",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a title in a subsection (its neighbours and listing; in no sidebar)",
            "content/big/deep/b.md",
            "title = \"Deep b\"",
            "title = \"Deep b, retitled\"",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a section's title below the sidebars (breadcrumbs below it)",
            "content/big/deep/deeper/_index.md",
            "title = \"Deeper\"",
            "title = \"Deepest\"",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a weight in a subsection (in no sidebar)",
            "content/big/deep/a.md",
            "weight = 1",
            "weight = 4",
            Expect::Related,
        );
        edit_and_undo(
            &b,
            "a date that does not move the site's review date (the page, the sitemap)",
            "content/guide/first.md",
            "updated = \"2026-11-01\"",
            "updated = \"2026-11-02\"",
            Expect::Pages,
        );
        edit_and_undo(
            &b,
            "a review date newer than every other (on the home page)",
            "content/guide/first.md",
            "reviewed = \"2026-10-01\"",
            "reviewed = \"2027-01-01\"",
            Expect::Full,
        );
        edit_and_undo(
            &b,
            "a top-level section's title (every sidebar)",
            "content/big/_index.md",
            "title = \"Big\"",
            "title = \"Large\"",
            Expect::Full,
        );
        edit_and_undo(
            &b,
            "a slug (every link to the page)",
            "content/big/p07.md",
            "+++\nText",
            "slug = \"seventh\"\n+++\nText",
            Expect::Full,
        );

        // Two pages tied (the same weight and title) are in the order a
        // fresh build gives them, whichever came first before.
        let (p00, p20) = ("content/big/p00.md", "content/big/p20.md");
        b.replace(p20, "title = \"Page 20\"", "title = \"A tie\"");
        b.step("a page moved to the front", &[p20], Expect::Related);
        b.replace(p00, "title = \"Page 00\"", "title = \"A tie\"");
        b.step("another tied with it", &[p00], Expect::Related);
        b.replace(p20, "title = \"A tie\"", "title = \"Page 20\"");
        b.replace(p00, "title = \"A tie\"", "title = \"Page 00\"");
        b.step("both back", &[p00, p20], Expect::Related);

        // A title and the body in one save; two pages in one rebuild.
        b.replace(p12, "title = \"Page 12\"", "title = \"Page 12, again\"");
        b.replace(p12, "More text.", "More text, edited.");
        b.step("a title and the body at once", &[p12], Expect::Related);
        let p02 = "content/big/p02.md";
        b.replace(p02, "title = \"Page 02\"", "title = \"Page 99\"");
        b.replace(p12, "title = \"Page 12, again\"", "title = \"Page 12\"");
        b.step("two titles in one rebuild", &[p02, p12], Expect::Related);
        b.replace(p12, "More text, edited.", "More text, edited twice.");
        b.step("a body after them", &[p12], Expect::Pages);
    }
}
