//! framsteg only ever deletes or replaces what it made: `build --output` refuses a folder that
//! holds someone else's files, the site's own sources, a folder that holds the site, and a
//! file; a refused or failed build touches nothing and leaves no staging folder behind.

mod common;

use std::path::Path;

use common::{snapshot, TestSite};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn build_to(site: &TestSite, dest: &Path) -> std::process::Output {
    site.cli(&["build", "--output", dest.to_str().unwrap()])
}

/// The names framsteg would use beside `dest` while building.
fn no_leftovers_beside(dest: &Path) {
    let parent = dest.parent().unwrap();
    let name = dest.file_name().unwrap().to_string_lossy();
    for extra in ["staging", "old", "lock"] {
        let p = parent.join(format!(".{name}.{extra}"));
        assert!(!p.exists(), "{} was left behind", p.display());
    }
}

#[test]
fn an_unrelated_folder_with_files_survives_two_builds_pointed_at_it() {
    let site = TestSite::fixture("site");
    let dir = tempfile::tempdir().unwrap();
    let theirs = dir.path().join("unrelated");
    std::fs::create_dir_all(theirs.join("sub")).unwrap();
    std::fs::write(theirs.join("a.txt"), "mina filer").unwrap();
    std::fs::write(theirs.join("sub/b.txt"), "fler filer").unwrap();
    let before = snapshot(&theirs);
    for _ in 0..2 {
        let out = build_to(&site, &theirs);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("framsteg inte har gjort"), "{err}");
        assert!(err.contains("unrelated"), "{err}");
    }
    assert_eq!(snapshot(&theirs), before);
    no_leftovers_beside(&theirs);
}

#[test]
fn the_site_root_its_sources_and_its_parents_are_refused_and_left_untouched() {
    let site = TestSite::fixture("site");
    site.write("themes/egen/templates/article.html", "{{ page.title }}");
    let root = site.root.canonicalize().unwrap();
    let before = snapshot(root.parent().unwrap());
    let cases = [
        (root.clone(), "webbplatsens egen mapp"),
        (root.join("content"), "content/ eller themes/"),
        (root.join("content/articles"), "content/ eller themes/"),
        (root.join("content/ny-mapp"), "content/ eller themes/"),
        (root.join("themes"), "content/ eller themes/"),
        (root.join("themes/egen/templates"), "content/ eller themes/"),
        (
            root.parent().unwrap().to_path_buf(),
            "innehåller webbplatsen",
        ),
        (root.join("content/.."), "webbplatsens egen mapp"),
    ];
    for (dest, why) in cases {
        let out = build_to(&site, &dest);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {}",
            dest.display(),
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(why),
            "{}: {}",
            dest.display(),
            stderr(&out)
        );
        assert_eq!(
            snapshot(root.parent().unwrap()),
            before,
            "{}",
            dest.display()
        );
        assert!(!root.join("content/ny-mapp").exists());
    }
    // A relative path is read from the folder the command runs in.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .current_dir(&root)
        .args(["build", "--output", "content"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(snapshot(root.parent().unwrap()), before);
}

#[test]
fn a_file_as_output_is_refused_and_kept() {
    let site = TestSite::fixture("site");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rapport.pdf");
    std::fs::write(&file, "viktig").unwrap();
    for _ in 0..2 {
        let out = build_to(&site, &file);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("är en fil"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "viktig");
    no_leftovers_beside(&file);
}

#[test]
fn an_empty_folder_becomes_framstegs_and_is_rebuilt() {
    let site = TestSite::fixture("site");
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("www");
    std::fs::create_dir(&dest).unwrap();
    for _ in 0..3 {
        let out = build_to(&site, &dest);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(dest.join("index.html").is_file());
        assert!(dest.join(".framsteg-output").is_file());
    }
    // The folder it retired is framsteg's too.
    assert!(dir.path().join(".www.old/.framsteg-output").is_file());
    // A folder that does not exist yet is made.
    let new = dir.path().join("ny/djup/www");
    let out = build_to(&site, &new);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(new.join("index.html").is_file());
}

#[test]
fn a_folder_that_is_not_framstegs_beside_the_output_is_not_reused() {
    let site = TestSite::fixture("site");
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("www");
    let theirs = dir.path().join(".www.old");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("backup.sql"), "data").unwrap();
    let out = build_to(&site, &dest);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(".www.old"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(theirs.join("backup.sql")).unwrap(),
        "data"
    );
    assert!(!dest.exists());
}

#[test]
fn the_default_output_of_an_older_framsteg_is_still_rebuilt() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    site.build().unwrap();
    // Older versions wrote no marker.
    std::fs::remove_file(site.out(".framsteg-output")).unwrap();
    std::fs::remove_file(site.root.join(".output.old/.framsteg-output")).unwrap();
    let out = site.cli(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.out(".framsteg-output").is_file());
    // But not when it holds something else than a built site.
    let other = TestSite::fixture("site");
    other.write("output/anteckningar.txt", "mina");
    let out = other.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(other.read("anteckningar.txt"), "mina");
    // `check` reports what `build` would stop on.
    let out = other.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("framsteg inte har gjort"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_refusal_is_explained_in_english_for_an_english_site() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.txt"), "x").unwrap();
    let out = build_to(&site, dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("framsteg did not make"), "{err}");
    assert!(!err.contains("fel hittades"), "{err}");
}

#[test]
fn a_failed_first_build_leaves_no_staging_folder() {
    let site = TestSite::fixture("site");
    site.write("themes/trasig/theme.yaml", "name: trasig\n");
    site.write("themes/trasig/templates/article.html", "{% if %}");
    site.edit("content/site.yaml", "theme: default", "theme: trasig");
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.root.join("output").exists());
    assert!(!site.root.join(".output.staging").exists());
    assert!(!site.root.join(".output.old").exists());
}
