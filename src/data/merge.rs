//! Puts an indicator's values together from its three sources, in order of precedence: typed
//! by hand in `plan.yaml` (or the initiative), imported from a spreadsheet, fetched from Kolada.
//! Records where each year's value came from (a hand-typed value equal to Kolada's counts as
//! Kolada's, so the page may credit Kolada), and reports every year where a source that is
//! not used disagrees with the one that is. Also the check for stale values.

use super::store::{Fetched, Imported, Located};
use crate::diag::{Disagreement, Problem};
use crate::model::{Indicator, ValueFrom};

/// Where a warning of [`merge`] belongs.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// The hand-typed value of this year, in the indicator's file.
    HandValue(i32),
    /// The indicator's entry in `import.yaml`, at this line.
    ImportFile(usize),
    /// The indicator itself (its list item in its file).
    Indicator,
}

/// Two values are the same if they differ by less than rounding noise.
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    }
}

/// Merges the data files' values into `ind` and returns the warnings with their places.
pub fn merge(
    ind: &mut Indicator,
    fetched: Option<&Located<Fetched>>,
    imported: Option<&Located<Imported>>,
) -> Vec<(Problem, Place)> {
    let mut warnings = Vec::new();
    let wanted = ind.source.as_ref().and_then(|s| s.kolada());
    let fetched = fetched.filter(|f| {
        let e = &f.entry;
        let Some(w) = &wanted else {
            // The source no longer names Kolada: the stored values are simply not used.
            return false;
        };
        let matches = e.kpi == w.kpi
            && e.municipality == w.municipality
            && e.ou == w.ou
            && e.gender == w.gender;
        if !matches {
            warnings.push((
                Problem::FetchedOtherSeries {
                    indicator: ind.id.clone(),
                },
                Place::Indicator,
            ));
        }
        matches
    });
    if fetched.is_none() && imported.is_none() && ind.updated.is_none() {
        return warnings;
    }
    let hand = std::mem::take(&mut ind.values);
    let empty = Default::default();
    let kolada = fetched.map_or(&empty, |f| &f.entry.values);
    let import = imported.map_or(&empty, |i| &i.entry.values);
    let years: std::collections::BTreeSet<i32> = hand
        .keys()
        .chain(import.keys())
        .chain(kolada.keys())
        .copied()
        .collect();
    let prov = &mut ind.provenance;
    for year in years {
        let candidates = [
            (ValueFrom::Hand, hand.get(&year).copied()),
            (ValueFrom::Import, import.get(&year).copied()),
            (ValueFrom::Kolada, kolada.get(&year).copied()),
        ];
        let mut present = candidates
            .into_iter()
            .filter_map(|(from, v)| v.map(|v| (from, v)));
        let Some((used_from, used)) = present.next() else {
            continue;
        };
        for (other_from, other) in present {
            if !same(used, other) {
                let place = match used_from {
                    ValueFrom::Hand => Place::HandValue(year),
                    ValueFrom::Import => Place::ImportFile(imported.map_or(1, |i| i.line)),
                    ValueFrom::Kolada => Place::Indicator,
                };
                warnings.push((
                    Problem::ValuesDisagree(Box::new(Disagreement {
                        indicator: ind.id.clone(),
                        year,
                        used,
                        used_from,
                        other,
                        other_from,
                    })),
                    place,
                ));
            }
        }
        let from = match kolada.get(&year) {
            Some(k) if same(*k, used) => ValueFrom::Kolada,
            _ => used_from,
        };
        ind.values.insert(year, used);
        prov.from.insert(year, from);
    }
    let uses = |f: ValueFrom| prov.from.values().any(|x| *x == f);
    if uses(ValueFrom::Kolada) {
        prov.kolada_fetched = fetched.map(|f| f.entry.fetched);
        prov.kolada_title = fetched.and_then(|f| f.entry.title.clone());
    }
    if uses(ValueFrom::Import) {
        prov.imported = imported.map(|i| i.entry.imported);
    }
    prov.updated = [prov.kolada_fetched, prov.imported, ind.updated]
        .into_iter()
        .flatten()
        .max();
    warnings
}

/// The stale-data warning for `ind`, if its newest value is more than `limit` years older
/// than `this_year`. An indicator without any value is not stale, only empty.
pub fn stale(ind: &Indicator, this_year: i16, limit: i32) -> Option<Problem> {
    let newest = ind
        .values
        .iter()
        .rev()
        .find(|(_, v)| v.is_some())
        .map(|(y, _)| *y)?;
    (i32::from(this_year) - newest > limit).then(|| Problem::StaleValues {
        indicator: ind.id.clone(),
        newest,
        limit,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use jiff::civil::Date;

    use super::*;
    use crate::model::{IndicatorSource, Unit};

    fn indicator(values: &[(i32, Option<f64>)]) -> Indicator {
        Indicator {
            id: "behorighet-ak9".into(),
            title: "Behöriga".into(),
            unit: Unit::Percent,
            higher_is_better: true,
            source: Some(IndicatorSource {
                name: "Kolada".into(),
                url: None,
                kpi: Some("N15419".into()),
                municipality: Some("1880".into()),
                ou: None,
                gender: None,
            }),
            baseline: None,
            target: None,
            values: values.iter().copied().collect(),
            notes: BTreeMap::new(),
            line: 7,
            updated: None,
            provenance: Default::default(),
        }
    }

    fn fetched(values: &[(i32, Option<f64>)]) -> Located<Fetched> {
        Located {
            line: 3,
            entry: Fetched {
                kpi: "N15419".into(),
                municipality: "1880".into(),
                ou: None,
                gender: "T".into(),
                title: Some("Elever i åk 9".into()),
                fetched: Date::constant(2026, 12, 1),
                values: values.iter().copied().collect(),
            },
        }
    }

    #[test]
    fn hand_typed_values_win_and_a_disagreement_is_reported_at_the_hand_value() {
        let mut ind = indicator(&[(2022, Some(82.0)), (2023, Some(83.4))]);
        let f = fetched(&[(2021, Some(81.2)), (2022, Some(82.0)), (2023, Some(83.9))]);
        let w = merge(&mut ind, Some(&f), None);
        assert_eq!(
            ind.values,
            BTreeMap::from([(2021, Some(81.2)), (2022, Some(82.0)), (2023, Some(83.4))])
        );
        assert_eq!(ind.provenance.kolada_years(), vec![2021, 2022]);
        assert_eq!(ind.provenance.from[&2023], ValueFrom::Hand);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].1, Place::HandValue(2023));
        assert!(matches!(
            &w[0].0,
            Problem::ValuesDisagree(d) if d.year == 2023 && d.other == Some(83.9)
        ));
        assert_eq!(ind.provenance.updated, Some(Date::constant(2026, 12, 1)));
    }

    #[test]
    fn an_imported_value_goes_before_kolada_and_their_difference_points_at_import_yaml() {
        let mut ind = indicator(&[]);
        let f = fetched(&[(2023, Some(83.9)), (2024, Some(84.0))]);
        let i = Located {
            line: 5,
            entry: Imported {
                file: "analys.xlsx".into(),
                imported: Date::constant(2026, 11, 2),
                values: BTreeMap::from([(2023, Some(83.4))]),
            },
        };
        let w = merge(&mut ind, Some(&f), Some(&i));
        assert_eq!(ind.values[&2023], Some(83.4));
        assert_eq!(ind.provenance.from[&2023], ValueFrom::Import);
        assert_eq!(ind.provenance.kolada_years(), vec![2024]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].1, Place::ImportFile(5));
        assert_eq!(ind.provenance.imported, Some(Date::constant(2026, 11, 2)));
    }

    #[test]
    fn null_is_kept_as_missing_and_values_of_another_kpi_are_not_used() {
        let mut ind = indicator(&[]);
        let f = fetched(&[(2024, None)]);
        merge(&mut ind, Some(&f), None);
        assert_eq!(ind.values, BTreeMap::from([(2024, None)]));

        let mut ind = indicator(&[]);
        let mut f = fetched(&[(2024, Some(1.0))]);
        f.entry.kpi = "N00001".into();
        let w = merge(&mut ind, Some(&f), None);
        assert!(ind.values.is_empty());
        assert!(matches!(w[0].0, Problem::FetchedOtherSeries { .. }));
    }

    #[test]
    fn stale_only_when_the_newest_value_is_older_than_the_limit() {
        let ind = indicator(&[(2022, Some(1.0)), (2024, None)]);
        assert!(stale(&ind, 2024, 2).is_none());
        assert!(matches!(
            stale(&ind, 2025, 2),
            Some(Problem::StaleValues { newest: 2022, .. })
        ));
        assert!(stale(&indicator(&[]), 2030, 2).is_none());
    }
}
