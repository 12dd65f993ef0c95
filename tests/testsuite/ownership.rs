//! Output ownership through the real binary: a build replaces only a folder
//! that is missing, empty or its own (the `.regionwise-output` manifest),
//! and never `/`, `$HOME`, a folder holding either, the site or its sources.
//! `$HOME` is always a temporary folder here, never the real one.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{arg as text, binary, copy_dir, repo, snapshot, stderr};

/// `regionwise build ARGS` in `cwd`, with `$HOME` set to `home`.
fn build(cwd: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .arg("build")
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .output()
        .expect("run regionwise")
}

/// A folder of someone's own files: nested, hidden, a link, an empty folder.
fn unrelated_files(dir: &Path) {
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("taxes-2024.pdf", "%PDF private");
    write("letters/mother.txt", "Dear mum,");
    write("letters/drafts/unsent.txt", "never sent");
    write(".config/app.toml", "secret = 1");
    write("index.html", "<p>my own page, not a build's</p>");
    std::fs::create_dir_all(dir.join("empty-folder")).unwrap();
    std::os::unix::fs::symlink("letters/mother.txt", dir.join("link-to-letter")).unwrap();
}

#[test]
fn unrelated_files_in_the_output_folder_all_survive() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let site = tmp.path().join("site");
    let notes = tmp.path().join("notes");
    copy_dir(&repo().join("tests/fixtures/basic"), &site);
    std::fs::create_dir_all(&home).unwrap();
    unrelated_files(&notes);
    let before = snapshot(tmp.path());

    // A site built into the folder, by path and as `.` from inside it; the
    // bundled guide (no site) into it as `.`.
    let attempts = [
        build(
            tmp.path(),
            &home,
            &["--root", text(&site), "--output", text(&notes)],
        ),
        build(&notes, &home, &["--root", text(&site), "--output", "."]),
        build(&notes, &home, &["--output", "."]),
        build(&notes, &home, &["--output", "../notes"]),
    ];
    for (i, out) in attempts.iter().enumerate() {
        let err = stderr(out);
        assert!(!out.status.success(), "attempt {i} built: {err}");
        assert!(err.contains("refusing to write output to"), "{i}: {err}");
        assert!(
            err.contains(text(&notes.canonicalize().unwrap())),
            "{i}: {err}"
        );
        assert!(err.contains("was left as it was"), "{i}: {err}");
    }
    assert_eq!(snapshot(tmp.path()), before, "a file was touched");
}

#[test]
fn force_replaces_an_unrelated_folder_but_never_home_or_its_ancestors() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("users/me");
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/basic"), &site);
    unrelated_files(&home);
    let old = tmp.path().join("old-site");
    unrelated_files(&old);
    let before = snapshot(&home);

    for target in [&home, &home.join(".."), &tmp.path().join("users/me/./")] {
        let out = build(
            tmp.path(),
            &home,
            &["--root", text(&site), "--output", text(target), "--force"],
        );
        assert!(
            !out.status.success(),
            "{}: {}",
            target.display(),
            stderr(&out)
        );
        assert!(stderr(&out).contains("home folder"), "{}", stderr(&out));
    }
    assert_eq!(snapshot(&home), before, "the home folder was touched");

    let out = build(
        tmp.path(),
        &home,
        &["--root", text(&site), "--output", text(&old), "--force"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(old.join("index.html").is_file());
    assert!(!old.join("taxes-2024.pdf").exists(), "--force replaces it");
    assert!(old.join(".regionwise-output").is_file());
}

#[test]
fn a_build_replaces_its_own_output_and_lists_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/basic"), &site);
    let out = tmp.path().join("public");
    for _ in 0..2 {
        let o = build(
            tmp.path(),
            tmp.path(),
            &["--root", text(&site), "--output", text(&out)],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let manifest = std::fs::read_to_string(out.join(".regionwise-output")).unwrap();
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    let mut files: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p != ".regionwise-output")
        .collect();
    files.sort();
    assert_eq!(listed, files);
    // The summary counts what is in the folder, the manifest included.
    let o = build(
        tmp.path(),
        tmp.path(),
        &["--root", text(&site), "--output", text(&out)],
    );
    let summary = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        summary.contains(&format!("({} files,", files.len() + 1)),
        "{summary}"
    );
}
