//! An internal copy on the bundled guide (`[guide] base = "bundled"`):
//! the merged site (override, added pages, hidden pages, calculator
//! defaults), `eject`, and the upgrade report (`check`, `diff`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{arg as path, binary, run, SiteTest};

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The fixture copied into a temp folder: (its guard, the site folder).
/// Its override is recorded as following the bundled page of this build
/// (a committed record would go stale with every edit of the guide).
fn site() -> (SiteTest, PathBuf) {
    let (test, site) = unrecorded_site();
    let o = run(&["eject", "--accept", "--root", path(&site), OVERRIDE]);
    assert!(o.status.success(), "{}", out(&o));
    (test, site)
}

/// The fixture's override of a bundled page.
const OVERRIDE: &str = "content/building/region-readiness.md";

fn unrecorded_site() -> (SiteTest, PathBuf) {
    let test = SiteTest::from_fixture("internal-copy");
    let site = test.root();
    (test, site)
}

fn build(site: &Path) -> Output {
    run(&["build", "--root", path(site)])
}

fn read(site: &Path, file: &str) -> String {
    std::fs::read_to_string(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn edit(site: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let text = read(site, file);
    std::fs::write(site.join(file), f(text)).unwrap();
}

/// The first `<span class="figure" ... data-out="OUT">VALUE` in a page.
fn figure(html: &str, out: &str) -> String {
    let hook = format!("data-out=\"{out}\">");
    let at = html
        .find(&hook)
        .unwrap_or_else(|| panic!("no figure {out}"))
        + hook.len();
    html[at..].split('<').next().unwrap().to_string()
}

/// The sidebar's links, one per line (`title -> href`, `*` for the
/// current page), indented by depth.
fn nav(html: &str) -> String {
    let start = html.find("<nav id=\"site-nav\"").expect("sidebar");
    let end = start + html[start..].find("</nav>").unwrap();
    let mut lines = Vec::new();
    let mut depth: usize = 0;
    let mut rest = &html[start..end];
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<ul") {
            depth += 1;
        } else if rest.starts_with("</ul") {
            depth -= 1;
        } else if rest.starts_with("<a ") {
            let tag_end = rest.find('>').unwrap();
            let tag = &rest[..tag_end];
            let href = tag
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let title = rest[tag_end + 1..].split('<').next().unwrap().trim();
            let current = if tag.contains("aria-current") {
                " *"
            } else {
                ""
            };
            lines.push(format!(
                "{}{title} -> {href}{current}",
                "  ".repeat(depth - 1)
            ));
        }
        rest = &rest[1..];
    }
    lines.join("\n")
}

/// The sitemap's `<url>` entries whose `<loc>` contains one of `parts`.
fn sitemap_entries(sitemap: &str, parts: &[&str]) -> String {
    sitemap
        .split("<url>")
        .skip(1)
        .map(|u| u.split("</url>").next().unwrap().trim())
        .filter(|u| parts.iter().any(|p| u.contains(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_merged_site_has_the_guide_the_override_and_the_added_pages() {
    let (_dir, site) = site();
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let public = site.join("public");

    // The override wins; the bundled pages around it are there.
    let readiness = read(&public, "building/region-readiness/index.html");
    assert!(readiness.contains("own readiness checklist replaces the bundled page"));
    let bundled = String::from_utf8_lossy(
        regionwise::eject::bundled("content/building/region-readiness.md").unwrap(),
    )
    .into_owned();
    let bundled_title = bundled
        .lines()
        .find_map(|l| l.strip_prefix("title = "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    assert!(!readiness.contains(&format!("<h1>{bundled_title}</h1>")));
    for page in [
        "index.html",
        "patterns/dr-ladder/index.html",
        "operations/cost/index.html",
    ] {
        assert!(public.join(page).is_file(), "{page}");
    }

    // Only the site's own pages have a file to edit in its repository.
    let edit = "https://git.example.com/platform/guide/-/edit/main/content/";
    assert!(readiness.contains(&format!("{edit}building/region-readiness.md")));
    assert!(!read(&public, "patterns/dr-ladder/index.html").contains(edit));

    // The added section and page: in the navigation, sitemap and search.
    let regions = read(&public, "our-platform/regions/index.html");
    crate::assert_snapshot!("internal_copy__internal_copy_nav", nav(&regions));
    let sitemap = read(&public, "sitemap.xml");
    let entries = sitemap_entries(&sitemap, &["/our-platform/", "/building/region-readiness/"]);
    crate::assert_snapshot!("internal_copy__internal_copy_sitemap", entries);
    assert!(sitemap.contains("/patterns/dr-ladder/"));
    let search: String = std::fs::read_dir(public.join("search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(search.contains("Our regions") && search.contains("our-platform/regions/"));
    assert!(search.contains("Region readiness at Example Corp"));
    assert!(!search.contains(&format!("\"{bundled_title}\"")));
}

#[test]
fn calculator_defaults_flow_into_the_bundled_pages() {
    let (_dir, site) = site();
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let home = read(&site, "public/index.html");
    let ours = read(&site, "public/our-platform/index.html");
    let cost = read(&site, "public/operations/cost/index.html");
    let with_defaults = figure(&home, "active_passive.total");
    assert_eq!(with_defaults, figure(&ours, "active_passive.total"));
    assert_eq!(
        form_value(&cost, "cost", "compute"),
        "$42,000",
        "the cost calculator starts from the organisation's compute bill"
    );
    // The break-even prices the same bill: `[calculator.cost] compute`
    // reaches its form and its figures in the prose, `[calculator.breakeven]
    // database` the cost calculator, and each keeps its own `transfer`.
    assert_eq!(form_value(&cost, "breakeven", "compute"), "$42,000");
    assert_eq!(form_value(&cost, "breakeven", "database"), "$3,000");
    assert_eq!(form_value(&cost, "cost", "database"), "$3,000");
    assert_eq!(form_value(&cost, "cost", "transfer"), "$250");
    assert_eq!(form_value(&cost, "breakeven", "transfer"), "$300");
    let breakeven = |inputs: serde_json::Value| {
        let model = regionwise_models::model("breakeven").unwrap();
        let outcome = model.run(inputs.as_object().unwrap()).unwrap();
        outcome
            .figure("warm_standby.break_even_per_hour")
            .unwrap()
            .text()
    };
    let ours = breakeven(serde_json::json!({"compute": 42000, "database": 3000, "transfer": 300}));
    assert_ne!(ours, breakeven(serde_json::json!({})));
    assert_eq!(figure(&cost, "warm_standby.break_even_per_hour"), ours);

    edit(&site, "regionwise.toml", |t| {
        t.replace("compute = 42000\n", "")
    });
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let home = read(&site, "public/index.html");
    assert_ne!(figure(&home, "active_passive.total"), with_defaults);
    let cost = read(&site, "public/operations/cost/index.html");
    assert_eq!(form_value(&cost, "breakeven", "compute"), "$5,000");
}

/// The recommender weighs the DR rungs with the organisation's break-even
/// inputs: the threshold it quotes on an internal copy is the break-even
/// calculator's figure on the same copy, at build time and in the page's
/// live calculator (which runs on the inputs the page fixes).
#[test]
fn the_recommender_quotes_the_break_even_calculators_threshold() {
    let (_dir, site) = site();
    edit(&site, "regionwise.toml", |t| {
        t.replace("compute = 42000\n", "compute = 120000\n")
    });
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let home = read(&site, "public/index.html");
    // The break-even calculator's figure, unrounded ("$123,456"), and the
    // recommender's sentence, rounded to two digits ("$120,000").
    let cost = read(&site, "public/operations/cost/index.html");
    let breakeven = dollars(&figure(&cost, "warm_standby.break_even_per_hour"));
    assert_eq!(
        dollars(&figure(&home, "warm_standby.break_even_per_hour")),
        breakeven
    );
    let bundled = regionwise_models::model("breakeven")
        .unwrap()
        .run(&Default::default())
        .unwrap()
        .json["warm_standby"]["break_even_per_hour"]
        .as_f64()
        .unwrap();
    assert!(breakeven > 2.0 * bundled, "{breakeven} against {bundled}");
    let form = calculator_form(&home, "recommend");
    let quoted = threshold(form).expect("the recommender quotes the warm standby's break-even");
    assert_eq!(quoted, two_digits(breakeven), "{form}");

    // The page's calculator runs on the inputs the page fixes: the rules
    // and the organisation's break-even inputs.
    let fixed = form
        .split("data-calc-inputs>")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("the recommender's fixed inputs");
    let fixed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(fixed).unwrap();
    assert_eq!(fixed["breakeven"]["compute"], 120000);
    let live = regionwise_models::model("recommend")
        .unwrap()
        .run(&fixed)
        .unwrap();
    let reasons = live.json["reasons"].to_string();
    assert_eq!(threshold(&reasons), Some(quoted), "{reasons}");

    // `regionwise calc` in the copy's folder (or with --root) starts from
    // the same defaults: `calc recommend` quotes what `calc breakeven` shows.
    let calc = |args: &[&str], cwd: &Path| {
        let o = Command::new(binary())
            .args(["calc"])
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", out(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    let json = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let cli_breakeven = json(calc(&["breakeven", "--json"], &site))["warm_standby"]
        ["break_even_per_hour"]
        .as_f64()
        .unwrap();
    assert_eq!(cli_breakeven.round(), breakeven);
    // A folder without a regionwise.toml.
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().to_path_buf();
    for (args, cwd) in [
        (vec!["recommend", "--json"], site.as_path()),
        (
            vec!["recommend", "--json", "--root", path(&site)],
            &elsewhere,
        ),
        (
            vec!["--root", path(&site), "recommend", "--json"],
            &elsewhere,
        ),
    ] {
        let reasons = json(calc(&args, cwd))["reasons"].to_string();
        assert_eq!(threshold(&reasons), Some(quoted), "{args:?}: {reasons}");
    }
    let text = calc(&["recommend"], &site);
    assert!(
        text.contains("Starting from the organisation's defaults in"),
        "{text}"
    );
    // Outside a site, the models' own defaults.
    let reasons = json(calc(&["recommend", "--json"], &elsewhere))["reasons"].to_string();
    assert_eq!(threshold(&reasons), Some(two_digits(bundled)), "{reasons}");
}

/// A platform team that changes its copy's decision rules gets the same
/// answer from `regionwise calc recommend` as from its pages: the rows of
/// the copy's own `content/data/decisions.toml` (before it has one, the
/// bundled guide's under its base layer), read and checked as `build`
/// reads them, so a bad row is the same error at the same line.
#[test]
fn calc_recommend_runs_the_sites_decision_rules_as_its_pages_do() {
    let (_dir, site) = site();
    let calc = |args: &[&str]| {
        let mut all = vec!["calc", "recommend", "--root", path(&site)];
        all.extend(args);
        run(&all)
    };
    let json = |o: Output| {
        assert!(o.status.success(), "{}", out(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let text = String::from_utf8(calc(&[]).stdout).unwrap();
    assert!(
        text.contains("Rules from the bundled guide's content/data/decisions.toml"),
        "{text}"
    );

    // The team's rules: a contract at 99.9 % already calls for the DR
    // ladder, and the catch-all row has a name of its own.
    let o = run(&["eject", "--root", path(&site), DECISIONS]);
    assert!(o.status.success(), "{}", out(&o));
    let baseline = "Single region, multi-AZ (the Example Corp baseline)";
    edit(&site, DECISIONS, |t| {
        assert!(t.contains("min_sla = 99.99\n") && t.contains("id = \"no-driver\"\n"));
        t.replacen("min_sla = 99.99\n", "min_sla = 99.9\n", 1)
            .replacen(
                "id = \"no-driver\"\n",
                &format!("id = \"no-driver\"\nname = \"{baseline}\"\n"),
                1,
            )
    });
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let home = read(&site, "public/index.html");
    let form = calculator_form(&home, "recommend");

    // The site's defaults: the page's answer and the row its decision
    // table highlights.
    let page_answer = figure(form, "pattern_name");
    assert_eq!(page_answer, baseline);
    let cli = json(calc(&["--json"]));
    assert_eq!(cli["pattern_name"], page_answer.as_str());
    assert_eq!(cli["row"], highlighted_row(&home));

    // Given inputs: what the page's live calculator computes (the model on
    // the inputs the page fixes, the rules among them, and the field).
    let fixed = form
        .split("data-calc-inputs>")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("the recommender's fixed inputs");
    let mut page: serde_json::Map<String, serde_json::Value> = serde_json::from_str(fixed).unwrap();
    page.insert("contractual_sla".into(), 99.95.into());
    let live = regionwise_models::model("recommend")
        .unwrap()
        .run(&page)
        .unwrap()
        .json;
    let cli = json(calc(&["--contractual-sla", "99.95", "--json"]));
    assert_eq!(live["row"], "contractual-sla", "the team's rule decides");
    for key in ["row", "pattern_name", "reasons", "changes"] {
        assert_eq!(cli[key], live[key], "{key}");
    }
    // Outside a site, the built-in rules: the bundled guide's answer.
    let outside = tempfile::tempdir().unwrap();
    let o = Command::new(binary())
        .args(["calc", "recommend", "--contractual-sla", "99.95", "--json"])
        .current_dir(outside.path())
        .output()
        .unwrap();
    assert_eq!(json(o)["row"], "no-driver");
    let o = calc(&[]);
    let text = String::from_utf8(o.stdout).unwrap();
    let file = site.join(DECISIONS);
    assert!(
        text.contains(&format!("Rules from {}", file.display())),
        "{text}"
    );

    // A bad row: the build's error, at the same line of the same file.
    edit(&site, DECISIONS, |t| {
        t.replacen(
            "pattern = \"single_region\"\n",
            "pattern = \"one_region\"\n",
            1,
        )
    });
    let error = |o: &Output| {
        assert!(!o.status.success(), "{}", out(o));
        let text = out(o);
        text.lines()
            .find(|l| l.starts_with(&format!("error: {DECISIONS}:")))
            .unwrap_or_else(|| panic!("no error in {DECISIONS}: {text}"))
            .to_owned()
    };
    let built = error(&build(&site));
    assert!(built.contains("unknown variant `one_region`"), "{built}");
    assert_eq!(error(&calc(&[])), built);
    // Rows the recommender cannot run (no catch-all last row) are the
    // file's fault too, not the command line's.
    edit(&site, DECISIONS, |t| {
        t.replacen(
            "pattern = \"one_region\"\n",
            "pattern = \"single_region\"\n",
            1,
        ) + "max_users = 5\n"
    });
    let o = calc(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains(&format!(
            "error: {}: decision rule `no-driver`: the last row must have no conditions",
            file.display()
        )),
        "{}",
        out(&o)
    );
}

/// The recommender's rules, as a site ejects them.
const DECISIONS: &str = "content/data/decisions.toml";

/// The `data-row` of the decision table's highlighted row.
fn highlighted_row(html: &str) -> String {
    let at = html
        .find("aria-current=\"true\"")
        .expect("a highlighted row");
    let row = &html[html[..at].rfind("<tr").expect("the row's tag")..at];
    row.split("data-row=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the row's id")
        .to_owned()
}

/// The page's first `model` calculator form.
fn calculator_form<'h>(html: &'h str, model: &str) -> &'h str {
    let form = html
        .find(&format!("data-calc=\"{model}\""))
        .unwrap_or_else(|| panic!("no {model} calculator"));
    let form = &html[form..];
    &form[..form.find("</form>").expect("the form's end")]
}

/// "$8,379" as 8379.
fn dollars(text: &str) -> f64 {
    text.trim_start_matches('$')
        .replace(',', "")
        .parse()
        .unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

/// The dollars in "a warm standby pays for itself above $8,400 an hour".
fn threshold(text: &str) -> Option<f64> {
    let at = text.find("a warm standby pays for itself above ")?;
    let rest = &text[at..].split("above ").nth(1)?;
    Some(dollars(rest.split(' ').next()?))
}

/// Two significant digits, as the guide's sentences round money.
fn two_digits(dollars: f64) -> f64 {
    let magnitude = 10f64.powf(dollars.log10().floor() - 1.0);
    (dollars / magnitude).round() * magnitude
}

/// The value of input `name` in the page's first `model` calculator form.
fn form_value(html: &str, model: &str, name: &str) -> String {
    let form = calculator_form(html, model);
    let hook = format!("name=\"{name}\" value=\"");
    let at = form
        .find(&hook)
        .unwrap_or_else(|| panic!("no {name} in the {model} form"))
        + hook.len();
    form[at..].split('"').next().unwrap().to_string()
}

#[test]
fn a_hidden_page_is_gone_and_links_to_it_are_errors_that_say_so() {
    let (_dir, site) = site();
    let hidden = "reference/glossary.md";
    edit(&site, "regionwise.toml", |t| {
        t.replace(
            "base = \"bundled\"\n",
            &format!("base = \"bundled\"\nhide = [\n  \"{hidden}\",\n]\n"),
        )
    });
    let entry_line = read(&site, "regionwise.toml")
        .lines()
        .position(|l| l.contains(hidden))
        .unwrap()
        + 1;
    // A link from a page of the site's own, at a known line.
    edit(&site, "content/our-platform/regions.md", |t| {
        format!("{t}\nSee the [glossary](@/{hidden}).\n")
    });
    let own_line = read(&site, "content/our-platform/regions.md")
        .lines()
        .count();

    let o = build(&site);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    let why = format!("is a bundled page hidden by `[guide] hide` (regionwise.toml:{entry_line})");
    assert!(
        text.contains(&format!(
            "content/our-platform/regions.md:{own_line}: broken link"
        )) && text.contains(&why),
        "{text}"
    );
    assert!(!site.join("public").exists(), "nothing written");

    // Every bundled page that links to it is named as bundled, with the
    // command that gives the site a copy to edit. Eject those and remove
    // the links, as a team would.
    edit(&site, "content/our-platform/regions.md", |t| {
        t.replace(&format!("\nSee the [glossary](@/{hidden}).\n"), "")
    });
    let linkers: Vec<(String, usize)> = text
        .lines()
        .filter(|l| l.contains(&why))
        .filter_map(|l| {
            let rest = l.strip_prefix("error: bundled:")?;
            let (file, rest) = rest.split_once(':')?;
            let line = rest.split(':').next()?.parse().ok()?;
            assert!(l.contains(&format!("regionwise eject {file}")), "{l}");
            Some((file.to_string(), line))
        })
        .collect();
    assert!(!linkers.is_empty(), "{text}");
    for (file, _) in &linkers {
        let o = run(&["eject", "--root", path(&site), file]);
        if !o.status.success() {
            assert!(out(&o).contains("already exists"), "{}", out(&o));
        }
    }
    for (file, line) in &linkers {
        edit(&site, file, |t| {
            let mut lines: Vec<String> = t.lines().map(String::from).collect();
            lines[line - 1] = unlink(&lines[line - 1], hidden);
            lines.join("\n") + "\n"
        });
    }
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let public = site.join("public");
    assert!(!public.join("reference/glossary").exists());
    let sitemap = read(&public, "sitemap.xml");
    assert!(!sitemap.contains("reference/glossary/"));
    let reference = read(&public, "reference/index.html");
    assert!(
        !reference.contains("glossary/index.html"),
        "not in the navigation"
    );
}

/// A link in a data file (a failure-mode card) to a hidden page is the data
/// file's error, at the link's line and column, with the data file to
/// eject; `unlink_hidden` unlinks it while the data file is bundled, and
/// not once the site has its own copy (links in the site's own files stay
/// errors), whichever page shows the cards.
#[test]
fn a_link_in_a_data_file_to_a_hidden_page_is_the_data_files_error() {
    let (_dir, site) = site();
    let hidden = "building/capacity-and-quotas.md";
    let data = "content/data/failure_modes.toml";
    edit(&site, "regionwise.toml", |t| {
        t.replace(
            "base = \"bundled\"\n",
            &format!("base = \"bundled\"\nhide = [\"{hidden}\"]\n"),
        )
    });
    let link = format!("@/{hidden}");
    let bundled = std::fs::read_to_string(crate::support::repo().join(data)).unwrap();
    let (line, column) = bundled
        .lines()
        .enumerate()
        .find_map(|(i, l)| Some((i + 1, l[..l.find(&link)?].chars().count() + 1)))
        .expect("the bundled cards link to the page");
    let o = build(&site);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    let error = text
        .lines()
        .find(|l| l.contains("failure-mode card"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        error.starts_with(&format!("error: bundled:{data}:{line}:{column}: ")),
        "{error}"
    );
    assert!(
        error.contains(&format!("`regionwise eject {data}` makes one")),
        "{error}"
    );
    assert!(
        !text.contains("content/operations/failure-modes.md:"),
        "{text}"
    );

    // Unlinked while bundled...
    edit(&site, "regionwise.toml", |t| {
        t.replace("hide = [", "unlink_hidden = true\nhide = [")
    });
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    // ...an error in the site's own copy, even on a bundled page.
    let o = run(&["eject", "--root", path(&site), data]);
    assert!(o.status.success(), "{}", out(&o));
    let o = build(&site);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    assert!(
        text.contains(&format!("error: {data}:{line}:{column}: "))
            && text.contains("remove the link"),
        "{text}"
    );
}

/// `[guide] unlink_hidden`: the one-line way through hiding a page that
/// bundled pages link to. Their links keep their text without the link;
/// a link in a file of the site's own is still an error.
#[test]
fn unlink_hidden_keeps_the_text_of_bundled_links_to_a_hidden_page() {
    let (_dir, site) = site();
    let hidden = "reference/glossary.md";
    edit(&site, "regionwise.toml", |t| {
        t.replace(
            "base = \"bundled\"\n",
            &format!("base = \"bundled\"\nhide = [\"{hidden}\"]\nunlink_hidden = true\n"),
        )
    });
    edit(&site, "content/our-platform/regions.md", |t| {
        format!("{t}\nSee the [glossary](@/{hidden}).\n")
    });
    let o = build(&site);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let errors: Vec<&str> = std::str::from_utf8(&o.stderr)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: content/our-platform/regions.md:")
            && errors[0].ends_with("remove the link, or stop hiding the page"),
        "{errors:?}"
    );

    edit(&site, "content/our-platform/regions.md", |t| {
        t.replace(&format!("\nSee the [glossary](@/{hidden}).\n"), "")
    });
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let public = site.join("public");
    assert!(!public.join("reference/glossary").exists());
    // The bundled reference section listed it as a link; its text stays.
    let reference = read(&public, "reference/index.html");
    assert!(reference.contains("<li>Glossary: RPO, RTO"), "{reference}");
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                !html.contains("glossary/index.html"),
                "{} links to the hidden page",
                entry.path().display()
            );
        }
    }
}

/// A Markdown line with its links to `target` made plain text.
fn unlink(line: &str, target: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        let dest = &rest[close + 2..end];
        if dest.starts_with(&format!("@/{target}")) {
            out.push_str(&rest[open + 1..close]);
        } else {
            out.push_str(&rest[open..=end]);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_hide_entry_that_names_no_bundled_page_is_an_error_at_its_line() {
    let (_dir, site) = site();
    edit(&site, "regionwise.toml", |t| {
        t.replace(
            "base = \"bundled\"\n",
            "base = \"bundled\"\nhide = [\"patterns/\", \"patterns/dr-lader.md\"]\n",
        )
    });
    let line = read(&site, "regionwise.toml")
        .lines()
        .position(|l| l.starts_with("hide"))
        .unwrap()
        + 1;
    let o = run(&["check", "--root", path(&site)]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains(&format!(
            "regionwise.toml:{line}: invalid configuration: `[guide] hide`: \
             `patterns/dr-lader.md` names no bundled page"
        )),
        "{}",
        out(&o)
    );
}

#[test]
fn eject_records_the_version_and_an_upstream_change_is_reported() {
    let (_dir, site) = site();
    let page = "content/patterns/dr-ladder.md";
    let o = run(&["eject", "--root", path(&site), "patterns/dr-ladder.md"]);
    assert!(o.status.success(), "{}", out(&o));
    let bundled = regionwise::eject::bundled(page).unwrap();
    assert_eq!(std::fs::read(site.join(page)).unwrap(), bundled);
    let lock = regionwise::eject::Lock::read(&site).unwrap();
    let entry = lock.entry(page).unwrap();
    assert_eq!(entry.sha256, regionwise::eject::sha256_hex(bundled));
    assert_eq!(entry.regionwise, env!("CARGO_PKG_VERSION"));
    // Never over the site's own file.
    let o = run(&["eject", "--root", path(&site), page]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("already exists"), "{}", out(&o));

    // The copy is the site's own now: it is edited, and reviewed.
    edit(&site, page, |t| {
        t.replacen("+++\n", "+++\nreviewed = \"2026-11-01\"\n", 1)
    });
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert!(o.status.success(), "{}", out(&o));

    // A newer regionwise, simulated: the record says the page was ejected
    // from an older bundled text.
    let now = std::str::from_utf8(bundled).unwrap();
    let older = now.replacen("\n\n", "\n\nA sentence the older guide had.\n\n", 1);
    let mut lock = lock;
    lock.record(regionwise::eject::Entry::new(page, &older));
    lock.write(&site).unwrap();

    let o = run(&["check", "--root", path(&site)]);
    assert!(o.status.success(), "a warning only: {}", out(&o));
    let warning = format!(
        "warning: {page}: the bundled version changed since you ejected it (from regionwise {})",
        env!("CARGO_PKG_VERSION")
    );
    assert!(out(&o).contains(&warning), "{}", out(&o));
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains(&warning));
    let o = build(&site);
    assert!(
        o.status.success() && out(&o).contains(&warning),
        "{}",
        out(&o)
    );

    let o = run(&["diff", "--root", path(&site), page]);
    assert!(o.status.success(), "{}", out(&o));
    let diff = String::from_utf8_lossy(&o.stdout);
    assert!(
        diff.starts_with(&format!("--- a/{page}\t(ejected from regionwise")),
        "{diff}"
    );
    assert!(
        diff.contains(&format!("+++ b/{page}\t(bundled in regionwise")),
        "{diff}"
    );
    assert!(
        diff.contains("\n-A sentence the older guide had.\n"),
        "{diff}"
    );
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        0
    );

    // Once the copy has what it needs: accepted, nothing to report.
    let o = run(&["eject", "--accept", "--root", path(&site), page]);
    assert!(o.status.success(), "{}", out(&o));
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert!(o.status.success(), "{}", out(&o));
}

/// The README's "An internal copy, in five commands", then an upgrade:
/// a branded guide with two pages of the team's own and its calculator
/// defaults, and a report naming exactly the edit that needs a look.
#[test]
fn the_readme_workflow_from_nothing_to_an_upgrade_report() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("handbook");
    let o = run(&["init", path(&site)]);
    assert!(o.status.success(), "{}", out(&o));
    edit(&site, "regionwise.toml", |t| {
        let t = t
            .replacen("title = \"", "title = \"Example Corp: ", 1)
            .replace("# accent_color = \"#0b5cad\"", "accent_color = \"#7a1f5c\"");
        format!("{t}\n[calculator.cost]\ncompute = 42000\n")
    });
    std::fs::write(
        site.join("content/our-platform/runbook.md"),
        "+++\ntitle = \"Our failover runbook\"\nreviewed = \"2026-11-01\"\n+++\nWho decides, and how.\n",
    )
    .unwrap();
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    let public = site.join("public");
    let runbook = read(&public, "our-platform/runbook/index.html");
    assert!(runbook.contains("Example Corp: "));
    let nav = nav(&runbook);
    assert!(
        nav.contains("Our platform -> ") && nav.contains("Our failover runbook -> "),
        "{nav}"
    );
    // The notes `init` writes in static/ are not the site's.
    assert!(!public.join("README.md").exists());
    let cost = read(&public, "operations/cost/index.html");
    assert!(cost.contains("name=\"compute\" value=\"$42,000\""));
    let css: String = std::fs::read_dir(&public)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "css"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(css.contains("--accent: #7a1f5c"));
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert!(o.status.success(), "{}", out(&o));

    // The upgrade: the home page the team overrode changed upstream.
    let home = "content/_index.md";
    let mut lock = regionwise::eject::Lock::read(&site).unwrap();
    let older =
        lock.entry(home)
            .unwrap()
            .upstream
            .replacen("\n\n", "\n\nAn older paragraph.\n\n", 1);
    lock.record(regionwise::eject::Entry::new(home, &older));
    lock.write(&site).unwrap();
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    let warnings: Vec<&str> = std::str::from_utf8(&o.stderr)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("warning: content/_index.md: the bundled version changed"));
}

#[test]
fn an_override_without_a_record_is_reported_until_accepted() {
    let (_dir, site) = unrecorded_site();
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains(&format!(
            "warning: {OVERRIDE}: replaces a bundled file but is not in regionwise.lock"
        )),
        "{}",
        out(&o)
    );
    let o = run(&["eject", "--accept", "--root", path(&site), OVERRIDE]);
    assert!(o.status.success(), "{}", out(&o));
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert!(o.status.success(), "{}", out(&o));
}

/// `regionwise diff PATH | patch -p1` leaves `X.orig` (a hunk applied at an
/// offset) or `X.rej` (one that clashed) next to the file: the report
/// names them until they are deleted, and no build publishes them.
#[test]
fn what_patch_leaves_behind_is_reported_and_never_published() {
    let (_dir, site) = site();
    let page = "content/our-platform/regions.md";
    std::fs::write(
        site.join(format!("{OVERRIDE}.rej")),
        "@@ -1 +1 @@\n-a\n+b\n",
    )
    .unwrap();
    std::fs::write(site.join(format!("{page}.orig")), read(&site, page)).unwrap();
    // Not a leftover: no file of that name beside it.
    std::fs::write(site.join("content/our-platform/notes.orig"), "kept").unwrap();
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let warnings: Vec<&str> = std::str::from_utf8(&o.stderr)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            format!(
                "warning: {OVERRIDE}.rej: left by `patch`: the hunks of the upstream change that \
                 did not apply to {OVERRIDE}; make those changes in {OVERRIDE} by hand, then \
                 delete {OVERRIDE}.rej (it is not published)"
            ),
            format!(
                "warning: {page}.orig: left by `patch`: {page} as it was before the patch; \
                 delete it once {page} reads right (it is not published)"
            ),
        ],
        "{}",
        out(&o)
    );
    let o = build(&site);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains(&format!("warning: {page}.orig: left by `patch`")));
    let public = site.join("public");
    assert!(!public.join("building/region-readiness.md.rej").exists());
    assert!(!public.join("our-platform/regions.md.orig").exists());
    assert_eq!(read(&public, "our-platform/notes.orig"), "kept");

    std::fs::remove_file(site.join(format!("{OVERRIDE}.rej"))).unwrap();
    std::fs::remove_file(site.join(format!("{page}.orig"))).unwrap();
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert!(o.status.success(), "{}", out(&o));
}

#[test]
fn eject_list_marks_what_the_site_ejected_overrode_and_hid() {
    let (_dir, site) = site();
    let hidden = "reference/glossary.md";
    edit(&site, "regionwise.toml", |t| {
        t.replace(
            "base = \"bundled\"\n",
            &format!("base = \"bundled\"\nhide = [\"{hidden}\"]\n"),
        )
    });
    let line = read(&site, "regionwise.toml")
        .lines()
        .position(|l| l.contains(hidden))
        .unwrap()
        + 1;
    let o = run(&["eject", "--list", "--root", path(&site)]);
    assert!(o.status.success(), "{}", out(&o));
    let list = String::from_utf8_lossy(&o.stdout);
    let mark = |file: &str| {
        list.lines()
            .find_map(|l| l.strip_prefix(file))
            .unwrap_or_else(|| panic!("{file} is not listed:\n{list}"))
            .trim()
            .to_string()
    };
    assert_eq!(
        mark(&format!("content/{hidden}")),
        format!("(hidden: regionwise.toml:{line})")
    );
    assert_eq!(mark(OVERRIDE), "(ejected)");
    assert_eq!(mark("content/patterns/dr-ladder.md"), "");
}

#[test]
fn a_damaged_lock_file_is_named_as_regionwise_own_with_its_line_and_the_fix() {
    let (_dir, site) = site();
    let lock = read(&site, "regionwise.lock");
    std::fs::write(
        site.join("regionwise.lock"),
        format!("{lock}\n[[ejected]]\npath = \n"),
    )
    .unwrap();
    let line = lock.lines().count() + 3;
    for command in ["check", "build"] {
        let o = run(&[command, "--root", path(&site)]);
        let text = out(&o);
        // Line and column, like an error in regionwise.toml: the value
        // missing after `path = `.
        assert!(
            text.contains(&format!(
                "regionwise.lock:{line}:8: invalid regionwise.lock, regionwise's own record"
            )) && text.contains("git checkout regionwise.lock"),
            "{command}: {text}"
        );
        assert!(!text.contains("invalid configuration"), "{command}: {text}");
    }
    // `eject --list` still lists the bundled files, and says why it
    // cannot mark the ejected ones.
    let o = run(&["eject", "--list", "--root", path(&site)]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("content/patterns/dr-ladder.md"));
    assert!(out(&o).contains("warning: regionwise.lock:"), "{}", out(&o));
}

/// `serve` says at startup what `build` says: the files whose bundled
/// version changed since they were ejected.
#[test]
fn serve_prints_the_upgrade_report_when_it_starts() {
    use std::io::{BufRead as _, BufReader, Read as _};
    use std::process::Stdio;

    let (_dir, site) = site();
    // A newer regionwise, simulated: the override was ejected from an
    // older bundled text.
    let mut lock = regionwise::eject::Lock::read(&site).unwrap();
    let older =
        lock.entry(OVERRIDE)
            .unwrap()
            .upstream
            .replacen("\n\n", "\n\nAn older paragraph.\n\n", 1);
    lock.record(regionwise::eject::Entry::new(OVERRIDE, &older));
    lock.write(&site).unwrap();

    let child = Command::new(binary())
        .args(["serve", "--port", "0", "--root", path(&site)])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start regionwise serve");
    let mut running = crate::support::Running(child);
    // The report comes before the address line, so once that is printed
    // stderr holds it; stopping the server closes stderr.
    let mut line = String::new();
    BufReader::new(running.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("Serving"), "{line:?}");
    let _ = running.0.kill();
    let _ = running.0.wait();
    let mut stderr = String::new();
    running
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        stderr.contains(&format!(
            "warning: {OVERRIDE}: the bundled version changed since you ejected it"
        )),
        "{stderr}"
    );
}
