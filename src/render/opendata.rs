//! Open data: `/data/plan.json` (with its JSON Schema beside it), `/data/initiatives.csv` (one
//! row per initiative) and `/data/indicators.csv` (one row per indicator and year, an empty
//! cell where a value is not published). UTF-8, header rows, same bytes for the same input.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::urls;
use super::{Content, OutputFile};
use crate::link::{IndicatorHome, Site};
use crate::model::{
    BudgetRow, Decision, Goal, Indicator, IndicatorSource, License, Milestone, YearRange, YearValue,
};

/// The JSON Schema of `plan.json`, published as `data/plan.schema.json`.
pub const SCHEMA: &str = include_str!("plan.schema.json");

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    url: &'a str,
    language: &'static str,
    license: Option<&'a License>,
}

#[derive(Serialize)]
struct PlanInfo<'a> {
    title: &'a str,
    period: &'a YearRange,
    decided: Option<&'a Decision>,
    goals: &'a [Goal],
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    id: &'a str,
    title: &'a str,
    unit: &'static str,
    higher_is_better: bool,
    source: Option<&'a IndicatorSource>,
    baseline: Option<YearValue>,
    target: Option<YearValue>,
    values: &'a BTreeMap<i32, Option<f64>>,
    notes: &'a BTreeMap<i32, String>,
    defined_in: &'a str,
    /// Year → `hand`, `import` or `kolada`: where the value came from.
    value_sources: BTreeMap<i32, &'static str>,
    /// When the Kolada values were fetched (`YYYY-MM-DD`), if any value is Kolada's.
    kolada_fetched: Option<String>,
    /// When the values were last fetched or updated (`YYYY-MM-DD`).
    updated: Option<String>,
}

/// Where each year's value came from, as the open data names it.
fn value_sources(ind: &Indicator) -> BTreeMap<i32, &'static str> {
    ind.values
        .keys()
        .map(|y| {
            let from = match ind.provenance.from.get(y) {
                Some(crate::model::ValueFrom::Kolada) => "kolada",
                Some(crate::model::ValueFrom::Import) => "import",
                _ => "hand",
            };
            (*y, from)
        })
        .collect()
}

#[derive(Serialize)]
struct Period {
    start: String,
    end: Option<String>,
}

#[derive(Serialize)]
struct InitiativeOut<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    owner: Option<&'a str>,
    period: Option<Period>,
    subjects: &'a [String],
    goals: &'a [String],
    summary: &'a str,
    budget: &'a [BudgetRow],
    milestones: &'a [Milestone],
    indicators: Vec<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    site: SiteInfo<'a>,
    plan: Option<PlanInfo<'a>>,
    indicators: Vec<IndicatorOut<'a>>,
    initiatives: Vec<InitiativeOut<'a>>,
}

/// Every indicator with the id of what defines it (`plan` or an initiative id), in id order.
fn indicators(site: &Site) -> Vec<(&Indicator, &str)> {
    site.indicators
        .iter()
        .filter_map(|(id, home)| {
            let defined_in = match home {
                IndicatorHome::Plan(_) => "plan",
                IndicatorHome::Initiative(n, _) => site.initiatives[*n].id.as_str(),
            };
            Some((site.indicator(id)?, defined_in))
        })
        .collect()
}

fn plan_json(site: &Site) -> String {
    let doc = PlanJson {
        site: SiteInfo {
            title: &site.config.title,
            url: &site.config.base_url,
            language: site.config.language.code(),
            license: site.config.data_license.as_ref(),
        },
        plan: site.plan.as_ref().map(|p| PlanInfo {
            title: &p.title,
            period: &p.period,
            decided: p.decided.as_ref(),
            goals: &p.goals,
        }),
        indicators: indicators(site)
            .into_iter()
            .map(|(i, defined_in)| IndicatorOut {
                id: &i.id,
                title: &i.title,
                unit: i.unit.id(),
                higher_is_better: i.higher_is_better,
                source: i.source.as_ref(),
                baseline: i.baseline,
                target: i.target,
                values: &i.values,
                notes: &i.notes,
                defined_in,
                value_sources: value_sources(i),
                kolada_fetched: i.provenance.kolada_fetched.map(|d| d.to_string()),
                updated: i.provenance.updated.or(i.updated).map(|d| d.to_string()),
            })
            .collect(),
        initiatives: site
            .initiatives
            .iter()
            .map(|i| InitiativeOut {
                id: &i.id,
                title: &i.title,
                status: i.status.id(),
                owner: i.owner.as_deref(),
                period: i.period.as_ref().map(|p| Period {
                    start: p.start.to_string(),
                    end: p.end.map(|d| d.to_string()),
                }),
                subjects: &i.subjects,
                goals: &i.goals,
                summary: &i.summary,
                budget: &i.budget,
                milestones: &i.milestones,
                indicators: i.indicators.iter().map(|x| x.id.as_str()).collect(),
                url: site.config.absolute(&urls::initiative(&i.id)),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// A cell a spreadsheet will not run as a formula (OWASP "CSV injection"): text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`. A number stays as it is,
/// so `-12.5` is still a negative number.
fn safe_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = s.parse::<f64>().is_ok_and(f64::is_finite)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if risky && !number {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let write = || -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(header)?;
        for r in &rows {
            w.write_record(r.iter().map(|c| safe_cell(c).into_owned()))?;
        }
        Ok(w.into_inner()?)
    };
    // Writing to memory cannot fail.
    write().unwrap_or_default()
}

fn number(x: f64) -> String {
    // Rust's shortest round-trip form: 82 → "82", 83.4 → "83.4".
    format!("{x}")
}

fn initiatives_csv(site: &Site) -> Vec<u8> {
    let header = [
        "id",
        "title",
        "status",
        "owner",
        "start",
        "end",
        "subjects",
        "goals",
        "budget_total_sek",
        "milestones_done",
        "milestones_total",
        "summary",
        "url",
    ];
    let rows = site
        .initiatives
        .iter()
        .map(|i| {
            let (done, total) = crate::progress::milestones_done(&i.milestones);
            vec![
                i.id.clone(),
                i.title.clone(),
                i.status.id().to_string(),
                i.owner.clone().unwrap_or_default(),
                i.period
                    .as_ref()
                    .map(|p| p.start.to_string())
                    .unwrap_or_default(),
                i.period
                    .as_ref()
                    .and_then(|p| p.end)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                i.subjects.join(";"),
                i.goals.join(";"),
                crate::progress::budget_total(&i.budget).to_string(),
                done.to_string(),
                total.to_string(),
                i.summary.clone(),
                site.config.absolute(&urls::initiative(&i.id)),
            ]
        })
        .collect();
    csv_bytes(&header, rows)
}

fn indicators_csv(site: &Site) -> Vec<u8> {
    let header = [
        "indicator_id",
        "indicator_title",
        "unit",
        "higher_is_better",
        "defined_in",
        "year",
        "value",
        "note",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
        "value_source",
        "kolada_fetched",
    ];
    let mut rows = Vec::new();
    for (ind, defined_in) in indicators(site) {
        let sources = value_sources(ind);
        let fetched = ind.provenance.kolada_fetched.map(|d| d.to_string());
        let years: std::collections::BTreeSet<i32> =
            ind.values.keys().chain(ind.notes.keys()).copied().collect();
        for year in years {
            let value = ind.values.get(&year).copied().flatten();
            rows.push(vec![
                ind.id.clone(),
                ind.title.clone(),
                ind.unit.id().to_string(),
                ind.higher_is_better.to_string(),
                defined_in.to_string(),
                year.to_string(),
                value.map(number).unwrap_or_default(),
                ind.notes.get(&year).cloned().unwrap_or_default(),
                ind.baseline.map(|b| b.year.to_string()).unwrap_or_default(),
                ind.baseline.map(|b| number(b.value)).unwrap_or_default(),
                ind.target.map(|t| t.year.to_string()).unwrap_or_default(),
                ind.target.map(|t| number(t.value)).unwrap_or_default(),
                sources.get(&year).copied().unwrap_or_default().to_string(),
                match sources.get(&year) {
                    Some(&"kolada") => fetched.clone().unwrap_or_default(),
                    _ => String::new(),
                },
            ]);
        }
    }
    csv_bytes(&header, rows)
}

/// The open-data files of a site.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let file = |path: &str, bytes: Vec<u8>| OutputFile {
        path: path.to_string(),
        content: Content::Bytes(bytes),
    };
    vec![
        file("data/plan.json", plan_json(site).into_bytes()),
        file("data/plan.schema.json", SCHEMA.as_bytes().to_vec()),
        file("data/initiatives.csv", initiatives_csv(site)),
        file("data/indicators.csv", indicators_csv(site)),
    ]
}

#[cfg(test)]
mod tests {
    use super::safe_cell;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(safe_cell("=1+1"), "'=1+1");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("-2+3"), "'-2+3");
        assert_eq!(safe_cell("-inf"), "'-inf");
        assert_eq!(safe_cell("\tx"), "'\tx");
        assert_eq!(safe_cell("-12.5"), "-12.5");
        assert_eq!(safe_cell("+3"), "+3");
        assert_eq!(safe_cell("Läsning"), "Läsning");
    }
}
