//! The YAML mistakes communicators make most come with a hint in plain words: a tab in the
//! indentation (shown as →), an unquoted colon in a value (quote it), a decimal comma (write
//! 81.2), and a subject written by its display name (the id to use, and the valid ids).

mod common;

use common::TestSite;
use framsteg::diag::{Diagnostic, Hint, IdKind, Problem};
use framsteg::model::Lang;

const FN_DAGEN: &str = "content/articles/2022-10-24-fn-dagen-angasskolan.md";
const INIT: &str = "content/plan/initiatives/las-garanti.yaml";
const PLAN: &str = "content/plan/plan.yaml";

fn the_error(site: &TestSite, file: &str) -> Diagnostic {
    let diags = site.errors();
    let mine: Vec<_> = diags
        .iter()
        .filter(|d| d.file.to_string_lossy() == file)
        .collect();
    assert!(!mine.is_empty(), "no error in {file}: {diags:#?}");
    mine[0].clone()
}

/// What `framsteg check` prints on stderr.
fn printed(site: &TestSite) -> String {
    let o = site.cli(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_tab_in_the_indentation_is_shown_and_explained() {
    let site = TestSite::fixture("site");
    site.edit(
        INIT,
        "budget:\n  - { year: 2021",
        "budget:\n\t- { year: 2021",
    );
    let d = the_error(&site, INIT);
    assert!(matches!(d.problem, Problem::YamlSyntax(_)), "{d:?}");
    assert_eq!(d.line, 8, "{d:?}");
    assert!(
        matches!(d.hint.as_deref(), Some(Hint::Tab(l)) if l.starts_with("→- { year: 2021")),
        "{d:?}"
    );
    let err = printed(&site);
    assert!(err.contains("indragen med tabb"), "{err}");
    assert!(err.contains("→- { year: 2021"), "{err}");
}

#[test]
fn an_unquoted_colon_in_a_value_suggests_quotes() {
    let site = TestSite::fixture("site");
    site.edit(
        FN_DAGEN,
        "title: Glädje och hopp när Ängåsskolan firade FN-dagen",
        "title: FN-dagen: glädje och hopp",
    );
    let d = the_error(&site, FN_DAGEN);
    assert!(matches!(d.problem, Problem::YamlSyntax(_)), "{d:?}");
    assert_eq!(d.line, 2);
    assert_eq!(
        d.hint.as_deref(),
        Some(&Hint::QuoteColon {
            key: "title".into(),
            value: "FN-dagen: glädje och hopp".into()
        })
    );
    let err = printed(&site);
    assert!(
        err.contains("title: \"FN-dagen: glädje och hopp\""),
        "{err}"
    );
}

#[test]
fn a_decimal_comma_suggests_a_point() {
    for (from, to, line) in [
        (
            "baseline: { year: 2021, value: 81.2 }",
            "baseline: { year: 2021, value: 81,2 }",
            16,
        ),
        (
            "    baseline: { year: 2021, value: 81.2 }",
            "    baseline:\n      year: 2021\n      value: 81,2",
            18,
        ),
        ("2023: 83.4,", "2023: 83,4,", 18),
    ] {
        let site = TestSite::fixture("site");
        site.edit(PLAN, from, to);
        let d = the_error(&site, PLAN);
        assert_eq!(d.line, line, "{to}: {d:?}");
        let Some(Hint::DecimalComma { meant, .. }) = d.hint.as_deref() else {
            panic!("{to}: no decimal comma hint: {d:#?}");
        };
        assert!(meant == "81.2" || meant == "83.4", "{meant}");
        let err = printed(&site);
        assert!(err.contains("skriv decimaltal med punkt"), "{err}");
    }
}

#[test]
fn a_subject_written_by_its_name_suggests_the_id_and_lists_the_ids() {
    for (written, id) in [
        ("[Språk, blandade-amnen]", "sprak"),
        ("[\"SO, NO och Matte\", blandade-amnen]", "so-no-matte"),
        ("[SO, NO och Matte, blandade-amnen]", "so-no-matte"),
        ("[praktiska ämnen, blandade-amnen]", "praktiska-amnen"),
    ] {
        let site = TestSite::fixture("site");
        site.edit(FN_DAGEN, "[so-no-matte, blandade-amnen]", written);
        let d = the_error(&site, FN_DAGEN);
        assert!(
            matches!(
                &d.problem,
                Problem::UnknownId {
                    kind: IdKind::Subject,
                    ..
                }
            ),
            "{d:?}"
        );
        assert_eq!(d.suggestion.as_deref(), Some(id), "{written}");
        assert_eq!(
            d.hint.as_deref(),
            Some(&Hint::SubjectIds(
                ["sprak", "so-no-matte", "praktiska-amnen", "blandade-amnen"]
                    .map(String::from)
                    .to_vec()
            ))
        );
        let line = d.one_line(Lang::Sv);
        assert!(line.contains(&format!("menade du {id}?")), "{line}");
        assert!(
            line.contains("ämnen skrivs med sitt id från site.yaml: sprak, so-no-matte, praktiska-amnen, blandade-amnen"),
            "{line}"
        );
    }
}

#[test]
fn hints_are_in_english_for_an_english_site() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.edit(PLAN, "value: 81.2 }", "value: 81,2 }");
    site.edit(
        FN_DAGEN,
        "[so-no-matte, blandade-amnen]",
        "[Språk, blandade-amnen]",
    );
    let err = printed(&site);
    assert!(
        err.contains("write decimals with a point in YAML: 81.2, not 81,2"),
        "{err}"
    );
    assert!(err.contains("did you mean sprak?"), "{err}");
    assert!(
        err.contains("subjects are written by their id from site.yaml: sprak, so-no-matte"),
        "{err}"
    );
    assert!(!err.contains("tips"), "{err}");
}
