//! Indicator values from framsteg's data files (`content/plan/data/kolada.yaml`,
//! `import.yaml`) in the built site: hand-typed values win and disagreements are warned about
//! with file and line, Kolada is credited only for its own values, and stale indicators warn.

mod common;

use common::{texts, TestSite};
use framsteg::diag::Problem;
use framsteg::pipeline;

const KOLADA: &str = "\
behorighet-ak9:
  kpi: N15419
  municipality: '1880'
  gender: T
  title: Elever i åk. 9 som är behöriga till yrkesprogram, andel (%)
  fetched: 2026-12-01
  values:
    2021: 81.2
    2022: 82.0
    2023: 83.9
    2024: null
    2025: 85.5
";

fn site_with_fetched_values() -> TestSite {
    let site = TestSite::fixture("site");
    site.write("content/plan/data/kolada.yaml", KOLADA);
    site
}

#[test]
fn a_hand_typed_value_that_disagrees_with_kolada_is_a_warning_with_its_line() {
    let site = site_with_fetched_values();
    let built = pipeline::run(&site.root, false).expect("builds despite the warning");
    let w: Vec<_> = built
        .site
        .warnings
        .iter()
        .filter(|d| matches!(d.problem, Problem::ValuesDisagree(_)))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    // plan.yaml line 18: `values: { 2022: 82.0, 2023: 83.4, 2024: null }`.
    assert_eq!(w[0].file.to_string_lossy(), "content/plan/plan.yaml");
    assert_eq!(w[0].line, 18);
    assert_eq!(w[0].column, 27);
    let text = w[0].one_line(framsteg::model::Lang::Sv);
    assert!(
        text.contains("2023") && text.contains("83.4") && text.contains("83.9"),
        "{text}"
    );

    let out = site.cli(&["check"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("varning"), "{err}");
    assert!(err.contains("content/plan/plan.yaml:18:27"), "{err}");
}

#[test]
fn fetched_values_reach_the_chart_and_kolada_is_credited_only_for_its_own_years() {
    let site = site_with_fetched_values();
    site.build().unwrap();
    let doc = site.html("plan/index.html");
    let rows = texts(&doc, "#indikator-behorighet-ak9 table tbody tr").join(" | ");
    // 2021 and 2025 come from Kolada; 2023 stays the hand-typed 83,4.
    assert!(rows.contains("| 202181,2"), "{rows}");
    assert!(rows.contains("202585,5"), "{rows}");
    assert!(rows.contains("202383,4"), "{rows}");
    let source = texts(&doc, "#indikator-behorighet-ak9 .source").join(" ");
    assert!(
        source.contains("Källa: Kolada, hämtad 1 december 2026 (värdena för 2021–2022, 2024–2025)"),
        "{source}"
    );
    let csv = site.read("data/indicators.csv");
    assert!(csv.contains(",2021,81.2,"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.contains(",2023,83.4,") && l.ends_with(",hand,")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",2021,81.2,") && l.ends_with(",kolada,2026-12-01")),
        "{csv}"
    );
}

#[test]
fn values_all_from_kolada_are_credited_in_english_without_year_list() {
    let site = site_with_fetched_values();
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.edit(
        "content/plan/plan.yaml",
        "    values: { 2022: 82.0, 2023: 83.4, 2024: null }\n",
        "",
    );
    site.build().unwrap();
    let doc = site.html("plan/index.html");
    let source = texts(&doc, "#indikator-behorighet-ak9 .source").join(" ");
    assert!(
        source.starts_with("Source: Kolada, fetched 1 December 2026 (N15419"),
        "{source}"
    );
    assert!(!source.contains("the values for"), "{source}");
    assert!(texts(&doc, "#indikator-behorighet-ak9 .updated").is_empty());
}

#[test]
fn an_indicator_whose_newest_value_is_old_warns_but_builds() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/plan/plan.yaml",
        "values: { 2022: 82.0, 2023: 83.4, 2024: null }",
        "values: { 2012: 82.0, 2013: 83.4 }\n    updated: 2014-02-01",
    );
    site.edit(
        "content/site.yaml",
        "theme: default",
        "theme: default\nstale_after_years: 3",
    );
    let built = pipeline::run(&site.root, false).expect("a warning does not fail the build");
    let w = &built.site.warnings;
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(matches!(
        w[0].problem,
        Problem::StaleValues {
            newest: 2013,
            limit: 3,
            ..
        }
    ));
    assert_eq!((w[0].line, w[0].column), (18, 27));
    site.build().unwrap();
    let doc = site.html("plan/index.html");
    assert_eq!(
        texts(&doc, "#indikator-behorighet-ak9 .updated"),
        ["Uppgifterna uppdaterades 1 februari 2014"]
    );
}

#[test]
fn values_for_another_kpi_are_not_used_until_fetched_again() {
    let site = site_with_fetched_values();
    site.edit("content/plan/plan.yaml", "kpi: N15419", "kpi: N15420");
    let built = pipeline::run(&site.root, false).unwrap();
    assert!(built
        .site
        .warnings
        .iter()
        .any(|d| matches!(d.problem, Problem::FetchedOtherSeries { .. })));
    let ind = built.site.indicator("behorighet-ak9").unwrap();
    assert!(!ind.values.contains_key(&2021));
}

#[test]
fn a_broken_data_file_is_an_error_with_its_line() {
    let site = TestSite::fixture("site");
    site.write(
        "content/plan/data/kolada.yaml",
        "behorighet-ak9:\n  kpi: N15419\n  municipality: '1880'\n  gender: T\n  fetched: igår\n  values: {}\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].file.to_string_lossy(),
        "content/plan/data/kolada.yaml"
    );
    assert_eq!(errors[0].line, 5);
}

#[test]
fn an_imported_value_for_an_unknown_indicator_is_a_warning_with_the_near_id() {
    let site = TestSite::fixture("site");
    site.write(
        "content/plan/data/import.yaml",
        "# rubrik\nbehorighet-ak8:\n  file: a.csv\n  imported: 2026-12-01\n  values: { 2025: 85.6 }\n",
    );
    let built = pipeline::run(&site.root, false).expect("builds");
    let w: Vec<_> = built
        .site
        .warnings
        .iter()
        .filter(|d| d.file.ends_with("import.yaml"))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].line, 2);
    assert_eq!(w[0].suggestion.as_deref(), Some("behorighet-ak9"));
}
