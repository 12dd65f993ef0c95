//! `serve`'s rebuild after an edit equals a full build, byte for byte: a
//! scripted series of edits to a copy of the fixture site (page bodies,
//! front matter, a rename, a delete, a template, a data file, edits that
//! fail), each applied as `serve` applies it, the files it then serves
//! compared with a full build of the same folder; and the same on a site
//! over the bundled guide (`[guide] base = "bundled"`), whose own files
//! override the guide's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regionwise::serve::{LiveSite, Outcome};
use regionwise::site::{render_site, BuildOptions};

use crate::support::{copy_dir, repo};

/// The site under edit and the server's state of it.
struct Bench {
    root: PathBuf,
    opts: BuildOptions,
    site: LiveSite,
}

/// How a step must have been rebuilt.
#[derive(Debug, PartialEq)]
enum Expect {
    /// Only the edited pages (and the search index after them).
    Pages,
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
        let updates = self.site.page_updates();
        let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let outcome = self.site.rebuild_after(&changed);
        self.site.finish_search();
        let incremental = self.site.page_updates() > updates;
        let served = self.served();
        match (expect, outcome) {
            (Expect::Fails, Outcome::Failed { .. }) => {
                assert!(render_site(&self.opts, &mut ()).is_err(), "{what}");
                assert!(served == before, "{what}: the last good files stay");
                return;
            }
            (Expect::Fails, Outcome::Built { .. }) => panic!("{what}: built"),
            (expect, Outcome::Failed { errors, .. }) => panic!("{what} ({expect:?}): {errors}"),
            (expect, Outcome::Built { .. }) => {
                assert_eq!(incremental, expect == Expect::Pages, "{what}: {expect:?}");
            }
        }
        let full: BTreeMap<String, Vec<u8>> = render_site(&self.opts, &mut ())
            .unwrap_or_else(|d| panic!("{what}: {d}"))
            .files
            .into_iter()
            .map(|f| (f.path, f.bytes.into_owned()))
            .collect();
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

    // Front matter: title, weight, draft.
    b.replace(
        second,
        "title = \"Second page\"",
        "title = \"Second, retitled\"",
    );
    b.step("a title", &[second], Expect::Full);
    b.replace(second, "weight = 2", "weight = 0");
    b.step("a weight (the order)", &[second], Expect::Full);
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
