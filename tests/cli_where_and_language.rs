//! The command line finds the site from wherever in it the user stands, says where a new file
//! went and when there is no site, speaks the site's language with grammatical counts, counts
//! pages the same way in check, build and serve, and has help in both languages, not mixed.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::TestSite;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run framsteg")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn new_article_from_inside_content_articles_goes_to_the_sites_articles() {
    let site = TestSite::fixture("site");
    let here = site.root.join("content/articles");
    let o = run_in(&here, &["new", "article", "Läslust i biblioteket"]);
    assert!(o.status.success(), "{}", err(&o));
    let today = framsteg::scaffold::today();
    let name = format!("{today}-laslust-i-biblioteket.md");
    assert!(here.join(&name).is_file(), "{}", out(&o));
    assert!(!here.join("content").exists(), "nested content/ made");
    // It says where the file went, as seen from where the user stands.
    assert_eq!(out(&o).trim(), format!("Skapade {name}"));
    // From another folder of the site, the path leads there.
    let o = run_in(
        &site.root.join("content/plan"),
        &["new", "story", "Läsvecka"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains(&format!("content/stories/{today}-lasvecka.yaml")),
        "{}",
        out(&o)
    );
    assert!(site
        .root
        .join(format!("content/stories/{today}-lasvecka.yaml"))
        .is_file());
}

#[test]
fn every_command_finds_the_site_from_a_subfolder() {
    let site = TestSite::fixture("site");
    site.remove("content/articles/2023-03-01-ett-utkast.md");
    let here = site.root.join("content/plan");
    let o = run_in(&here, &["check"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = run_in(&here, &["build"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(site.root.join("output/index.html").is_file());
    assert!(!here.join("output").exists());
}

#[test]
fn no_site_here_says_so_and_suggests_init() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        &["check"][..],
        &["build"],
        &["new", "article", "X"],
        &["serve"],
    ] {
        let o = run_in(dir.path(), cmd);
        assert_eq!(o.status.code(), Some(1), "{cmd:?}");
        let e = err(&o);
        assert!(e.contains("Här finns ingen webbplats"), "{cmd:?}: {e}");
        assert!(e.contains("framsteg init"), "{cmd:?}: {e}");
        assert!(e.contains("No framsteg site here"), "{cmd:?}: {e}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

fn english(site: &TestSite) {
    site.edit("content/site.yaml", "language: sv", "language: en");
}

#[test]
fn an_english_site_gets_english_messages_and_scaffolds() {
    let site = TestSite::fixture("site");
    english(&site);
    let check = site.cli(&["check"]);
    assert!(check.status.success(), "{}", err(&check));
    assert!(out(&check).starts_with("No errors: "), "{}", out(&check));
    let build = site.cli(&["build"]);
    assert!(out(&build).starts_with("Done: "), "{}", out(&build));
    let new = site.cli(&["new", "article", "Reading week"]);
    assert!(out(&new).starts_with("Created "), "{}", out(&new));
    let today = framsteg::scaffold::today();
    let text = site.read_src(&format!("content/articles/{today}-reading-week.md"));
    assert!(text.contains("# one or more subjects"), "{text}");
    assert!(text.contains("Write the article here."), "{text}");
    let again = site.cli(&["new", "article", "Reading week"]);
    assert!(err(&again).contains("already exists"), "{}", err(&again));
    for o in [&check, &build, &new, &again] {
        let all = out(o) + &err(o);
        for sv in [
            "Klart",
            "Inga fel",
            "Skapade",
            "sidor",
            "filer",
            "finns redan",
            "fel:",
        ] {
            assert!(!all.contains(sv), "Swedish `{sv}` in: {all}");
        }
    }
}

#[test]
fn counts_are_grammatical() {
    let site = TestSite::fixture("site");
    let o = site.cli(&["check"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("Inga fel: 2 artiklar, 2 berättelser, 1 insats; "),
        "{}",
        out(&o)
    );
    english(&site);
    let o = site.cli(&["check"]);
    assert!(
        out(&o).starts_with("No errors: 2 articles, 2 stories, 1 initiative; "),
        "{}",
        out(&o)
    );
}

/// The number before `word` in `text`, e.g. 22 in "…; 22 sidor och …".
fn number_before(text: &str, word: &str) -> usize {
    let at = text
        .find(word)
        .unwrap_or_else(|| panic!("no {word:?} in {text}"));
    text[..at]
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no number before {word:?} in {text}"))
}

#[test]
fn check_build_and_serve_count_pages_alike() {
    let site = TestSite::fixture("site");
    // serve shows drafts; without one, all three see the same site.
    site.remove("content/articles/2023-03-01-ett-utkast.md");
    let check = out(&site.cli(&["check"]));
    let build = out(&site.cli(&["build"]));
    let pages = number_before(&check, " sidor");
    assert_eq!(number_before(&build, " sidor"), pages, "{check}\n{build}");
    assert_eq!(
        number_before(&check, " andra filer"),
        number_before(&build, " andra filer"),
        "{check}\n{build}"
    );
    let html = walkdir::WalkDir::new(site.root.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages >= html, "pages {pages} < HTML files {html}");

    let mut serve = Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .arg("--root")
        .arg(&site.root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(serve.stdout.take().unwrap()).lines();
    let done = lines
        .by_ref()
        .map_while(Result::ok)
        .take(5)
        .find(|l| l.starts_with("Klart"));
    serve.kill().unwrap();
    serve.wait().unwrap();
    let done = done.expect("serve says Klart");
    assert_eq!(number_before(&done, " sidor"), pages, "{done}");
}

#[test]
fn help_is_in_both_languages_with_no_english_only_frame() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["new", "--help"],
        &["serve", "-h"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_framsteg"))
            .args(args)
            .output()
            .unwrap();
        let text = out(&o);
        assert!(text.contains("Användning / Usage:"), "{args:?}: {text}");
        for english_only in [
            "\nUsage:",
            "\nOptions:",
            "\nCommands:",
            "\nArguments:",
            "[default:",
            "Possible values",
        ] {
            assert!(
                !text.contains(english_only),
                "{args:?} has {english_only:?}: {text}"
            );
        }
        // Every line that describes something has both languages.
        for line in text.lines().filter(|l| l.starts_with("  ")) {
            let t = line.trim();
            let desc = if t.starts_with('-') || t.starts_with('<') {
                match t.split_once("  ") {
                    Some((_, d)) => d.trim(),
                    None => continue,
                }
            } else {
                t
            };
            assert!(
                desc.contains(" / ") || desc.contains("eller/or"),
                "{args:?}: one language only: {line}"
            );
        }
    }
}
