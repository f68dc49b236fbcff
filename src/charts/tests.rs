//! Tests of `crate::charts`: each test is named after what it proves.

use std::collections::BTreeMap;

use super::*;
use crate::model::{Indicator, YearValue};

/// The design's example: 81.2 % in 2021, target 90 % in 2027, 2024 secret.
fn behorighet() -> Indicator {
    Indicator {
        id: "behorighet-ak9".into(),
        title: "Andel elever i åk 9 behöriga till gymnasiet".into(),
        unit: Unit::Percent,
        higher_is_better: true,
        source: None,
        baseline: Some(YearValue {
            year: 2021,
            value: 81.2,
        }),
        target: Some(YearValue {
            year: 2027,
            value: 90.0,
        }),
        values: BTreeMap::from([
            (2022, Some(82.0)),
            (2023, Some(83.4)),
            (2024, None),
            (2025, Some(84.1)),
            (2026, Some(85.0)),
        ]),
        notes: BTreeMap::from([(2024, "Uppgiften sekretessbelagd".to_string())]),
        line: 0,
        updated: None,
        provenance: Default::default(),
    }
}

fn snapshot(name: &str, svg: &str) {
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, svg);
    });
}

#[test]
fn line_chart_svg_matches_snapshot() {
    snapshot(
        "charts_line_chart",
        &line_chart(&behorighet(), Lang::Sv).svg,
    );
}

#[test]
fn budget_chart_svg_matches_snapshot() {
    let by_year = [
        (2021, 12_000_000),
        (2022, 12_500_000),
        (2023, 10_000_000),
        (2024, 850_000),
    ];
    snapshot("charts_budget_chart", &budget_chart(&by_year, Lang::Sv).svg);
}

#[test]
fn a_null_year_breaks_the_line_into_two_polylines() {
    let svg = line_chart(&behorighet(), Lang::Sv).svg;
    assert_eq!(svg.matches("<polyline").count(), 2);
    assert_eq!(
        svg.matches("<circle").count(),
        4 + 1,
        "four values and the legend"
    );
}

#[test]
fn an_absent_year_breaks_the_line_too() {
    let mut ind = behorighet();
    ind.values = BTreeMap::from([
        (2022, Some(82.0)),
        (2023, Some(83.0)),
        (2025, Some(84.0)),
        (2026, Some(85.0)),
    ]);
    assert_eq!(
        line_chart(&ind, Lang::Sv).svg.matches("<polyline").count(),
        2
    );
}

#[test]
fn a_lone_value_between_gaps_is_a_point_without_a_line() {
    let mut ind = behorighet();
    ind.values = BTreeMap::from([
        (2022, Some(82.0)),
        (2023, None),
        (2024, Some(84.0)),
        (2025, None),
    ]);
    let svg = line_chart(&ind, Lang::Sv).svg;
    assert_eq!(svg.matches("<polyline").count(), 0);
    assert_eq!(svg.matches("<circle").count(), 2 + 1);
}

#[test]
fn a_script_tag_in_the_title_is_escaped() {
    let mut ind = behorighet();
    ind.title = "<script>alert('x')</script> & \"co\"".into();
    let chart = line_chart(&ind, Lang::Sv);
    assert!(!chart.svg.contains("<script"));
    assert!(chart
        .svg
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"));
    assert_eq!(
        chart.title, ind.title,
        "the title field is plain text for the template"
    );
}

#[test]
fn the_summary_reads_value_year_target_and_share_of_the_way() {
    let mut ind = behorighet();
    ind.values = BTreeMap::from([(2022, Some(82.0)), (2023, Some(83.4)), (2024, None)]);
    let nb = |s: &str| s.replace('_', "\u{a0}");
    assert_eq!(
        line_chart(&ind, Lang::Sv).summary,
        nb("83,4_% år 2023 — mål 90_% år 2027, 25_% av vägen från utgångsläget.")
    );
    assert_eq!(
        line_chart(&ind, Lang::En).summary,
        "83.4% in 2023 — target 90% by 2027, 25% of the way from the baseline."
    );
}

#[test]
fn the_summary_says_when_the_target_is_reached_or_the_way_is_wrong() {
    let nb = |s: &str| s.replace('_', "\u{a0}");
    let mut ind = behorighet();
    ind.values = BTreeMap::from([(2025, Some(91.0))]);
    assert_eq!(
        line_chart(&ind, Lang::Sv).summary,
        nb("91_% år 2025 — målet 90_% år 2027 är nått.")
    );
    ind.values = BTreeMap::from([(2025, Some(80.0))]);
    assert_eq!(
        line_chart(&ind, Lang::Sv).summary,
        nb("80_% år 2025 — mål 90_% år 2027, sämre än utgångsläget 81,2_% år 2021.")
    );
    ind.target = None;
    assert_eq!(
        line_chart(&ind, Lang::En).summary,
        "80% in 2025 — worse than the baseline of 81.2% in 2021."
    );
}

#[test]
fn without_published_values_the_summary_says_so() {
    let mut ind = behorighet();
    ind.values = BTreeMap::from([(2022, None)]);
    let chart = line_chart(&ind, Lang::Sv);
    assert_eq!(chart.summary, "Inga värden publicerade ännu.");
    assert!(chart.svg.contains("Inga värden publicerade ännu."));
    assert_eq!(
        line_chart(&ind, Lang::En).summary,
        "No values published yet."
    );
}

#[test]
fn the_table_has_labelled_baseline_and_target_rows_and_marks_unpublished_years() {
    let mut ind = behorighet();
    ind.values.insert(2019, None);
    let table = line_chart(&ind, Lang::Sv).table;
    assert_eq!(table.headers, ["År", "Värde", "Kommentar"]);
    assert_eq!(table.caption, ind.title);
    let nb = |s: &str| s.replace('_', "\u{a0}");
    assert_eq!(table.rows[0], ["2021", &nb("81,2_%"), "Utgångsläge"]);
    assert_eq!(table.rows[1], ["2019", "", "Ej publicerat"]);
    assert_eq!(table.rows[2], ["2022", &nb("82_%"), ""]);
    assert_eq!(table.rows[4], ["2024", "", "Uppgiften sekretessbelagd"]);
    assert_eq!(
        table.rows.last().map(|r| r.as_slice()),
        Some(&[String::from("2027"), nb("90_%"), "Mål".into()][..])
    );
    assert_eq!(
        line_chart(&ind, Lang::En).table.headers,
        ["Year", "Value", "Note"]
    );
}

#[test]
fn the_svg_is_named_by_its_title_with_safe_ids() {
    let mut ind = behorighet();
    ind.id = "Behörighet Åk9 \"x\"".into();
    let svg = line_chart(&ind, Lang::Sv).svg;
    assert!(svg.contains(r#"role="img" aria-labelledby="chart-behorighet-ak9-x-title""#));
    assert!(svg.contains(r#"<title id="chart-behorighet-ak9-x-title">"#));
    assert!(
        !svg.contains("<desc"),
        "the summary is the caption, not repeated"
    );
    assert!(svg.contains(r#"viewBox="0 0 640 320""#));
}

#[test]
fn the_svg_has_no_inline_colours_only_classes_and_current_color() {
    for svg in [
        line_chart(&behorighet(), Lang::Sv).svg,
        budget_chart(&[(2021, 5_000_000)], Lang::En).svg,
    ] {
        assert!(
            !svg.contains('#') && !svg.contains("rgb") && !svg.contains("style="),
            "{svg}"
        );
        for class in ["chart-axis", "chart-grid", "chart-label"] {
            assert!(svg.contains(class), "{class}");
        }
    }
    let svg = line_chart(&behorighet(), Lang::Sv).svg;
    for class in [
        "chart-line",
        "chart-point",
        "chart-baseline",
        "chart-target",
        "currentColor",
    ] {
        assert!(svg.contains(class), "{class}");
    }
}

#[test]
fn the_y_axis_has_three_to_five_ticks_formatted_in_the_language() {
    let svg = line_chart(&behorighet(), Lang::Sv).svg;
    assert!(svg.contains(">80\u{a0}%</text>") && svg.contains(">90\u{a0}%</text>"));
    for (lo, hi) in [
        (81.2, 90.0),
        (0.0, 10.0),
        (0.0, 1.0),
        (-5.0, 3.0),
        (5.0, 5.0),
        (0.0, 0.0),
        (1e-3, 2e-3),
        (0.0, 46e6),
    ] {
        let s = Scale::new(lo, hi);
        assert!(
            (3..=5).contains(&s.ticks.len()),
            "{lo}..{hi}: {:?}",
            s.ticks
        );
        assert!(s.lo <= lo && s.hi >= hi, "{lo}..{hi}: {:?}", s.ticks);
    }
}

#[test]
fn odd_indicators_draw_without_panicking_or_bad_numbers() {
    let mut empty = behorighet();
    (empty.baseline, empty.target, empty.values) = (None, None, BTreeMap::new());
    let mut one = empty.clone();
    one.values.insert(2023, Some(-4.0));
    let mut wide = behorighet();
    wide.values = BTreeMap::from([(1900, Some(-1e12)), (2100, Some(1e12))]);
    let mut before = behorighet();
    before.values = BTreeMap::from([(2018, Some(70.0)), (2019, Some(71.0))]);
    for ind in [empty, one, wide, before] {
        for lang in [Lang::Sv, Lang::En] {
            let chart = line_chart(&ind, lang);
            assert!(
                !chart.svg.contains("NaN") && !chart.svg.contains("inf"),
                "{}",
                chart.svg
            );
            assert!(chart.svg.ends_with("</svg>\n"));
        }
    }
}

#[test]
fn the_x_axis_runs_from_the_baseline_to_the_target_year() {
    let svg = line_chart(&behorighet(), Lang::Sv).svg;
    for year in 2021..=2027 {
        assert!(svg.contains(&format!(">{year}</text>")), "{year}");
    }
}

#[test]
fn charts_are_deterministic() {
    assert_eq!(
        line_chart(&behorighet(), Lang::Sv).svg,
        line_chart(&behorighet(), Lang::Sv).svg
    );
}

#[test]
fn the_budget_chart_has_bars_labels_summary_and_table() {
    let nb = |s: &str| s.replace('_', "\u{a0}");
    let chart = budget_chart(&[(2021, 12_000_000), (2022, 34_000_000)], Lang::Sv);
    assert_eq!(chart.svg.matches("<rect").count(), 2);
    assert!(chart.svg.contains(&nb(">12_mnkr</text>")));
    assert_eq!(
        chart.summary,
        nb("Totalt 46_mnkr 2021–2022, mest 34_mnkr år 2022.")
    );
    assert_eq!(chart.table.headers, ["År", "Belopp"]);
    assert_eq!(chart.table.rows[0], ["2021", &nb("12_000_000_kr")]);
    let en = budget_chart(&[(2021, 850_000)], Lang::En);
    assert_eq!(en.summary, nb("SEK_850k in total in 2021."));
    assert_eq!(en.table.rows[0], ["2021", &nb("SEK_850,000")]);
}

#[test]
fn an_empty_or_negative_budget_draws_without_panicking() {
    let empty = budget_chart(&[], Lang::Sv);
    assert_eq!(empty.summary, "Ingen budget angiven.");
    assert!(empty.table.rows.is_empty());
    let odd = budget_chart(&[(2021, 0), (2022, -3_000_000), (2023, i64::MAX)], Lang::En);
    assert!(
        !odd.svg.contains("NaN") && !odd.svg.contains("height=\"-"),
        "{}",
        odd.svg
    );
    assert!(budget_chart(&[(2021, 0)], Lang::Sv).svg.contains("<rect"));
}

#[test]
fn escape_xml_escapes_the_five_special_characters() {
    assert_eq!(
        escape_xml(r#"<a href="x">Tom & Jerry's</a>"#),
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
    );
    assert_eq!(escape_xml("Ängåsskolan"), "Ängåsskolan");
}

#[test]
fn safe_id_keeps_only_lowercase_ascii_digits_and_hyphens() {
    assert_eq!(safe_id("behorighet-ak9"), "chart-behorighet-ak9");
    assert_eq!(safe_id("Läs & skriv--2022!"), "chart-las-skriv-2022");
    assert_eq!(safe_id("🙂"), "chart");
    assert_eq!(safe_id(""), "chart");
}
