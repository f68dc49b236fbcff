//! One test per kind of content mistake: each names the file, the line and the column, says
//! what was expected, suggests the near name, and fails the build with exit code 1 while the
//! last good `output/` stays exactly as it was.

mod common;

use common::{snapshot, TestSite};
use framsteg::diag::{Diagnostic, IdKind, Problem};
use framsteg::model::Lang;

const FN_DAGEN: &str = "content/articles/2022-10-24-fn-dagen-angasskolan.md";
const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";
const INIT: &str = "content/plan/initiatives/las-garanti.yaml";
const PLAN: &str = "content/plan/plan.yaml";

/// The single diagnostic of a build, asserting its file and line.
fn only_error(site: &TestSite, file: &str, line: usize) -> Diagnostic {
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "expected one error, got {diags:#?}");
    let d = diags.into_iter().next().unwrap();
    assert_eq!(d.file.to_string_lossy(), file, "{d:?}");
    assert_eq!(d.line, line, "{}", d.one_line(Lang::Sv));
    d
}

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let site = TestSite::fixture("site");
    site.edit(
        INIT,
        "owner: Utbildningsförvaltningen",
        "owner: Utbildning: förvaltningen",
    );
    let d = only_error(&site, INIT, 4);
    assert!(matches!(d.problem, Problem::YamlSyntax(_)), "{d:?}");
    assert!(d
        .message(Lang::Sv)
        .starts_with("YAML-koden går inte att läsa"));
}

#[test]
fn yaml_syntax_error_in_front_matter_counts_lines_from_the_file_start() {
    let site = TestSite::fixture("site");
    site.edit(
        LAS,
        "summary: Språkveckan lockade många.",
        "summary: Språkveckan: lockade",
    );
    let d = only_error(&site, LAS, 5);
    assert!(matches!(d.problem, Problem::YamlSyntax(_)));
}

#[test]
fn unknown_key_suggests_the_near_key() {
    let site = TestSite::fixture("site");
    site.edit(LAS, "summary:", "sumary:");
    let d = only_error(&site, LAS, 5);
    assert_eq!((d.column, d.suggestion.as_deref()), (1, Some("summary")));
    assert!(
        d.one_line(Lang::Sv).ends_with("(menade du summary?)"),
        "{}",
        d.one_line(Lang::Sv)
    );
}

#[test]
fn missing_required_field_is_named() {
    let site = TestSite::fixture("site");
    site.edit(LAS, "title: Läsglada elever i Språkveckan\n", "");
    let d = only_error(&site, LAS, 2);
    assert_eq!(d.problem, Problem::MissingField("title".into()));
    assert_eq!(d.message(Lang::Sv), "obligatoriska fältet `title` saknas");
}

#[test]
fn unknown_subject_points_at_the_id_and_suggests_the_near_one() {
    let site = TestSite::fixture("site");
    site.edit(
        FN_DAGEN,
        "[so-no-matte, blandade-amnen]",
        "[so-no-mate, blandade-amnen]",
    );
    let d = only_error(&site, FN_DAGEN, 4);
    assert_eq!(d.column, 12);
    assert_eq!(
        d.problem,
        Problem::UnknownId {
            kind: IdKind::Subject,
            id: "so-no-mate".into()
        }
    );
    assert_eq!(
        d.one_line(Lang::Sv),
        format!("{FN_DAGEN}:4:12: okänt ämne `so-no-mate` (menade du so-no-matte?) — ämnen skrivs med sitt id från site.yaml: sprak, so-no-matte, praktiska-amnen, blandade-amnen")
    );
}

#[test]
fn unknown_initiative_is_reported_where_it_is_named() {
    let site = TestSite::fixture("site");
    site.edit(
        FN_DAGEN,
        "initiatives: [las-garanti]",
        "initiatives: [las-garantii]",
    );
    let d = only_error(&site, FN_DAGEN, 5);
    assert_eq!(d.column, 15);
    assert_eq!(d.suggestion.as_deref(), Some("las-garanti"));
}

#[test]
fn unknown_goal_in_an_initiative_is_reported() {
    let site = TestSite::fixture("site");
    site.edit(
        INIT,
        "goals: [kunskapskrav-ak9]",
        "goals: [kunskapskrav-ak8]",
    );
    let d = only_error(&site, INIT, 6);
    assert!(matches!(
        d.problem,
        Problem::UnknownId {
            kind: IdKind::Goal,
            ..
        }
    ));
    assert_eq!(d.suggestion.as_deref(), Some("kunskapskrav-ak9"));
}

#[test]
fn unknown_indicator_in_a_goal_is_reported() {
    let site = TestSite::fixture("site");
    site.edit(
        PLAN,
        "indicators: [behorighet-ak9]",
        "indicators: [behorighet-ak8]",
    );
    let d = only_error(&site, PLAN, 9);
    assert!(matches!(
        d.problem,
        Problem::UnknownId {
            kind: IdKind::Indicator,
            ..
        }
    ));
    assert_eq!(d.suggestion.as_deref(), Some("behorighet-ak9"));
}

#[test]
fn duplicate_slug_names_both_files() {
    let site = TestSite::fixture("site");
    site.write(
        "content/articles/2024-01-01-lasglada-elever.md",
        "---\ntitle: Samma adress\ndate: 2024-01-01\nsubjects: [sprak]\n---\nText.\n",
    );
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(
        d.file.to_string_lossy(),
        "content/articles/2024-01-01-lasglada-elever.md"
    );
    assert_eq!(d.line, 1, "the slug comes from the file name");
    assert!(
        matches!(&d.problem, Problem::DuplicateId { kind: IdKind::Slug, first, .. } if first.contains(LAS)),
        "{d:?}"
    );
}

#[test]
fn duplicate_initiative_id_is_reported() {
    let site = TestSite::fixture("site");
    site.write(
        "content/plan/initiatives/kopia.yaml",
        "id: las-garanti\ntitle: Kopia\nstatus: planned\n",
    );
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    // kopia.yaml comes first in path order; las-garanti.yaml takes its id from its name.
    assert_eq!(
        (diags[0].file.to_string_lossy().as_ref(), diags[0].line),
        (INIT, 1)
    );
    assert!(matches!(
        diags[0].problem,
        Problem::DuplicateId {
            kind: IdKind::Initiative,
            ..
        }
    ));
}

#[test]
fn bad_date_says_how_to_write_one() {
    let site = TestSite::fixture("site");
    site.edit(LAS, "date: 2023-02-08", "date: 2023-02-30");
    let d = only_error(&site, LAS, 3);
    assert_eq!(d.column, 7);
    assert_eq!(d.problem, Problem::BadDate("2023-02-30".into()));
    assert!(d.message(Lang::Sv).contains("ÅÅÅÅ-MM-DD"));
}

#[test]
fn bad_date_inside_a_milestone_points_at_that_milestone() {
    let site = TestSite::fixture("site");
    site.edit(INIT, "2027-06-30", "30 juni 2027");
    let d = only_error(&site, INIT, 15);
    assert_eq!(d.problem, Problem::BadDate("30 juni 2027".into()));
}

#[test]
fn bad_status_lists_the_allowed_ones_and_suggests() {
    let site = TestSite::fixture("site");
    site.edit(INIT, "status: ongoing", "status: ongoin");
    let d = only_error(&site, INIT, 3);
    assert_eq!(d.column, 9);
    assert_eq!(d.suggestion.as_deref(), Some("ongoing"));
    assert!(d
        .message(Lang::Sv)
        .contains("planned, ongoing, completed, paused, cancelled"));
}

#[test]
fn image_without_alt_text_is_an_error() {
    let site = TestSite::fixture("site");
    site.edit(
        FN_DAGEN,
        "image_alt: Elever med flaggor på skolgården\n",
        "",
    );
    let d = only_error(&site, FN_DAGEN, 7);
    assert_eq!(d.problem, Problem::ImageWithoutAlt);
}

#[test]
fn missing_image_file_is_an_error() {
    let site = TestSite::fixture("site");
    site.edit(
        FN_DAGEN,
        "image: media/bild.svg",
        "image: media/finns-inte.jpg",
    );
    let d = only_error(&site, FN_DAGEN, 7);
    assert_eq!(
        d.problem,
        Problem::MissingFile("content/media/finns-inte.jpg".into())
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_the_bad_line() {
    let site = TestSite::fixture("site");
    let mut bytes = b"---\ntitle: L\xe4s\ndate: 2023-02-08\n".to_vec();
    bytes.extend_from_slice(b"subjects: [sprak]\n---\nText\n");
    site.write(LAS, bytes);
    let d = only_error(&site, LAS, 2);
    assert_eq!((d.column, d.problem.clone()), (9, Problem::NotUtf8));
}

#[test]
fn all_mistakes_of_a_build_are_listed_at_once() {
    let site = TestSite::fixture("site");
    site.edit(LAS, "date: 2023-02-08", "date: igår");
    site.edit(
        FN_DAGEN,
        "[so-no-matte, blandade-amnen]",
        "[so-no-mate, blandade-amnen]",
    );
    site.edit(INIT, "status: ongoing", "status: klar");
    let diags = site.errors();
    assert_eq!(diags.len(), 3, "{diags:#?}");
}

#[test]
fn messages_follow_the_site_language() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.edit(LAS, "date: 2023-02-08", "date: 2023-13-08");
    let out = site.cli(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not a valid date; write dates as YYYY-MM-DD"),
        "{err}"
    );
    assert!(
        err.contains("1 error found. The site was not built."),
        "{err}"
    );
}

#[test]
fn a_failed_build_exits_1_and_leaves_the_last_good_output_byte_for_byte() {
    let site = TestSite::fixture("site");
    let first = site.cli(&["build"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&site.root.join("output"));
    site.edit(LAS, "subjects: [sprak]", "subjects: [sprk]");
    site.edit(INIT, "done: true", "done: ja");
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{LAS}:4:12")), "{err}");
    assert!(err.contains("menade du sprak?"), "{err}");
    assert!(
        err.contains("2 fel hittades. Webbplatsen byggdes inte."),
        "{err}"
    );
    assert_eq!(
        before,
        snapshot(&site.root.join("output")),
        "output changed"
    );
    assert!(!site.root.join(".output.staging").exists());
}

#[test]
fn check_reports_the_same_errors_without_writing() {
    let site = TestSite::fixture("site");
    let ok = site.cli(&["check"]);
    assert!(ok.status.success());
    assert!(!site.root.join("output").exists(), "check must not write");
    site.edit(LAS, "subjects: [sprak]", "subjects: [sprk]");
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{LAS}:4:12")));
}
