//! The pages a build writes, read back as HTML: every page of the design exists, listings are
//! right, drafts stay out, output is deterministic and unchanged files are not rewritten.

mod common;

use common::{attrs, snapshot, texts, TestSite};

#[test]
fn every_page_of_the_design_exists() {
    let site = TestSite::fixture("site");
    site.build().expect("fixture builds");
    for page in [
        "index.html",
        "amnen/index.html",
        "amnen/sprak/index.html",
        "amnen/so-no-matte/index.html",
        "amnen/praktiska-amnen/index.html",
        "amnen/blandade-amnen/index.html",
        "artiklar/fn-dagen-angasskolan/index.html",
        "artiklar/lasglada-elever/index.html",
        "berattelser/angasskolan-firade-fn-dagen/index.html",
        "insatser/index.html",
        "insatser/las-garanti/index.html",
        "plan/index.html",
        "om/index.html",
        "tillganglighet/index.html",
        "404.html",
        "atom.xml",
        "amnen/sprak/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "media/bild.svg",
        "framsteg.css",
    ] {
        assert!(site.out(page).is_file(), "missing output/{page}");
    }
}

#[test]
fn an_article_in_two_subjects_is_listed_in_both() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    for subject in ["so-no-matte", "blandade-amnen"] {
        let doc = site.html(&format!("amnen/{subject}/index.html"));
        let titles = texts(&doc, ".card-title a");
        assert!(
            titles
                .iter()
                .any(|t| t.contains("Ängåsskolan firade FN-dagen")),
            "{subject}: {titles:?}"
        );
    }
    let article = site.html("artiklar/fn-dagen-angasskolan/index.html");
    assert_eq!(
        attrs(&article, "header .tags a", "href"),
        ["/amnen/so-no-matte/", "/amnen/blandade-amnen/"]
    );
}

#[test]
fn an_empty_subject_says_so() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("amnen/praktiska-amnen/index.html");
    assert_eq!(
        texts(&doc, ".empty"),
        ["Här har vi tyvärr inga artiklar ännu."]
    );
    assert!(texts(&doc, ".card").is_empty());
}

#[test]
fn drafts_are_left_out_of_the_build() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    assert!(!site.out("artiklar/ett-utkast/index.html").exists());
    for f in [
        "amnen/sprak/index.html",
        "atom.xml",
        "sitemap.xml",
        "index.html",
    ] {
        assert!(
            !site.read(f).contains("hemligt utkast"),
            "{f} mentions the draft"
        );
    }
}

#[test]
fn subject_listings_are_newest_first_and_paginated_by_twenty() {
    let site = TestSite::fixture("site");
    for i in 0..45 {
        let day = 1 + i % 28;
        let month = 1 + i / 28;
        site.write(
            &format!("content/articles/2024-{month:02}-{day:02}-artikel-{i}.md"),
            format!("---\ntitle: Artikel {i}\ndate: 2024-{month:02}-{day:02}\nsubjects: [sprak]\n---\nText {i}.\n"),
        );
    }
    site.build().unwrap();
    // 45 new + 1 article + 1 story + 1 initiative = 48 items: three pages.
    let first = site.html("amnen/sprak/index.html");
    let titles = texts(&first, ".card-title a");
    assert_eq!(titles.len(), 20);
    assert_eq!(titles[0], "Artikel 44");
    let pages = texts(&first, ".pagination a");
    assert!(pages.contains(&"Sida 3".to_string()), "{pages:?}");
    assert_eq!(
        attrs(&first, ".pagination a[aria-current=page]", "href"),
        ["/amnen/sprak/"]
    );
    let third = site.html("amnen/sprak/sida/3/index.html");
    assert_eq!(texts(&third, ".card-title a").len(), 8);
    assert!(!site.out("amnen/sprak/sida/4/index.html").exists());
}

#[test]
fn pages_have_one_h1_landmarks_a_skip_link_and_lang() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    for page in [
        "index.html",
        "amnen/sprak/index.html",
        "artiklar/fn-dagen-angasskolan/index.html",
        "insatser/las-garanti/index.html",
        "plan/index.html",
        "404.html",
    ] {
        let doc = site.html(page);
        assert_eq!(texts(&doc, "h1").len(), 1, "{page}: one h1");
        assert_eq!(attrs(&doc, "html", "lang"), ["sv"], "{page}");
        assert_eq!(texts(&doc, "main").len(), 1, "{page}: main");
        assert_eq!(
            texts(&doc, "header.site-header nav").len(),
            1,
            "{page}: nav"
        );
        assert_eq!(texts(&doc, "footer").len(), 1, "{page}: footer");
        assert_eq!(attrs(&doc, "a.skip-link", "href"), ["#innehall"], "{page}");
        for alt in attrs(&doc, "img", "alt") {
            assert!(!alt.trim().is_empty(), "{page}: image without alt text");
        }
        // Only data (JSON-LD) may be in a script element: the page needs no JavaScript.
        let scripts = attrs(&doc, "script", "type");
        assert_eq!(
            scripts.len(),
            texts(&doc, "script").len(),
            "{page}: a script without type"
        );
        assert!(
            scripts.iter().all(|t| t == "application/ld+json"),
            "{page} must not need JavaScript: {scripts:?}"
        );
        let html = site.read(page);
        assert!(
            !html.contains("https://fonts."),
            "{page} loads no external fonts"
        );
    }
}

#[test]
fn an_article_page_shows_dates_in_swedish_and_its_initiative() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("artiklar/fn-dagen-angasskolan/index.html");
    let meta = texts(&doc, "article header .meta").join(" ");
    assert!(meta.contains("24 oktober 2022"), "{meta}");
    assert!(meta.contains("Uppdaterad 2 november 2022"), "{meta}");
    assert_eq!(
        attrs(&doc, ".related a", "href")[0],
        "/insatser/las-garanti/"
    );
    assert_eq!(attrs(&doc, "figure.hero img", "src"), ["/media/bild.svg"]);
    let body = site.read("artiklar/fn-dagen-angasskolan/index.html");
    assert!(body.contains("<table>") && body.contains("footnote-definition"));
    assert!(body.contains(r#"<h2 id="program">"#), "heading ids");
}

#[test]
fn the_sitemap_and_feeds_use_absolute_urls() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://test.example.se/artiklar/fn-dagen-angasskolan/</loc>"));
    assert!(!sitemap.contains("<loc>/"), "relative URL in sitemap");
    let feed = site.read("atom.xml");
    assert!(feed.contains("<id>https://test.example.se/artiklar/lasglada-elever/</id>"));
    assert!(
        feed.contains("<updated>2023-02-08T00:00:00Z</updated>"),
        "{feed}"
    );
    let robots = site.read("robots.txt");
    assert!(robots.contains("Sitemap: https://test.example.se/sitemap.xml"));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = TestSite::fixture("site");
    let b = TestSite::fixture("site");
    a.build().unwrap();
    b.build().unwrap();
    assert_eq!(
        snapshot(&a.root.join("output")),
        snapshot(&b.root.join("output"))
    );
}

#[test]
fn unchanged_files_keep_their_modification_time() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let untouched = site.out("insatser/las-garanti/index.html");
    let before = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.edit(
        "content/articles/2023-02-08-lasglada-elever.md",
        "Text om läsning.",
        "Ny text.",
    );
    site.build().unwrap();
    let after = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    assert_eq!(before, after, "an unchanged page was rewritten");
    assert!(site
        .read("artiklar/lasglada-elever/index.html")
        .contains("Ny text."));
}

#[test]
fn english_sites_get_english_ui_and_dates() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.build().unwrap();
    let doc = site.html("artiklar/fn-dagen-angasskolan/index.html");
    assert_eq!(attrs(&doc, "html", "lang"), ["en"]);
    assert_eq!(texts(&doc, "a.skip-link"), ["Skip to content"]);
    assert!(texts(&doc, "article header .meta")
        .join(" ")
        .contains("24 October 2022"));
    let empty = site.html("amnen/praktiska-amnen/index.html");
    assert_eq!(texts(&empty, ".empty"), ["There are no articles here yet."]);
}

#[test]
fn a_theme_that_extends_default_overrides_single_templates() {
    let site = TestSite::fixture("site");
    site.write(
        "themes/kommun/theme.yaml",
        "name: kommun\nextends: default\n",
    );
    site.write(
        "themes/kommun/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Borta</h1>{% endblock %}",
    );
    site.edit("content/site.yaml", "theme: default", "theme: kommun");
    site.build().unwrap();
    assert_eq!(texts(&site.html("404.html"), "h1"), ["Borta"]);
    // Everything else still comes from the embedded default theme.
    assert!(site.out("framsteg.css").is_file());
    assert_eq!(texts(&site.html("plan/index.html"), "h1").len(), 1);
}

#[test]
fn a_missing_accessibility_page_gets_the_theme_default() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("tillganglighet/index.html");
    assert_eq!(texts(&doc, "h1"), ["Tillgänglighet"]);
    assert!(texts(&doc, "main p")[0].starts_with("Testkommunen står bakom webbplatsen"));
    site.write(
        "content/pages/tillganglighet.md",
        "---\ntitle: Vår redogörelse\n---\nText.\n",
    );
    site.build().unwrap();
    assert_eq!(
        texts(&site.html("tillganglighet/index.html"), "h1"),
        ["Vår redogörelse"]
    );
}
