//! What a communicator writes in Markdown is checked for accessibility (alt texts, heading
//! levels) and summarised sensibly (an empty `summary:` means the first paragraph, which is
//! shortened).

mod common;

use common::{attrs, texts, TestSite};
use framsteg::diag::Problem;

const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";
const BODY: &str = "Text om läsning.";

fn with_body(md: &str) -> TestSite {
    let site = TestSite::fixture("site");
    site.edit(LAS, BODY, md);
    site
}

fn places(site: &TestSite, want: fn(&Problem) -> bool) -> Vec<(usize, usize)> {
    site.errors()
        .iter()
        .filter(|d| want(&d.problem))
        .map(|d| (d.line, d.column))
        .collect()
}

#[test]
fn images_without_alt_text_are_errors_in_markdown_and_raw_html() {
    let site = with_body("Bild: ![](/media/bild.svg)\n\n<img src=\"/media/bild.svg\">\n");
    let found = places(&site, |p| matches!(p, Problem::TextImageWithoutAlt));
    assert_eq!(found, [(7, 7), (9, 1)]);
}

#[test]
fn a_decorative_image_is_marked_in_its_alt_text_and_written_with_an_empty_alt() {
    let site = with_body("![dekorativ](media/bild.svg) och <img src=\"/media/bild.svg\" alt=\"\">");
    site.build().unwrap();
    let page = site.html("artiklar/lasglada-elever/index.html");
    assert_eq!(attrs(&page, "main p img", "alt"), ["", ""]);
}

#[test]
fn a_heading_that_skips_a_level_is_an_error_at_its_line() {
    let site = with_body("## Två\n\n#### Fyra\n\n## Två igen\n\n### Tre\n");
    let found = places(&site, |p| {
        matches!(p, Problem::HeadingSkip { from: 2, to: 4 })
    });
    assert_eq!(found, [(9, 1)]);
}

#[test]
fn a_body_written_from_h1_is_shifted_one_level_down() {
    let site = with_body("# Ett\n\n## Två\n");
    site.build().unwrap();
    let page = site.html("artiklar/lasglada-elever/index.html");
    assert_eq!(texts(&page, "main h2#ett"), ["Ett"]);
    assert_eq!(texts(&page, "main h3#tva"), ["Två"]);
    assert_eq!(texts(&page, "h1").len(), 1);
}

#[test]
fn an_empty_summary_means_the_first_paragraph() {
    let site = with_body("Ett första stycke om läsning.\n\nEtt andra.");
    site.edit(LAS, "summary: Språkveckan lockade många.", "summary: \"\"");
    site.build().unwrap();
    let page = site.html("artiklar/lasglada-elever/index.html");
    assert_eq!(
        attrs(&page, "meta[name=description]", "content"),
        ["Ett första stycke om läsning."]
    );
    assert!(site
        .read("atom.xml")
        .contains("Ett första stycke om läsning."));
    assert!(site
        .read("amnen/sprak/index.html")
        .contains("Ett första stycke om läsning."));
}

#[test]
fn a_long_first_paragraph_is_shortened_at_a_word() {
    let long = "ordet ".repeat(200_000);
    let site = with_body(&long);
    site.edit(LAS, "summary: Språkveckan lockade många.\n", "");
    site.build().unwrap();
    let page = site.html("artiklar/lasglada-elever/index.html");
    let description = &attrs(&page, "meta[name=description]", "content")[0];
    assert!(description.chars().count() <= 200, "{}", description.len());
    assert!(description.ends_with("ordet…"), "{description}");
    // The feed carries the article once (its content), not twice (content and summary).
    let feed = std::fs::metadata(site.out("atom.xml")).unwrap().len() as usize;
    assert!(feed < long.len() + 100_000, "atom.xml is {feed} bytes");
}

#[test]
fn raw_html_nested_past_the_limit_is_refused_at_its_line() {
    let deep = "<div>".repeat(100_000);
    let site = with_body(&format!("Inledning.\n\n{deep}\n"));
    let t = std::time::Instant::now();
    let found = places(&site, |p| matches!(p, Problem::HtmlTooDeep { limit: 200 }));
    assert_eq!(found, [(9, 1)]);
    assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
}

#[test]
fn twenty_thousand_identical_headings_get_unique_ids_in_linear_time() {
    let body = "## Samma\n\n".repeat(20_000);
    let site = with_body(&body);
    let t = std::time::Instant::now();
    site.build().unwrap();
    // Quadratic numbering took 13.5 s in a release build; this is a debug build.
    assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    let page = site.read("artiklar/lasglada-elever/index.html");
    assert!(page.contains("id=\"samma-19999\""));
}
