//! Schools as a way in: `/skolor/` lists every school articles and stories name, with counts;
//! `/skolor/<slug>/` lists everything about one school newest first, with an Atom feed; both
//! are in the sitemap, and cards and article and story pages link the school. Two names that
//! give the same address are an error at the second name's `school:`.

mod common;

use common::{attrs, texts, TestSite};
use framsteg::model::Lang;

const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";

#[test]
fn schools_index_lists_each_named_school_with_its_count() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("skolor/index.html");
    assert_eq!(texts(&doc, "h1"), ["Skolor"]);
    assert_eq!(
        texts(&doc, "main .school-list li"),
        ["Ängåsskolan (2 poster)"]
    );
    assert_eq!(
        attrs(&doc, "main .school-list a", "href"),
        ["/skolor/angasskolan/"]
    );
    // Every page leads there from the footer.
    let home = site.html("index.html");
    assert!(attrs(&home, "footer a", "href").contains(&"/skolor/".to_string()));
}

#[test]
fn school_page_lists_its_articles_and_stories_newest_first_with_a_feed() {
    let site = TestSite::fixture("site");
    site.edit(
        LAS,
        "subjects: [sprak]",
        "subjects: [sprak]\nschool: Ängåsskolan",
    );
    site.build().unwrap();
    let doc = site.html("skolor/angasskolan/index.html");
    assert_eq!(texts(&doc, "h1"), ["Ängåsskolan"]);
    assert_eq!(
        attrs(&doc, "main .card-title a", "href"),
        [
            "/artiklar/lasglada-elever/",
            "/artiklar/fn-dagen-angasskolan/",
            "/berattelser/angasskolan-firade-fn-dagen/",
        ]
    );
    assert_eq!(
        attrs(
            &doc,
            "link[rel=alternate][href$=\"skolor/angasskolan/atom.xml\"]",
            "href"
        ),
        ["/skolor/angasskolan/atom.xml"]
    );
    let feed = site.read("skolor/angasskolan/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    assert!(feed.contains("Testportalen – Ängåsskolan"), "{feed}");
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://test.example.se/skolor/</loc>"));
    assert!(sitemap.contains("<loc>https://test.example.se/skolor/angasskolan/</loc>"));
    assert!(!sitemap.contains("skolor/angasskolan/atom.xml"));
}

#[test]
fn cards_and_article_and_story_pages_link_the_school() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let article = site.html("artiklar/fn-dagen-angasskolan/index.html");
    assert_eq!(
        attrs(&article, "article header .meta a", "href"),
        ["/skolor/angasskolan/"]
    );
    let story = site.html("berattelser/angasskolan-firade-fn-dagen/index.html");
    assert_eq!(
        attrs(&story, "article header .meta a", "href"),
        ["/skolor/angasskolan/"]
    );
    let subject = site.html("amnen/so-no-matte/index.html");
    assert!(attrs(&subject, ".card .school a", "href")
        .iter()
        .all(|h| h == "/skolor/angasskolan/"));
    assert!(!attrs(&subject, ".card .school a", "href").is_empty());
}

#[test]
fn two_school_names_with_one_address_are_an_error_at_the_second_school_key() {
    let site = TestSite::fixture("site");
    site.edit(
        LAS,
        "subjects: [sprak]",
        "subjects: [sprak]\nschool: ÄNGÅSSKOLAN",
    );
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    let msg = d.message(Lang::Sv);
    assert_eq!(
        (d.file.to_string_lossy().as_ref(), d.line, d.column),
        (LAS, 5, 9),
        "{msg}"
    );
    assert!(
        msg.contains("ÄNGÅSSKOLAN") && msg.contains("/skolor/angasskolan/"),
        "{msg}"
    );
    assert!(
        msg.contains("Ängåsskolan (content/articles/2022-10-24-fn-dagen-angasskolan.md:6)"),
        "{msg}"
    );
    // `check` reports it too.
    let out = site.cli(&["check"]);
    assert!(!out.status.success());
}

#[test]
fn a_school_name_without_letters_or_digits_is_an_error() {
    let site = TestSite::fixture("site");
    site.edit(LAS, "subjects: [sprak]", "subjects: [sprak]\nschool: '–'");
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].message(Lang::Sv).contains("ingen adress"));
}
