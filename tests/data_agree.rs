//! `check` reports everything `build` would fail on: for each kind of bad content of issue 9,
//! both fail, with the same mistakes, and `build` leaves no output.

mod common;

use common::TestSite;
use framsteg::pipeline::{self, BuildOptions};

const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";
const INIT: &str = "content/plan/initiatives/las-garanti.yaml";
const PLAN: &str = "content/plan/plan.yaml";
const SITE: &str = "content/site.yaml";

type Spoil = fn(&TestSite);

const CASES: &[(&str, Spoil)] = &[
    ("javascript licence url", |s| {
        s.edit(
            SITE,
            "https://creativecommons.org/publicdomain/zero/1.0/deed.sv",
            "javascript:alert(1)",
        )
    }),
    ("base_url to another host", |s| {
        s.edit(
            SITE,
            "https://test.example.se/",
            "https://x.se//cdn.evil.example/",
        )
    }),
    ("javascript source url", |s| {
        s.edit(PLAN, "https://www.kolada.se/", "javascript:alert(2)")
    }),
    ("svg with script", |s| {
        s.write(
            "content/media/x.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        )
    }),
    ("html in media", |s| {
        s.write("content/media/x.html", "<p>x</p>")
    }),
    ("empty title", |s| {
        s.edit(LAS, "title: Läsglada elever i Språkveckan", "title: ''")
    }),
    ("long slug", |s| {
        s.edit(
            LAS,
            "summary:",
            &format!("slug: {}\nsummary:", "a".repeat(300)),
        )
    }),
    ("long initiative id", |s| {
        s.write(
            &format!("content/plan/initiatives/{}.yaml", "b".repeat(200)),
            s.read_src(INIT),
        )
    }),
    ("year out of range", |s| {
        s.edit(INIT, "year: 2021", "year: 4294969320")
    }),
    ("negative amount", |s| {
        s.edit(INIT, "amount: 34000000", "amount: -1")
    }),
    ("nan value", |s| s.edit(PLAN, "2023: 83.4", "2023: .nan")),
    ("reference to a draft initiative", |s| {
        s.edit(INIT, "status: ongoing", "status: ongoing\ndraft: true")
    }),
    ("media names differing in case", |s| {
        s.write("content/media/BILD.svg", "<svg/>")
    }),
    ("windows reserved media name", |s| {
        s.write("content/media/aux.png", "x")
    }),
    ("deep yaml", |s| {
        s.edit(
            PLAN,
            "summary: |",
            &format!(
                "extra: {}1{}\nsummary: |",
                "[".repeat(1000),
                "]".repeat(1000)
            ),
        )
    }),
    ("file too large", |s| {
        s.write(
            "content/articles/2023-01-01-stor.md",
            format!(
                "---\ntitle: S\ndate: 2023-01-01\nsubjects: [sprak]\n---\n{}",
                "x".repeat(11_000_000)
            ),
        )
    }),
    #[cfg(unix)]
    ("symlink out of the site", |s| {
        std::os::unix::fs::symlink("/etc", s.root.join("content/media/etc")).unwrap()
    }),
];

#[test]
fn check_and_build_fail_alike_on_every_bad_fixture() {
    for (name, spoil) in CASES {
        let site = TestSite::fixture("site");
        spoil(&site);
        let check = pipeline::run_with(&site.root, &BuildOptions::default());
        let build = pipeline::build(&site.root, None);
        let check = check
            .err()
            .unwrap_or_else(|| panic!("{name}: check passed"));
        let build = build
            .err()
            .unwrap_or_else(|| panic!("{name}: build passed"));
        assert!(!check.diags.is_empty(), "{name}");
        assert_eq!(check.diags, build.diags, "{name}");
        assert!(!site.out("index.html").exists(), "{name}: output written");
    }
}

#[test]
fn check_and_build_agree_with_their_flags() {
    let site = TestSite::fixture("site");
    site.write(
        "content/articles/2099-01-01-framtid.md",
        "---\ntitle: ''\ndate: 2099-01-01\nsubjects: [sprak]\n---\nSnart.\n",
    );
    // An empty title is a mistake even in content the build leaves out today.
    let opts = BuildOptions::default();
    let check = pipeline::run_with(&site.root, &opts)
        .err()
        .expect("check fails");
    let build = pipeline::build_with(&site.root, &opts)
        .err()
        .expect("build fails");
    assert_eq!(check.diags, build.diags);
    assert_eq!(check.diags.len(), 1);
}
