//! Tests of `crate::progress`: each test is named after what it proves.

use std::collections::BTreeMap;

use super::*;
use crate::model::Unit;

fn yv(year: i32, value: f64) -> YearValue {
    YearValue { year, value }
}

/// An indicator with higher-is-better percent values; `values` as (year, value) pairs.
fn ind(
    baseline: Option<(i32, f64)>,
    target: Option<(i32, f64)>,
    values: &[(i32, Option<f64>)],
) -> Indicator {
    Indicator {
        id: "behorighet-ak9".into(),
        title: "Andel behöriga".into(),
        unit: Unit::Percent,
        higher_is_better: true,
        source: None,
        baseline: baseline.map(|(y, v)| yv(y, v)),
        target: target.map(|(y, v)| yv(y, v)),
        values: values.iter().copied().collect(),
        notes: BTreeMap::new(),
        line: 0,
        updated: None,
        provenance: Default::default(),
    }
}

/// The example from DESIGN.md: 81.2 in 2021, target 90 in 2027.
fn behorighet(values: &[(i32, Option<f64>)]) -> Indicator {
    ind(Some((2021, 81.2)), Some((2027, 90.0)), values)
}

fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn no_values_at_all_gives_no_data() {
    let p = progress(&behorighet(&[]));
    assert_eq!(p.latest, None);
    assert_eq!(p.change_since_baseline, None);
    assert_eq!(p.share_of_way, None);
    assert!(!p.reached && !p.wrong_way);
    assert_eq!(p.trend, Trend::Unknown);
    assert!(p.missing_years.is_empty());
    assert_eq!(p.status, ProgressStatus::NoData);
}

#[test]
fn an_indicator_without_baseline_target_or_values_gives_no_data() {
    let p = progress(&ind(None, None, &[]));
    assert_eq!(p.status, ProgressStatus::NoData);
    assert_eq!(p.trend, Trend::Unknown);
}

#[test]
fn only_null_values_give_no_data_and_list_the_missing_years() {
    let p = progress(&behorighet(&[(2022, None), (2023, None)]));
    assert_eq!(p.latest, None);
    assert_eq!(p.status, ProgressStatus::NoData);
    let years: Vec<i32> = p.missing_years.iter().map(|m| m.year).collect();
    assert_eq!(years, [2022, 2023]);
}

#[test]
fn one_value_is_measured_but_has_unknown_trend() {
    let p = progress(&behorighet(&[(2022, Some(82.0))]));
    assert_eq!(p.latest, Some(yv(2022, 82.0)));
    assert!(approx(p.change_since_baseline, 0.8));
    assert!(approx(p.share_of_way, 0.8 / 8.8));
    assert_eq!(p.trend, Trend::Unknown);
}

#[test]
fn latest_is_the_last_published_year_and_null_years_keep_their_notes() {
    let mut i = behorighet(&[(2022, Some(82.0)), (2023, Some(83.4)), (2024, None)]);
    i.notes.insert(2024, "Uppgiften sekretessbelagd".into());
    i.notes.insert(2022, "Ny mätmetod".into());
    let p = progress(&i);
    assert_eq!(p.latest, Some(yv(2023, 83.4)));
    assert_eq!(
        p.missing_years,
        [MissingYear {
            year: 2024,
            note: Some("Uppgiften sekretessbelagd".into())
        }]
    );
}

#[test]
fn a_null_year_without_a_note_is_listed_with_no_note() {
    let p = progress(&behorighet(&[(2022, None), (2023, Some(83.0))]));
    assert_eq!(
        p.missing_years,
        [MissingYear {
            year: 2022,
            note: None
        }]
    );
}

#[test]
fn trend_skips_null_years_to_the_previous_published_value() {
    let p = progress(&behorighet(&[
        (2022, Some(84.0)),
        (2023, None),
        (2024, Some(83.0)),
    ]));
    assert_eq!(p.trend, Trend::Worsening);
}

#[test]
fn trend_is_flat_for_an_unchanged_value() {
    let p = progress(&behorighet(&[(2022, Some(83.0)), (2023, Some(83.0))]));
    assert_eq!(p.trend, Trend::Flat);
}

#[test]
fn on_track_when_the_share_of_the_way_keeps_pace_with_time() {
    // 2 of 6 years elapsed (1/3), 4.4 of 8.8 of the way (1/2).
    let p = progress(&behorighet(&[(2022, Some(82.0)), (2023, Some(85.6))]));
    assert!(approx(p.share_of_way, 0.5));
    assert_eq!(p.trend, Trend::Improving);
    assert_eq!(p.status, ProgressStatus::OnTrack);
}

#[test]
fn behind_when_the_share_of_the_way_lags_time() {
    // 2 of 6 years elapsed (1/3), 2.2 of 8.8 of the way (1/4).
    let p = progress(&behorighet(&[(2023, Some(83.4))]));
    assert!(approx(p.share_of_way, 0.25));
    assert!(!p.wrong_way);
    assert_eq!(p.status, ProgressStatus::Behind);
}

#[test]
fn a_value_in_the_baseline_year_equal_to_the_baseline_is_on_track() {
    let p = progress(&behorighet(&[(2021, Some(81.2))]));
    assert!(approx(p.change_since_baseline, 0.0));
    assert!(approx(p.share_of_way, 0.0));
    assert!(!p.wrong_way);
    assert_eq!(p.status, ProgressStatus::OnTrack);
}

#[test]
fn target_reached_gives_reached_even_before_the_target_year() {
    let p = progress(&behorighet(&[(2024, Some(90.0))]));
    assert!(p.reached);
    assert!(approx(p.share_of_way, 1.0));
    assert_eq!(p.status, ProgressStatus::Reached);
}

#[test]
fn past_the_target_the_share_of_the_way_exceeds_one() {
    let p = progress(&behorighet(&[(2025, Some(94.4))]));
    assert!(approx(p.share_of_way, 1.5));
    assert_eq!(p.status, ProgressStatus::Reached);
}

#[test]
fn regression_below_the_baseline_is_wrong_way_with_a_negative_share() {
    let p = progress(&behorighet(&[(2022, Some(82.0)), (2023, Some(79.0))]));
    assert!(p.wrong_way);
    assert!(p.share_of_way.is_some_and(|s| s < 0.0));
    assert!(approx(p.change_since_baseline, 79.0 - 81.2));
    assert_eq!(p.trend, Trend::Worsening);
    assert_eq!(p.status, ProgressStatus::WrongWay);
}

#[test]
fn target_below_baseline_counts_a_decrease_as_progress_when_lower_is_better() {
    let mut i = ind(
        Some((2021, 20.0)),
        Some((2027, 10.0)),
        &[(2022, Some(18.0)), (2023, Some(14.0))],
    );
    i.higher_is_better = false;
    let p = progress(&i);
    assert!(approx(p.share_of_way, 0.6));
    assert!(approx(p.change_since_baseline, -6.0));
    assert!(!p.reached && !p.wrong_way);
    assert_eq!(p.trend, Trend::Improving);
    assert_eq!(p.status, ProgressStatus::OnTrack);
}

#[test]
fn lower_is_better_reached_at_or_below_the_target() {
    let mut i = ind(
        Some((2021, 20.0)),
        Some((2027, 10.0)),
        &[(2026, Some(10.0))],
    );
    i.higher_is_better = false;
    assert_eq!(progress(&i).status, ProgressStatus::Reached);
    i.values.insert(2027, Some(9.5));
    assert_eq!(progress(&i).status, ProgressStatus::Reached);
}

#[test]
fn lower_is_better_rising_above_the_baseline_is_wrong_way() {
    let mut i = ind(
        Some((2021, 20.0)),
        Some((2027, 10.0)),
        &[(2022, Some(19.0)), (2023, Some(21.0))],
    );
    i.higher_is_better = false;
    let p = progress(&i);
    assert!(p.wrong_way);
    assert_eq!(p.trend, Trend::Worsening);
    assert_eq!(p.status, ProgressStatus::WrongWay);
}

#[test]
fn values_only_before_the_baseline_year_are_shown_but_not_measured() {
    let p = progress(&behorighet(&[(2019, Some(95.0)), (2020, Some(70.0))]));
    assert_eq!(p.latest, Some(yv(2020, 70.0)));
    assert_eq!(p.change_since_baseline, None);
    assert_eq!(p.share_of_way, None);
    assert!(!p.reached && !p.wrong_way);
    assert_eq!(p.trend, Trend::Worsening);
    assert_eq!(p.status, ProgressStatus::NoData);
}

#[test]
fn baseline_equal_to_target_has_no_share_but_is_reached_when_held() {
    let i = ind(
        Some((2021, 90.0)),
        Some((2027, 90.0)),
        &[(2023, Some(90.0))],
    );
    let p = progress(&i);
    assert_eq!(p.share_of_way, None);
    assert!(p.reached);
    assert_eq!(p.status, ProgressStatus::Reached);
}

#[test]
fn baseline_equal_to_target_is_wrong_way_when_below_it() {
    let i = ind(
        Some((2021, 90.0)),
        Some((2027, 90.0)),
        &[(2023, Some(88.0))],
    );
    let p = progress(&i);
    assert_eq!(p.share_of_way, None);
    assert!(p.wrong_way);
    assert_eq!(p.status, ProgressStatus::WrongWay);
}

#[test]
fn not_reached_after_the_target_year_is_behind() {
    let p = progress(&behorighet(&[(2028, Some(89.0))]));
    assert_eq!(p.status, ProgressStatus::Behind);
}

#[test]
fn a_target_year_not_after_the_baseline_year_counts_as_fully_elapsed() {
    let i = ind(
        Some((2021, 80.0)),
        Some((2021, 90.0)),
        &[(2022, Some(89.0))],
    );
    assert_eq!(progress(&i).status, ProgressStatus::Behind);
}

#[test]
fn without_a_target_there_is_a_change_but_no_status() {
    let p = progress(&ind(Some((2021, 80.0)), None, &[(2023, Some(85.0))]));
    assert!(approx(p.change_since_baseline, 5.0));
    assert_eq!(p.share_of_way, None);
    assert!(!p.reached);
    assert_eq!(p.status, ProgressStatus::NoData);
}

#[test]
fn without_a_baseline_a_reached_target_still_counts() {
    let p = progress(&ind(None, Some((2027, 90.0)), &[(2023, Some(91.0))]));
    assert_eq!(p.change_since_baseline, None);
    assert!(p.reached);
    assert_eq!(p.status, ProgressStatus::Reached);
    let p = progress(&ind(None, Some((2027, 90.0)), &[(2023, Some(85.0))]));
    assert_eq!(p.status, ProgressStatus::NoData);
}

#[test]
fn progress_serializes_with_snake_case_enums() {
    let p = progress(&behorighet(&[(2022, Some(82.0)), (2023, Some(79.0))]));
    let json = serde_json::to_value(&p).expect("serializable");
    assert_eq!(json["status"], "wrong_way");
    assert_eq!(json["trend"], "worsening");
    assert_eq!(json["latest"]["year"], 2023);
    assert_eq!(
        serde_json::to_value(ProgressStatus::OnTrack).ok(),
        Some("on_track".into())
    );
    assert_eq!(
        serde_json::to_value(ProgressStatus::NoData).ok(),
        Some("no_data".into())
    );
}
