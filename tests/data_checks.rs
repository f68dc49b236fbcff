//! Content that used to go silently wrong is now an error with its place, or handled on
//! purpose: empty titles, future dates, drafts of every kind, long slugs, numbers out of range,
//! symlinks, media names that collide on other systems, and inputs that took quadratic time.

mod common;

use std::time::{Duration, Instant};

use common::{texts, TestSite};
use framsteg::diag::{Diagnostic, Problem};
use framsteg::model::Lang;

const FN_DAGEN: &str = "content/articles/2022-10-24-fn-dagen-angasskolan.md";
const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";
const INIT: &str = "content/plan/initiatives/las-garanti.yaml";
const PLAN: &str = "content/plan/plan.yaml";
const STORIES: &str = "content/stories/fn-dagen-2022.yaml";
const OM: &str = "content/pages/om.md";

fn places(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.place()).collect()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn empty_titles_are_errors_everywhere_a_title_is_shown() {
    let site = TestSite::fixture("site");
    site.edit(LAS, "title: Läsglada elever i Språkveckan", "title: \"\"");
    site.edit(OM, "title: Om webbplatsen", "title: \" \"");
    site.edit(
        STORIES,
        "- title: Berättelse om läsning",
        "- title: ''\n  slug: om-lasning",
    );
    site.edit(INIT, "title: Läs-, skriv- och räknagaranti", "title: \"\"");
    site.edit(INIT, "title: Utvärdering,", "title: \"\",");
    site.edit(
        INIT,
        "    title: Elever som fått tidigt stöd",
        "    title: \"\"",
    );
    site.edit(
        PLAN,
        "title: Handlingsplan för likvärdig skola",
        "title: \"\"",
    );
    site.edit(
        PLAN,
        "    title: Fler elever når kunskapskraven i årskurs 9",
        "    title: \"\"",
    );
    site.edit(
        PLAN,
        "    title: Andel elever i åk 9 behöriga till gymnasiet",
        "    title: \"\"",
    );
    let diags = site.errors();
    assert!(
        diags
            .iter()
            .all(|d| matches!(&d.problem, Problem::EmptyField(k) if k == "title")),
        "{diags:#?}"
    );
    assert_eq!(
        places(&diags),
        [
            format!("{LAS}:2:1"),
            format!("{OM}:2:1"),
            format!("{INIT}:1:1"),
            format!("{INIT}:15:25"),
            format!("{INIT}:18:5"),
            format!("{PLAN}:1:1"),
            format!("{PLAN}:8:5"),
            format!("{PLAN}:12:5"),
            format!("{STORIES}:8:3"),
        ]
    );
    assert!(
        diags[0].message(Lang::Sv).contains("tom"),
        "{}",
        diags[0].message(Lang::Sv)
    );
}

const FUTURE: &str = "content/articles/2030-05-01-framtiden.md";
const FUTURE_TEXT: &str =
    "---\ntitle: Framtidens skola\ndate: 2030-05-01\nsubjects: [sprak]\n---\nSnart.\n";

fn with_future_story(site: &TestSite) {
    site.write(
        "content/stories/framtid.yaml",
        "- title: En berättelse från framtiden\n  date: 2030-06-01\n  subjects: [sprak]\n  body: |\n    Snart.\n",
    );
}

#[test]
fn future_articles_and_stories_are_scheduled_out_of_build_and_check_unless_future() {
    let site = TestSite::fixture("site");
    site.write(FUTURE, FUTURE_TEXT);
    with_future_story(&site);
    let today = [("FRAMSTEG_TODAY", "2030-04-30")];
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_framsteg"))
            .arg("--root")
            .arg(&site.root)
            .args(args)
            .envs(today)
            .output()
            .unwrap()
    };
    let check = run(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(String::from_utf8_lossy(&check.stdout).contains("2 artiklar, 2 berättelser"));
    assert!(run(&["build"]).status.success());
    assert!(!site.out("artiklar/framtiden/index.html").exists());
    assert!(!site
        .out("berattelser/en-berattelse-fran-framtiden/index.html")
        .exists());
    assert!(!site.read("atom.xml").contains("Framtidens skola"));

    let future = run(&["build", "--future"]);
    assert!(future.status.success(), "{}", stderr(&future));
    assert!(site.out("artiklar/framtiden/index.html").exists());
    assert!(site
        .out("berattelser/en-berattelse-fran-framtiden/index.html")
        .exists());

    // On its day it is published without flags.
    let on_the_day = std::process::Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .env("FRAMSTEG_TODAY", "2030-05-01")
        .output()
        .unwrap();
    assert!(on_the_day.status.success());
    assert!(site.out("artiklar/framtiden/index.html").exists());
}

#[test]
fn a_bad_framsteg_today_is_a_clear_error() {
    let site = TestSite::fixture("site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .arg("--root")
        .arg(&site.root)
        .arg("check")
        .env("FRAMSTEG_TODAY", "igår")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("FRAMSTEG_TODAY"), "{}", stderr(&out));
}

#[test]
fn scheduled_and_draft_content_is_shown_marked_in_preview() {
    let site = TestSite::fixture("site");
    site.write(FUTURE, FUTURE_TEXT);
    with_future_story(&site);
    site.edit(INIT, "status: ongoing", "status: ongoing\ndraft: true");
    site.edit(
        STORIES,
        "  initiatives: [las-garanti]\n",
        "  initiatives: []\n",
    );
    site.edit(
        "content/stories/fn-dagen-2022.yaml",
        "  school: Ängåsskolan\n",
        "  school: Ängåsskolan\n  draft: true\n",
    );
    let opts = framsteg::pipeline::BuildOptions {
        drafts: true,
        future: true,
        today: framsteg::load::parse_date_text("2030-04-30"),
        ..Default::default()
    };
    let built = framsteg::pipeline::run_with(&site.root, &opts).expect("preview builds");
    let page = |path: &str| {
        let f = built
            .rendered
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} rendered"));
        match &f.content {
            framsteg::render::Content::Bytes(b) => {
                scraper::Html::parse_document(&String::from_utf8_lossy(b))
            }
            _ => panic!("a page"),
        }
    };
    assert_eq!(
        texts(&page("artiklar/framtiden/index.html"), ".badge"),
        ["Schemalagd"]
    );
    assert_eq!(
        texts(
            &page("berattelser/en-berattelse-fran-framtiden/index.html"),
            ".badge"
        ),
        ["Schemalagd"]
    );
    assert_eq!(
        texts(
            &page("berattelser/angasskolan-firade-fn-dagen/index.html"),
            ".badge"
        ),
        ["Utkast"]
    );
    assert!(
        texts(&page("insatser/las-garanti/index.html"), ".badge").contains(&"Utkast".to_string())
    );
    let sprak = page("amnen/sprak/index.html");
    let badges = texts(&sprak, ".card .badge");
    assert!(badges.contains(&"Schemalagd".to_string()), "{badges:?}");
}

#[test]
fn draft_initiatives_and_stories_stay_out_and_links_to_them_are_errors() {
    let site = TestSite::fixture("site");
    site.edit(INIT, "status: ongoing", "status: ongoing\ndraft: true");
    let diags = site.errors();
    assert!(
        diags.iter().all(
            |d| matches!(&d.problem, Problem::DraftReference { id, .. } if id == "las-garanti")
        ),
        "{diags:#?}"
    );
    assert_eq!(
        places(&diags),
        [format!("{FN_DAGEN}:5:15"), format!("{STORIES}:11:17")]
    );
    assert!(diags[0].message(Lang::Sv).contains("utkast"));

    let site = TestSite::fixture("site");
    site.edit(
        STORIES,
        "  school: Ängåsskolan\n",
        "  school: Ängåsskolan\n  draft: true\n",
    );
    site.build().unwrap();
    assert!(!site
        .out("berattelser/angasskolan-firade-fn-dagen/index.html")
        .exists());
    assert!(site
        .out("berattelser/berattelse-om-lasning/index.html")
        .exists());
}

#[test]
fn build_drafts_includes_drafts_and_base_url_overrides_site_yaml() {
    let site = TestSite::fixture("site");
    let out = site.cli(&[
        "build",
        "--drafts",
        "--base-url",
        "https://forhands.example.se/pr-7/",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.out("artiklar/ett-utkast/index.html").exists());
    let feed = site.read("atom.xml");
    assert!(
        feed.contains("https://forhands.example.se/pr-7/artiklar/"),
        "{feed}"
    );
    let links = common::attrs(&site.html("index.html"), "link[rel=stylesheet]", "href");
    assert!(links.iter().all(|h| h.starts_with("/pr-7/")), "{links:?}");

    let bad = site.cli(&["build", "--base-url", "https://x.se//cdn.evil.example/"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("base_url"), "{}", stderr(&bad));
    let bad = site.cli(&["check", "--base-url", "javascript:alert(1)"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn new_story_and_initiative_are_drafts_that_check_passes() {
    let site = TestSite::fixture("site");
    for kind in ["story", "initiative", "article"] {
        let out = site.cli(&["new", kind, "Läslust på Ängåsskolan"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let today = framsteg::scaffold::today();
    let story = site.read_src(&format!(
        "content/stories/{today}-laslust-pa-angasskolan.yaml"
    ));
    assert!(story.contains("draft: true"), "{story}");
    let init = site.read_src("content/plan/initiatives/laslust-pa-angasskolan.yaml");
    assert!(init.contains("draft: true"), "{init}");
    let check = site.cli(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    site.build().unwrap();
    assert!(!site
        .out("insatser/laslust-pa-angasskolan/index.html")
        .exists());
    assert!(!site
        .out("berattelser/laslust-pa-angasskolan/index.html")
        .exists());
}

#[test]
fn slugs_and_ids_too_long_for_a_file_name_are_errors_in_check() {
    let long = "a".repeat(300);
    let site = TestSite::fixture("site");
    site.edit(LAS, "summary:", &format!("slug: {long}\nsummary:"));
    site.write(
        &format!("content/articles/2023-03-03-{}.md", "b".repeat(120)),
        "---\ntitle: Lång\ndate: 2023-03-03\nsubjects: [sprak]\n---\nText.\n",
    );
    site.edit(
        STORIES,
        "- title: Berättelse om läsning",
        &format!("- title: {}", "Ord ".repeat(60)),
    );
    site.edit(
        INIT,
        "title: Läs-",
        &format!("id: {}\ntitle: Läs-", "c".repeat(101)),
    );
    let check = site.cli(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    let diags = site.errors();
    assert_eq!(diags.len(), 4, "{diags:#?}");
    assert!(diags
        .iter()
        .all(|d| matches!(d.problem, Problem::SlugTooLong { max: 100, .. })));
    assert!(diags[0].message(Lang::Sv).contains("100"));
    // One character under the limit is fine.
    let site = TestSite::fixture("site");
    site.edit(
        LAS,
        "summary:",
        &format!("slug: {}\nsummary:", "a".repeat(100)),
    );
    site.build().unwrap();
}

#[test]
fn years_amounts_and_values_out_of_range_are_errors() {
    let site = TestSite::fixture("site");
    site.edit(
        INIT,
        "{ year: 2021, amount: 12000000",
        "{ year: 4294969320, amount: 12000000",
    );
    site.edit(INIT, "amount: 34000000", "amount: -5");
    site.edit(
        PLAN,
        "baseline: { year: 2021, value: 81.2 }",
        "baseline: { year: 2021, value: .nan }",
    );
    site.edit(
        PLAN,
        "target: { year: 2027, value: 90 }",
        "target: { year: 2027, value: .inf }",
    );
    site.edit(PLAN, "2023: 83.4", "2023: -.inf");
    site.edit(
        PLAN,
        "period: { start: 2022, end: 2027 }",
        "period: { start: 2022, end: 99999 }",
    );
    let diags = site.errors();
    let got: Vec<(String, &Problem)> = diags.iter().map(|d| (d.place(), &d.problem)).collect();
    assert_eq!(got.len(), 6, "{got:#?}");
    assert!(
        matches!(got[0].1, Problem::BadYear(v) if v == "4294969320"),
        "{got:#?}"
    );
    assert_eq!(got[0].0, format!("{INIT}:8:13"));
    assert!(
        matches!(got[1].1, Problem::BadAmount(v) if v == "-5"),
        "{got:#?}"
    );
    assert_eq!(got[1].0, format!("{INIT}:9:27"));
    assert!(
        matches!(got[2].1, Problem::BadYear(v) if v == "99999"),
        "{got:#?}"
    );
    assert_eq!(got[2].0, format!("{PLAN}:2:29"));
    for (place, p) in &got[3..] {
        assert!(matches!(p, Problem::NotFinite(_)), "{place}: {p:?}");
    }
    assert!(diags[3].message(Lang::Sv).contains("tal"));
}

#[test]
fn huge_amounts_are_refused_and_totals_cannot_wrap() {
    let site = TestSite::fixture("site");
    site.edit(INIT, "amount: 34000000", "amount: 9223372036854775807");
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(matches!(&diags[0].problem, Problem::BadAmount(_)));
    // The largest allowed amount, many times over, still sums right.
    let site = TestSite::fixture("site");
    let rows: String = (0..50)
        .map(|i| {
            format!(
                "  - {{ year: {}, amount: 1000000000000, source: S }}\n",
                1950 + i
            )
        })
        .collect();
    site.edit(
        INIT,
        "  - { year: 2021, amount: 12000000, source: Statsbidrag för ökad likvärdighet }\n",
        &rows,
    );
    site.build().unwrap();
    let csv = site.read("data/initiatives.csv");
    assert!(csv.contains(",50000034000000,"), "{csv}");
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_site_are_followed_and_outside_ones_are_errors() {
    let site = TestSite::fixture("site");
    let articles = site.root.join("content/articles");
    let elsewhere = site.root.join("texter");
    std::fs::rename(&articles, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &articles).unwrap();
    site.build().unwrap();
    assert!(site.out("artiklar/lasglada-elever/index.html").exists());

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hemlig.txt"), "lösenord").unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root.join("content/media/ut")).unwrap();
    std::os::unix::fs::symlink("finns-inte.png", site.root.join("content/media/trasig.png"))
        .unwrap();
    let diags = site.errors();
    assert_eq!(
        places(&diags),
        ["content/media/trasig.png", "content/media/ut"],
        "{diags:#?}"
    );
    assert!(diags
        .iter()
        .all(|d| matches!(d.problem, Problem::BadSymlink { .. })));
    let check = site.cli(&["check"]);
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn media_names_that_collide_or_are_reserved_on_windows_are_errors() {
    let site = TestSite::fixture("site");
    site.write("content/media/a/b.png", "x");
    site.write("content/media/a\\b.png", "x");
    site.write("content/media/Bild.svg", common_svg());
    site.write("content/media/con.png", "x");
    site.write("content/media/nul", "x");
    site.write("content/media/Com1.tar.gz", "x");
    site.write("content/media/aux/x.png", "x");
    site.write("content/media/fråga?.png", "x");
    let diags = site.errors();
    let mut got: Vec<String> = diags
        .iter()
        .map(|d| d.file.to_string_lossy().into_owned())
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "content/media/Com1.tar.gz",
            "content/media/a\\b.png",
            "content/media/aux/x.png",
            "content/media/bild.svg",
            "content/media/con.png",
            "content/media/fråga?.png",
            "content/media/nul",
        ],
        "{diags:#?}"
    );
    assert!(diags
        .iter()
        .all(|d| matches!(d.problem, Problem::BadMediaName(_))));
    let check = site.cli(&["check"]);
    assert_eq!(check.status.code(), Some(1));
}

fn common_svg() -> &'static str {
    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

#[test]
fn a_hundred_thousand_bad_year_keys_are_reported_in_linear_time() {
    let site = TestSite::fixture("site");
    let keys: String = (0..100_000).map(|i| format!("x{i}: 1, ")).collect();
    site.edit(
        PLAN,
        "values: { 2022: 82.0,",
        &format!("values: {{ {keys}2022: 82.0,"),
    );
    let (diags, took) = timed(|| site.errors());
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(diags.len() <= 101, "{} diagnostics", diags.len());
    let more = diags
        .iter()
        .find(|d| matches!(d.problem, Problem::TooManyErrors(_)))
        .expect("the rest are counted");
    assert!(
        more.message(Lang::Sv).contains("99900"),
        "{}",
        more.message(Lang::Sv)
    );
}

#[test]
fn deeply_nested_yaml_is_refused_quickly() {
    for nested in [
        format!("summary: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!(
            "summary: {}x{}\n",
            "{a: ".repeat(50_000),
            "}".repeat(50_000)
        ),
        {
            let mut s = String::from("summary:\n");
            for i in 0..3_000 {
                s.push_str(&" ".repeat(i + 1));
                s.push_str("- \n");
            }
            s
        },
    ] {
        let site = TestSite::fixture("site");
        site.edit(PLAN, "summary: |\n  Planen i korthet.\n", &nested);
        let (diags, took) = timed(|| site.errors());
        assert!(took < Duration::from_secs(5), "took {took:?}");
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(diags[0].file.to_string_lossy(), PLAN);
    }
}

#[test]
fn files_over_the_size_limit_are_refused_with_their_size() {
    let site = TestSite::fixture("site");
    let big = format!(
        "---\ntitle: Stor\ndate: 2023-01-01\nsubjects: [sprak]\n---\n{}\n",
        "ord ".repeat(3_000_000)
    );
    site.write("content/articles/2023-01-01-stor.md", &big);
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(matches!(diags[0].problem, Problem::FileTooLarge { .. }));
    assert!(diags[0].message(Lang::Sv).contains("MB"));
}
