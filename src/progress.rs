//! Progress math: how far an indicator has come from its baseline towards its target, and the
//! roll-ups the portal shows (initiatives per status, milestones done, budget per year, source
//! and subject). Pure functions over `crate::model` types; every output is `Serialize` (enums as
//! snake_case) so templates can use it as it is.
//!
//! # The status rule
//! [`progress`] judges an indicator from its latest published value that is not older than the
//! baseline year, in this order:
//! 1. `no_data`: no such value, or no baseline or no target to measure against (unless the
//!    target is reached, which needs only a target);
//! 2. `reached`: the value is on the right side of the target (`>=` when higher is better,
//!    `<=` otherwise), whatever the year;
//! 3. `wrong_way`: the value is worse than the baseline;
//! 4. `on_track`: the share of the way from baseline to target is at least the elapsed share
//!    of the time from baseline year to target year, counted at the year of the value (not
//!    today, so the output stays deterministic); a target year not after the baseline year
//!    counts as fully elapsed;
//! 5. `behind`: otherwise.
//!
//! Values older than the baseline year still appear as `latest` and in `trend`, but they are
//! not measured against the baseline or the target.

use serde::Serialize;

use crate::model::{Indicator, YearValue};

mod rollup;
#[cfg(test)]
mod tests;

pub use rollup::{
    budget_by_source, budget_by_subject, budget_by_year, budget_total, milestones_done,
    status_counts, StatusCount, StatusCounts, StatusShare,
};

/// Differences smaller than this count as equal (values are rounded statistics).
const EPSILON: f64 = 1e-9;

/// Where an indicator stands; see the module doc for the status rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The latest year with a published value.
    pub latest: Option<YearValue>,
    /// `latest.value - baseline.value`, when `latest` is not older than the baseline year.
    pub change_since_baseline: Option<f64>,
    /// `(latest - baseline) / (target - baseline)`: 0 at the baseline, 1 at the target, above 1
    /// past it, negative when worse than the baseline. `None` without baseline, target or a
    /// measured `latest`, or when target and baseline values are equal.
    pub share_of_way: Option<f64>,
    /// `latest` is on the right side of the target (`>=` when higher is better, else `<=`).
    pub reached: bool,
    /// `latest` is worse than the baseline (direction-aware).
    pub wrong_way: bool,
    /// `latest` compared with the previous published value.
    pub trend: Trend,
    /// Years whose value is `null` (not published), with their note if any, oldest first.
    pub missing_years: Vec<MissingYear>,
    pub status: ProgressStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improving,
    Worsening,
    Flat,
    /// Fewer than two published values.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    NoData,
    Reached,
    OnTrack,
    Behind,
    WrongWay,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingYear {
    pub year: i32,
    pub note: Option<String>,
}

/// Computes where `ind` stands. Never panics, whatever the data.
pub fn progress(ind: &Indicator) -> Progress {
    let published: Vec<YearValue> = ind
        .values
        .iter()
        .filter_map(|(&year, v)| v.map(|value| YearValue { year, value }))
        .collect();
    let latest = published.last().copied();
    let previous = published.len().checked_sub(2).map(|i| published[i]);
    let hib = ind.higher_is_better;

    // `latest`, if it may be measured against the baseline.
    let measured = latest.filter(|l| ind.baseline.is_none_or(|b| l.year >= b.year));
    let change_since_baseline = measured.zip(ind.baseline).map(|(l, b)| l.value - b.value);
    let share_of_way = match (measured, ind.baseline, ind.target) {
        (Some(l), Some(b), Some(t)) if (t.value - b.value).abs() > EPSILON => {
            Some((l.value - b.value) / (t.value - b.value))
        }
        _ => None,
    };
    let reached = match (measured, ind.target) {
        (Some(l), Some(t)) => !is_better(t.value, l.value, hib),
        _ => false,
    };
    let wrong_way = match (measured, ind.baseline) {
        (Some(l), Some(b)) => is_better(b.value, l.value, hib),
        _ => false,
    };
    let trend = match (previous, latest) {
        (Some(p), Some(l)) if is_better(l.value, p.value, hib) => Trend::Improving,
        (Some(p), Some(l)) if is_better(p.value, l.value, hib) => Trend::Worsening,
        (Some(_), Some(_)) => Trend::Flat,
        _ => Trend::Unknown,
    };
    let missing_years = ind
        .values
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(&year, _)| MissingYear {
            year,
            note: ind.notes.get(&year).cloned(),
        })
        .collect();

    let status = match (measured, ind.baseline, ind.target) {
        (None, _, _) => ProgressStatus::NoData,
        _ if reached => ProgressStatus::Reached,
        (_, None, _) | (_, _, None) => ProgressStatus::NoData,
        _ if wrong_way => ProgressStatus::WrongWay,
        (Some(l), Some(b), Some(t)) => {
            let elapsed = if t.year > b.year {
                (f64::from(l.year - b.year) / f64::from(t.year - b.year)).clamp(0.0, 1.0)
            } else {
                1.0
            };
            match share_of_way {
                Some(s) if s + EPSILON >= elapsed => ProgressStatus::OnTrack,
                _ => ProgressStatus::Behind,
            }
        }
    };

    Progress {
        latest,
        change_since_baseline,
        share_of_way,
        reached,
        wrong_way,
        trend,
        missing_years,
        status,
    }
}

/// `a` is strictly better than `b` (by more than [`EPSILON`]).
fn is_better(a: f64, b: f64, higher_is_better: bool) -> bool {
    if higher_is_better {
        a - b > EPSILON
    } else {
        b - a > EPSILON
    }
}
