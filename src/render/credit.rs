//! How an indicator credits where its values came from: "Källa: Kolada, hämtad 1 december
//! 2026" only for values taken unchanged from Kolada (as Kolada's terms ask: values changed by
//! hand or imported from elsewhere are not credited to Kolada), and when the values were last
//! fetched or updated.

use serde::Serialize;

use crate::model::Indicator;

/// The Kolada credit of an indicator's page.
#[derive(Debug, Serialize)]
pub struct KoladaCredit {
    /// `YYYY-MM-DD`, for the `date_long` filter.
    pub fetched: String,
    /// Kolada's title of the KPI.
    pub title: Option<String>,
    /// The years credited, such as "2019–2022, 2024", when only some of the values shown are
    /// Kolada's; `None` when all are.
    pub years: Option<String>,
}

/// The credit, if any value shown is Kolada's.
pub fn kolada(ind: &Indicator) -> Option<KoladaCredit> {
    let p = &ind.provenance;
    let fetched = p.kolada_fetched?;
    let years = p.kolada_years();
    let all = years.len() == ind.values.len();
    Some(KoladaCredit {
        fetched: fetched.to_string(),
        title: p.kolada_title.clone(),
        years: (!all).then(|| year_ranges(&years)),
    })
}

/// When the values were last fetched or updated, unless the Kolada credit already says it.
pub fn updated(ind: &Indicator) -> Option<String> {
    let p = &ind.provenance;
    let updated = p.updated.or(ind.updated)?;
    (Some(updated) != p.kolada_fetched).then(|| updated.to_string())
}

/// Sorted years as runs: [2019, 2020, 2021, 2024] → "2019–2021, 2024".
pub fn year_ranges(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == y => *end = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_written_as_runs() {
        assert_eq!(year_ranges(&[2019, 2020, 2021, 2024]), "2019–2021, 2024");
        assert_eq!(year_ranges(&[2022]), "2022");
    }
}
