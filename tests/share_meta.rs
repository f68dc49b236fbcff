//! Meta for sharing and search engines: Open Graph and Twitter card tags with absolute URLs,
//! JSON-LD (`NewsArticle`, `WebSite`, a `GovernmentOrganization` publisher) that parses, and a
//! hostile title that stays inert inside the JSON-LD script.

mod common;

use common::{attrs, TestSite};
use scraper::{Html, Selector};

fn meta(doc: &Html, property: &str) -> Option<String> {
    attrs(doc, &format!("meta[property=\"{property}\"]"), "content")
        .into_iter()
        .next()
}

fn twitter_card(doc: &Html) -> String {
    attrs(doc, "meta[name=\"twitter:card\"]", "content").join(" ")
}

/// The JSON-LD of a page, parsed; panics unless there is exactly one block.
fn json_ld(doc: &Html) -> serde_json::Value {
    let sel = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let blocks: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
    assert_eq!(blocks.len(), 1, "{blocks:?}");
    serde_json::from_str(&blocks[0]).expect("JSON-LD parses")
}

#[test]
fn article_page_has_open_graph_twitter_card_and_news_article_json_ld() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/articles/2022-10-24-fn-dagen-angasskolan.md",
        "updated: 2022-11-02",
        "updated: 2022-11-02\nauthor: Ada Lärare",
    );
    site.build().unwrap();
    let doc = site.html("artiklar/fn-dagen-angasskolan/index.html");
    let url = "https://test.example.se/artiklar/fn-dagen-angasskolan/";
    let title = "Glädje och hopp när Ängåsskolan firade FN-dagen";
    assert_eq!(meta(&doc, "og:type").as_deref(), Some("article"));
    assert_eq!(meta(&doc, "og:title").as_deref(), Some(title));
    assert_eq!(meta(&doc, "og:url").as_deref(), Some(url));
    assert_eq!(meta(&doc, "og:site_name").as_deref(), Some("Testportalen"));
    assert_eq!(meta(&doc, "og:locale").as_deref(), Some("sv_SE"));
    assert!(meta(&doc, "og:description").is_some_and(|d| d.starts_with("Eleverna")));
    assert_eq!(
        meta(&doc, "og:image").as_deref(),
        Some("https://test.example.se/media/bild.svg")
    );
    assert_eq!(
        meta(&doc, "og:image:alt").as_deref(),
        Some("Elever med flaggor på skolgården")
    );
    assert_eq!(twitter_card(&doc), "summary_large_image");
    assert_eq!(attrs(&doc, "link[rel=canonical]", "href"), [url]);

    let ld = json_ld(&doc);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], title);
    assert_eq!(ld["datePublished"], "2022-10-24");
    assert_eq!(ld["dateModified"], "2022-11-02");
    assert_eq!(ld["url"], url);
    assert_eq!(ld["image"], "https://test.example.se/media/bild.svg");
    assert!(ld["description"]
        .as_str()
        .is_some_and(|d| d.starts_with("Eleverna")));
    assert_eq!(ld["author"]["@type"], "Person");
    assert_eq!(ld["author"]["name"], "Ada Lärare");
    assert_eq!(ld["publisher"]["@type"], "GovernmentOrganization");
    assert_eq!(ld["publisher"]["name"], "Testkommunen");
    assert_eq!(ld["publisher"]["url"], "https://test.example.se/");
}

#[test]
fn article_without_image_or_update_gets_a_summary_card_and_date_modified_from_date() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("artiklar/lasglada-elever/index.html");
    assert_eq!(meta(&doc, "og:image"), None);
    assert_eq!(meta(&doc, "og:image:alt"), None);
    assert_eq!(twitter_card(&doc), "summary");
    let ld = json_ld(&doc);
    assert_eq!(ld["dateModified"], "2023-02-08");
    assert!(
        ld.get("image").is_none() && ld.get("author").is_none(),
        "{ld}"
    );
}

#[test]
fn home_page_is_a_website_published_by_the_organisation_or_else_the_site_title() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("index.html");
    assert_eq!(meta(&doc, "og:type").as_deref(), Some("website"));
    assert_eq!(
        meta(&doc, "og:url").as_deref(),
        Some("https://test.example.se/")
    );
    let ld = json_ld(&doc);
    assert_eq!(ld["@type"], "WebSite");
    assert_eq!(ld["name"], "Testportalen");
    assert_eq!(ld["url"], "https://test.example.se/");
    assert_eq!(ld["publisher"]["name"], "Testkommunen");

    // Without `organisation` (a drafts build tolerates the statement's gap), the publisher is
    // named after the site.
    site.edit("content/site.yaml", "organisation: Testkommunen\n", "");
    let out = site.cli(&["build", "--drafts"]);
    assert!(out.status.success(), "{out:?}");
    let ld = json_ld(&site.html("index.html"));
    assert_eq!(ld["publisher"]["name"], "Testportalen");
}

#[test]
fn other_pages_are_websites_without_json_ld_and_stories_are_articles() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("amnen/index.html");
    assert_eq!(meta(&doc, "og:type").as_deref(), Some("website"));
    assert_eq!(
        meta(&doc, "og:url").as_deref(),
        Some("https://test.example.se/amnen/")
    );
    let sel = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    assert_eq!(doc.select(&sel).count(), 0);
    let story = std::fs::read_dir(site.out("berattelser"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let doc = site.html(&format!(
        "berattelser/{}/index.html",
        story.to_string_lossy()
    ));
    assert_eq!(meta(&doc, "og:type").as_deref(), Some("article"));
    assert_eq!(twitter_card(&doc), "summary");
}

#[test]
fn english_site_has_the_british_og_locale() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.build().unwrap();
    assert_eq!(
        meta(&site.html("index.html"), "og:locale").as_deref(),
        Some("en_GB")
    );
}

#[test]
fn hostile_title_stays_inert_in_meta_and_json_ld() {
    let site = TestSite::fixture("site");
    let hostile = "</script><script>alert(1)</script> & \"co\"";
    site.edit(
        "content/articles/2023-02-08-lasglada-elever.md",
        "title: Läsglada elever i Språkveckan",
        "title: '</script><script>alert(1)</script> & \"co\"'",
    );
    site.build().unwrap();
    let raw = site.read("artiklar/lasglada-elever/index.html");
    assert!(!raw.contains("<script>alert"), "{raw}");
    let head = &raw[..raw.find("</head>").unwrap()];
    assert_eq!(head.matches("<script").count(), 1, "{head}");
    assert_eq!(head.matches("</script>").count(), 1, "{head}");
    let doc = Html::parse_document(&raw);
    let sel = Selector::parse("script").unwrap();
    assert_eq!(doc.select(&sel).count(), 1);
    assert_eq!(json_ld(&doc)["headline"], hostile);
    assert_eq!(meta(&doc, "og:title").as_deref(), Some(hostile));
}
