//! Roll-ups for the portal's overviews: initiatives per status, milestones done, and budget per
//! year, source and subject. Re-exported from `crate::progress`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{BudgetRow, Initiative, Milestone, Status};

/// Initiatives per status, in [`Status::ALL`] order with zero counts included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub counts: Vec<StatusCount>,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: usize,
}

/// The numbers of a sentence such as "4 av 6 insatser pågår": `count` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusShare {
    pub status: Status,
    pub count: usize,
    pub total: usize,
}

impl StatusCounts {
    /// How many initiatives have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.counts
            .iter()
            .find(|c| c.status == status)
            .map_or(0, |c| c.count)
    }

    /// The pieces of "4 av 6 insatser pågår" for `status`; the sentence is the template's.
    pub fn share(&self, status: Status) -> StatusShare {
        StatusShare {
            status,
            count: self.count(status),
            total: self.total,
        }
    }
}

/// Counts initiatives per status.
pub fn status_counts(initiatives: &[&Initiative]) -> StatusCounts {
    let counts = Status::ALL
        .into_iter()
        .map(|status| StatusCount {
            status,
            count: initiatives.iter().filter(|i| i.status == status).count(),
        })
        .collect();
    StatusCounts {
        counts,
        total: initiatives.len(),
    }
}

/// (done, total) milestones.
pub fn milestones_done(ms: &[Milestone]) -> (usize, usize) {
    (ms.iter().filter(|m| m.done).count(), ms.len())
}

/// Budget per year, sorted by year. Sums saturate rather than overflow.
pub fn budget_by_year<'a>(rows: impl IntoIterator<Item = &'a BudgetRow>) -> Vec<(i32, i64)> {
    let mut by: BTreeMap<i32, i64> = BTreeMap::new();
    for r in rows {
        let sum = by.entry(r.year).or_default();
        *sum = sum.saturating_add(r.amount);
    }
    by.into_iter().collect()
}

/// Budget per source, largest first, then by name. Sums saturate rather than overflow.
pub fn budget_by_source<'a>(rows: impl IntoIterator<Item = &'a BudgetRow>) -> Vec<(String, i64)> {
    let mut by: BTreeMap<&str, i64> = BTreeMap::new();
    for r in rows {
        let sum = by.entry(r.source.as_str()).or_default();
        *sum = sum.saturating_add(r.amount);
    }
    sorted_by_amount(by.into_iter().map(|(k, v)| (k.to_string(), v)))
}

/// The sum of all rows (saturating).
pub fn budget_total<'a>(rows: impl IntoIterator<Item = &'a BudgetRow>) -> i64 {
    rows.into_iter()
        .fold(0i64, |sum, r| sum.saturating_add(r.amount))
}

/// Budget per subject id, largest first, then by id. An initiative's whole budget counts for
/// EACH of its subjects (it cannot be split fairly), so the subject totals add up to more than
/// [`budget_total`] whenever an initiative has several subjects: present them as "initiatives
/// touching this subject", never as shares of the total. A subject listed twice in one
/// initiative counts once.
pub fn budget_by_subject(initiatives: &[&Initiative]) -> Vec<(String, i64)> {
    let mut by: BTreeMap<&str, i64> = BTreeMap::new();
    for i in initiatives {
        let total = budget_total(&i.budget);
        let subjects: BTreeSet<&str> = i.subjects.iter().map(String::as_str).collect();
        for s in subjects {
            let sum = by.entry(s).or_default();
            *sum = sum.saturating_add(total);
        }
    }
    sorted_by_amount(by.into_iter().map(|(k, v)| (k.to_string(), v)))
}

fn sorted_by_amount(items: impl Iterator<Item = (String, i64)>) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = items.collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn initiative(
        id: &str,
        status: Status,
        subjects: &[&str],
        budget: &[(i32, i64, &str)],
    ) -> Initiative {
        Initiative {
            origin: Origin {
                file: format!("content/plan/initiatives/{id}.yaml").into(),
                line: 1,
            },
            id: id.into(),
            title: id.into(),
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
            status,
            owner: None,
            period: None,
            goals: vec![],
            budget: budget
                .iter()
                .map(|&(year, amount, source)| BudgetRow {
                    year,
                    amount,
                    source: source.into(),
                })
                .collect(),
            summary: String::new(),
            description_html: String::new(),
            milestones: vec![],
            indicators: vec![],
            attachments: vec![],
            refs: Default::default(),
            draft: false,
        }
    }

    #[test]
    fn status_counts_list_every_status_in_order_with_zeros() {
        let a = initiative("a", Status::Ongoing, &[], &[]);
        let b = initiative("b", Status::Ongoing, &[], &[]);
        let c = initiative("c", Status::Completed, &[], &[]);
        let sc = status_counts(&[&a, &b, &c]);
        let got: Vec<(Status, usize)> = sc.counts.iter().map(|c| (c.status, c.count)).collect();
        assert_eq!(
            got,
            [
                (Status::Planned, 0),
                (Status::Ongoing, 2),
                (Status::Completed, 1),
                (Status::Paused, 0),
                (Status::Cancelled, 0)
            ]
        );
        assert_eq!(sc.total, 3);
        assert_eq!(
            sc.share(Status::Ongoing),
            StatusShare {
                status: Status::Ongoing,
                count: 2,
                total: 3
            }
        );
    }

    #[test]
    fn status_counts_of_no_initiatives_are_all_zero() {
        let sc = status_counts(&[]);
        assert_eq!(sc.counts.len(), Status::ALL.len());
        assert!(sc.counts.iter().all(|c| c.count == 0));
        assert_eq!(
            sc.share(Status::Paused),
            StatusShare {
                status: Status::Paused,
                count: 0,
                total: 0
            }
        );
    }

    #[test]
    fn milestones_done_counts_done_of_total() {
        let m = |done| Milestone {
            date: jiff::civil::date(2022, 1, 1),
            title: "x".into(),
            done,
        };
        assert_eq!(milestones_done(&[m(true), m(false), m(true)]), (2, 3));
        assert_eq!(milestones_done(&[]), (0, 0));
    }

    fn rows() -> Vec<BudgetRow> {
        [
            (2023, 5, "Stat"),
            (2021, 10, "Kommun"),
            (2023, 7, "Kommun"),
            (2022, 10, "EU"),
        ]
        .into_iter()
        .map(|(year, amount, source)| BudgetRow {
            year,
            amount,
            source: source.into(),
        })
        .collect()
    }

    #[test]
    fn budget_by_year_sums_per_year_sorted_by_year() {
        assert_eq!(
            budget_by_year(&rows()),
            [(2021, 10), (2022, 10), (2023, 12)]
        );
        assert_eq!(budget_by_year(&[]), []);
    }

    #[test]
    fn budget_by_source_sorts_by_amount_descending_then_name() {
        assert_eq!(
            budget_by_source(&rows()),
            [
                ("Kommun".to_string(), 17),
                ("EU".to_string(), 10),
                ("Stat".to_string(), 5)
            ]
        );
        let tie = [BudgetRow {
            year: 2021,
            amount: 10,
            source: "Stat".into(),
        }];
        let both: Vec<BudgetRow> = rows()
            .into_iter()
            .filter(|r| r.source == "EU")
            .chain(tie)
            .collect();
        assert_eq!(
            budget_by_source(&both),
            [("EU".to_string(), 10), ("Stat".to_string(), 10)]
        );
    }

    #[test]
    fn budget_total_adds_all_rows_and_saturates_instead_of_overflowing() {
        assert_eq!(budget_total(&rows()), 32);
        assert_eq!(budget_total(&[]), 0);
        let huge = [
            BudgetRow {
                year: 2021,
                amount: i64::MAX,
                source: "a".into(),
            },
            BudgetRow {
                year: 2021,
                amount: 1,
                source: "a".into(),
            },
        ];
        assert_eq!(budget_total(&huge), i64::MAX);
        assert_eq!(budget_by_year(&huge), [(2021, i64::MAX)]);
    }

    #[test]
    fn budget_by_subject_counts_an_initiative_fully_for_each_subject() {
        let a = initiative(
            "a",
            Status::Ongoing,
            &["sprak", "so-no-matte"],
            &[(2021, 12, "Stat"), (2022, 3, "Stat")],
        );
        let b = initiative(
            "b",
            Status::Ongoing,
            &["sprak", "sprak"],
            &[(2021, 5, "Kommun")],
        );
        let c = initiative("c", Status::Planned, &[], &[(2021, 100, "Kommun")]);
        let by = budget_by_subject(&[&a, &b, &c]);
        assert_eq!(
            by,
            [("sprak".to_string(), 20), ("so-no-matte".to_string(), 15)]
        );
        // Hence the subject totals (35) exceed the grand total of the subjects' initiatives (20).
    }
}
