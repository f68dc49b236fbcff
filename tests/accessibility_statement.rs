//! The theme's default accessibility statement (`/tillganglighet/`): filled in from
//! `site.yaml` with what Digg requires, dated by the build's day, and refused by a production
//! build while the organisation or contact is missing or a placeholder (a warning with
//! `--drafts`), unless the site writes its own `pages/tillganglighet.md`.

mod common;

use common::{attrs, texts, TestSite};
use framsteg::diag::Problem;
use framsteg::pipeline::{self, BuildOptions};

fn build_on(site: &TestSite, day: &str, drafts: bool) -> Result<(), pipeline::Failure> {
    pipeline::build_with(
        &site.root,
        &BuildOptions {
            drafts,
            today: Some(day.parse().expect("a date")),
            ..BuildOptions::default()
        },
    )
    .map(|_| ())
}

#[test]
fn the_statement_has_what_digg_requires_filled_in_from_site_yaml() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/site.yaml",
        "contact: { email: tillganglighet@test.example.se }",
        "contact: { email: tillganglighet@test.example.se, phone: 010-111 22 33 }\n\
         accessibility:\n  compliance: full\n  shortcomings: [Kartan saknar textalternativ.]\n  assessed_by: Granskad av en extern konsult.",
    );
    build_on(&site, "2026-03-04", false).unwrap();
    let doc = site.html("tillganglighet/index.html");
    let text = texts(&doc, "main").join(" ");
    assert!(
        text.contains("Testkommunen står bakom webbplatsen Testportalen"),
        "{text}"
    );
    assert!(text.contains("fullt förenlig"), "{text}");
    assert_eq!(texts(&doc, "main li")[0], "Kartan saknar textalternativ.");
    assert!(text.contains("Granskad av en extern konsult."), "{text}");
    assert!(text.contains("gjordes den 4 mars 2026"), "{text}");
    assert!(text.contains("010-111 22 33"), "{text}");
    let links = attrs(&doc, "main a", "href");
    assert!(links.contains(&"mailto:tillganglighet@test.example.se".to_string()));
    assert!(links.contains(&"https://www.digg.se/tdosanmalan".to_string()));
    assert!(
        texts(&doc, ".notice").is_empty(),
        "no fill-in notice any more"
    );
}

#[test]
fn partial_compliance_is_the_default_and_an_empty_list_says_no_shortcomings_are_known() {
    let site = TestSite::fixture("site");
    build_on(&site, "2026-03-04", false).unwrap();
    let text = texts(&site.html("tillganglighet/index.html"), "main").join(" ");
    assert!(text.contains("delvis förenlig"), "{text}");
    assert!(text.contains("Vi känner inte till några brister"), "{text}");
    assert!(text.contains("självskattning"), "{text}");
}

#[test]
fn a_production_build_refuses_a_statement_without_organisation_or_contact() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "organisation: Testkommunen\n", "");
    site.edit(
        "content/site.yaml",
        "contact: { email: tillganglighet@test.example.se }\n",
        "",
    );
    let err = build_on(&site, "2026-03-04", false).unwrap_err();
    let missing: Vec<_> = err
        .diags
        .iter()
        .map(|d| (d.file.to_string_lossy().into_owned(), &d.problem))
        .collect();
    assert!(missing.contains(&(
        "content/site.yaml".into(),
        &Problem::StatementMissing("organisation".into())
    )));
    assert!(missing.contains(&(
        "content/site.yaml".into(),
        &Problem::StatementMissing("contact".into())
    )));
    assert!(!site.out("index.html").exists(), "nothing was written");
    // A preview build with drafts warns and builds.
    build_on(&site, "2026-03-04", true).unwrap();
    assert!(site.out("tillganglighet/index.html").is_file());
}

#[test]
fn a_placeholder_contact_is_named_with_its_line_in_swedish_and_english() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/site.yaml",
        "tillganglighet@test.example.se",
        "\"FYLL I: e-postadress\"",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let d = &errors[0];
    assert_eq!(d.file.to_string_lossy(), "content/site.yaml");
    assert_eq!(d.line, 13);
    assert!(d
        .message(framsteg::model::Lang::Sv)
        .contains("`contact.email` är fortfarande platshållaren `FYLL I: e-postadress`"));
    assert!(d
        .message(framsteg::model::Lang::En)
        .contains("`contact.email` is still the placeholder"));
    // `check` reports what `build` would fail on.
    let out = site.cli(&["check"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/site.yaml:13"), "{stderr}");
}

#[test]
fn a_site_with_its_own_statement_page_needs_no_organisation() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "organisation: Testkommunen\n", "");
    site.write(
        "content/pages/tillganglighet.md",
        "---\ntitle: Vår redogörelse\n---\nText.\n",
    );
    build_on(&site, "2026-03-04", false).unwrap();
    assert_eq!(
        texts(&site.html("tillganglighet/index.html"), "h1"),
        ["Vår redogörelse"]
    );
}

#[test]
fn an_unknown_compliance_level_is_an_error_with_the_near_word() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/site.yaml",
        "organisation: Testkommunen\n",
        "organisation: Testkommunen\naccessibility: { compliance: partiall }\n",
    );
    let errors = site.errors();
    assert!(matches!(&errors[0].problem, Problem::BadCompliance(v) if v == "partiall"));
    assert_eq!(errors[0].suggestion.as_deref(), Some("partial"));
}
