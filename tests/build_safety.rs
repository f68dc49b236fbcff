//! Nothing unsafe reaches a citizen: data is escaped in templates, raw HTML in Markdown is
//! sanitised, and no slug, id or path can write or read outside the site.

mod common;

use common::{texts, TestSite};
use framsteg::diag::Problem;

const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";
const HOSTILE: &str = "<script>alert('x')</script> & \"citat\"";

#[test]
fn a_hostile_title_is_escaped_on_every_page_and_in_feeds() {
    let site = TestSite::fixture("site");
    site.edit(
        LAS,
        "title: Läsglada elever i Språkveckan",
        &format!("title: '{}'", HOSTILE.replace('\'', "''")),
    );
    site.edit(
        LAS,
        "summary: Språkveckan lockade många.",
        "summary: '<img src=x onerror=alert(1)>'",
    );
    site.build().unwrap();
    let page = site.html("artiklar/lasglada-elever/index.html");
    assert_eq!(texts(&page, "h1"), [HOSTILE]);
    for f in [
        "artiklar/lasglada-elever/index.html",
        "amnen/sprak/index.html",
        "index.html",
        "atom.xml",
    ] {
        let raw = site.read(f);
        assert!(!raw.contains("<script>alert"), "{f} has a live script");
        assert!(!raw.contains("<img src=x"), "{f} has a live image");
    }
}

#[test]
fn scripts_handlers_and_javascript_links_in_markdown_come_out_inert() {
    let site = TestSite::fixture("site");
    site.edit(
        LAS,
        "Text om läsning.",
        "Text <script>alert(1)</script> och <a href=\"javascript:alert(2)\" onclick=\"x()\">länk</a>.\n\n<iframe src=\"https://evil.example\"></iframe>",
    );
    site.build().unwrap();
    let raw = site.read("artiklar/lasglada-elever/index.html");
    // The head's one script is the page's JSON-LD (data, not code); the body has none.
    let body = &raw[raw.find("<body").expect("a body")..];
    for bad in ["<script", "onclick", "javascript:", "<iframe"] {
        assert!(!body.contains(bad), "{bad} survived: {raw}");
    }
    assert_eq!(raw.matches("<script").count(), 1, "{raw}");
    assert!(raw.contains("<script type=\"application/ld+json\">"));
    assert!(raw.contains("länk"), "the link text stays");
}

#[test]
fn raw_html_is_kept_when_the_site_allows_it() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/site.yaml",
        "theme: default",
        "theme: default\nunsafe_html: true",
    );
    site.edit(
        LAS,
        "Text om läsning.",
        "<div class=\"widget\" data-x=\"1\">Inbäddat</div>",
    );
    site.build().unwrap();
    assert!(site
        .read("artiklar/lasglada-elever/index.html")
        .contains("data-x=\"1\""));
}

#[test]
fn a_slug_that_climbs_out_of_the_output_is_refused() {
    let site = TestSite::fixture("site");
    site.edit(LAS, "summary:", "slug: ../../utanfor\nsummary:");
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].problem, Problem::BadSlug("../../utanfor".into()));
    assert_eq!((diags[0].line, diags[0].column), (5, 7));
    assert_eq!(diags[0].suggestion.as_deref(), Some("utanfor"));
    assert!(!site.root.join("utanfor").exists());
    assert!(!site.root.parent().unwrap().join("utanfor").exists());
}

#[test]
fn an_initiative_id_or_subject_id_with_a_path_is_refused() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/plan/initiatives/las-garanti.yaml",
        "title:",
        "id: ../../../tmp/x\ntitle:",
    );
    let diags = site.errors();
    assert!(
        diags
            .iter()
            .any(|d| d.problem == Problem::BadSlug("../../../tmp/x".into())),
        "{diags:#?}"
    );
    let site2 = TestSite::fixture("site");
    site2.edit(
        "content/site.yaml",
        "{ id: sprak, name: Språk }",
        "{ id: \"../sprak\", name: Språk }",
    );
    let diags = site2.errors();
    assert_eq!(
        diags[0].problem,
        Problem::BadSlug("../sprak".into()),
        "{diags:#?}"
    );
}

#[test]
fn an_image_path_outside_content_is_refused() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/articles/2022-10-24-fn-dagen-angasskolan.md",
        "image: media/bild.svg",
        "image: ../../../../etc/passwd",
    );
    let diags = site.errors();
    assert_eq!(diags.len(), 1);
    assert!(matches!(diags[0].problem, Problem::MissingFile(_)));
}

#[test]
fn a_page_cannot_take_a_reserved_address() {
    let site = TestSite::fixture("site");
    site.write(
        "content/pages/insatser.md",
        "---\ntitle: Krock\n---\nText\n",
    );
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(matches!(diags[0].problem, Problem::DuplicateId { .. }));
}
