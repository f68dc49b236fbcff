//! `framsteg data kolada`: for every indicator whose `source` names a Kolada KPI and a
//! municipality (or a school unit, `ou`), fetch its values per year from Kolada's open API v3
//! and write them to `content/plan/data/kolada.yaml`, with the KPI's title and today's date.
//!
//! Requests are batched (at most 25 KPI ids and 25 years in one URL), pages are followed
//! (`next_url`, or `next_page` as a URL or a page number), the gender is `T` unless the source
//! says `gender: K` or `M`, and a `null` value stays a missing value. Nothing is written unless
//! every request succeeded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;
use serde_json::Value;

use super::http::{Client, Patience};
use super::report::tr;
use super::store::{self, Fetched, KOLADA_FILE};
use super::{BadResponse, DataError};
use crate::model::Lang;
use crate::model::{Indicator, KoladaSeries};

/// Kolada's API, version 3.
pub const DEFAULT_BASE_URL: &str = "https://api.kolada.se/v3";
/// Kolada takes at most this many ids of one kind in a URL.
const BATCH: usize = 25;
/// A guard against a server that keeps pointing at another page.
const MAX_PAGES: usize = 1000;

/// What `data kolada` says when no indicator names a Kolada KPI.
pub fn nothing_to_fetch(lang: Lang) -> String {
    tr(
        lang,
        "Ingen indikator anger en Kolada-KPI (source: { kpi: …, municipality: … }); inget hämtades.\n".into(),
        "No indicator names a Kolada KPI (source: { kpi: …, municipality: … }); nothing was fetched.\n".into(),
    )
}

pub struct KoladaOptions {
    /// The API root, such as [`DEFAULT_BASE_URL`] (tests point it at a local server).
    pub base_url: String,
    pub patience: Patience,
    /// The fetch date written to the file; values are asked for up to its year.
    pub today: Date,
}

/// What a fetch found: the new contents of `kolada.yaml` and the old, to compare.
pub struct Fetch {
    pub series: BTreeMap<String, Fetched>,
    pub previous: BTreeMap<String, Fetched>,
}

/// An indicator to fetch, and the first year worth asking for.
struct Want {
    id: String,
    series: KoladaSeries,
    first_year: i32,
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    values: Vec<Value>,
    #[serde(default)]
    next_url: Option<Value>,
    #[serde(default)]
    next_page: Option<Value>,
}

/// Fetches every Kolada indicator of the site at `root` and writes `kolada.yaml`.
pub fn fetch(root: &Path, opts: &KoladaOptions) -> Result<Fetch, DataError> {
    let (plan_start, indicators) = super::site_indicators(root)?;
    let wants: Vec<Want> = indicators
        .iter()
        .filter_map(|ind| {
            let series = ind.source.as_ref()?.kolada()?;
            Some(Want {
                id: ind.id.clone(),
                series,
                first_year: first_year(ind, plan_start, opts.today),
            })
        })
        .collect();
    // A broken kolada.yaml is framsteg's own and simply written anew.
    let previous = store::read::<Fetched>(root, KOLADA_FILE).unwrap_or_default();
    let client = Client::new(opts.patience.clone());
    let base = opts.base_url.trim_end_matches('/');

    // One group of requests per municipality or school unit.
    let mut groups: BTreeMap<(bool, &str), (BTreeSet<&str>, i32)> = BTreeMap::new();
    for w in &wants {
        let key = match &w.series.ou {
            Some(ou) => (true, ou.as_str()),
            None => (false, w.series.municipality.as_str()),
        };
        let g = groups.entry(key).or_insert((BTreeSet::new(), w.first_year));
        g.0.insert(&w.series.kpi);
        g.1 = g.1.min(w.first_year);
    }
    let this_year = i32::from(opts.today.year());
    let mut rows: Vec<Value> = Vec::new();
    for ((is_ou, place), (kpis, first)) in &groups {
        let kpis: Vec<&str> = kpis.iter().copied().collect();
        let years: Vec<String> = (*first..=this_year).map(|y| y.to_string()).collect();
        for k in kpis.chunks(BATCH) {
            for y in years.chunks(BATCH) {
                let url = if *is_ou {
                    format!(
                        "{base}/oudata/kpi/{}/ou/{place}/year/{}",
                        k.join(","),
                        y.join(",")
                    )
                } else {
                    format!(
                        "{base}/data/kpi/{}/municipality/{place}/year/{}",
                        k.join(","),
                        y.join(",")
                    )
                };
                rows.extend(pages(&client, base, &url)?);
            }
        }
    }
    let titles = titles(&client, base, &wants)?;
    let series = wants
        .iter()
        .map(|w| {
            let fetched = Fetched {
                kpi: w.series.kpi.clone(),
                municipality: w.series.municipality.clone(),
                ou: w.series.ou.clone(),
                gender: w.series.gender.clone(),
                title: titles.get(&w.series.kpi).cloned(),
                fetched: opts.today,
                values: values_of(&rows, &w.series),
            };
            (w.id.clone(), fetched)
        })
        .collect();
    Ok(Fetch { series, previous })
}

/// Writes the fetched series to `kolada.yaml`.
pub fn save(root: &Path, fetch: &Fetch) -> Result<std::path::PathBuf, DataError> {
    store::write(root, KOLADA_FILE, &store::kolada_text(&fetch.series))
        .map_err(|e| DataError::Io(format!("{KOLADA_FILE}: {e}")))
}

/// What a fetch found, for the terminal: one line per indicator with the years that changed.
pub fn summary(fetch: &Fetch, lang: Lang) -> String {
    let n = fetch.series.len();
    let mut out = tr(
        lang,
        format!("Hämtade från Kolada: {n} indikatorer.\n"),
        format!("Fetched from Kolada: {n} indicators.\n"),
    );
    out.push_str(&super::report::lines(
        fetch.series.iter().map(|(id, f)| {
            let place = f.ou.as_deref().unwrap_or(&f.municipality);
            let gender = if f.gender == "T" {
                String::new()
            } else {
                format!(", {}", f.gender)
            };
            (
                id.as_str(),
                format!(" ({}, {place}{gender})", f.kpi),
                fetch.previous.get(id).map(|p| &p.values),
                &f.values,
            )
        }),
        lang,
    ));
    out
}

/// The first year to ask for: the baseline, the first hand-typed value or the plan's start,
/// whichever is earliest; ten years back when none is known.
fn first_year(ind: &Indicator, plan_start: Option<i32>, today: Date) -> i32 {
    [
        ind.baseline.map(|b| b.year),
        ind.values.keys().next().copied(),
        plan_start,
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(i32::from(today.year()) - 10)
    .min(i32::from(today.year()))
}

/// Every row of every page of `url`.
fn pages(client: &Client, base: &str, url: &str) -> Result<Vec<Value>, DataError> {
    let mut out = Vec::new();
    let mut next = Some(url.to_string());
    let mut seen = 0;
    while let Some(url) = next.take() {
        seen += 1;
        if seen > MAX_PAGES {
            return Err(DataError::Response {
                url,
                problem: BadResponse::TooManyPages(MAX_PAGES),
            });
        }
        let text = client.get_text(&url)?;
        let page: Page = serde_json::from_str(&text).map_err(|e| DataError::Response {
            url: url.clone(),
            problem: BadResponse::NotJson(e.to_string()),
        })?;
        out.extend(page.values);
        next = next_url(base, &url, page.next_url.or(page.next_page));
    }
    Ok(out)
}

/// The next page's URL from `next_url`/`next_page`: a full URL, a path on the API's host, or a
/// page number for the current URL.
fn next_url(base: &str, current: &str, next: Option<Value>) -> Option<String> {
    match next? {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) if s.starts_with("http://") || s.starts_with("https://") => Some(s),
        Value::String(s) if s.starts_with('/') => {
            let scheme_end = base.find("://").map_or(0, |i| i + 3);
            let host_end = base[scheme_end..]
                .find('/')
                .map_or(base.len(), |i| i + scheme_end);
            Some(format!("{}{s}", &base[..host_end]))
        }
        Value::String(s) => s.parse::<u64>().ok().map(|n| with_page(current, n)),
        Value::Number(n) => n.as_u64().map(|n| with_page(current, n)),
        _ => None,
    }
}

/// `url` with its `page` query parameter set to `n`.
fn with_page(url: &str, n: u64) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .map(str::to_string)
        .collect();
    params.push(format!("page={n}"));
    format!("{path}?{}", params.join("&"))
}

/// Kolada's title of each KPI, asked for in batches.
fn titles(
    client: &Client,
    base: &str,
    wants: &[Want],
) -> Result<BTreeMap<String, String>, DataError> {
    let kpis: Vec<&str> = wants
        .iter()
        .map(|w| w.series.kpi.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut out = BTreeMap::new();
    for k in kpis.chunks(BATCH) {
        for v in pages(client, base, &format!("{base}/kpi/{}", k.join(",")))? {
            if let (Some(id), Some(title)) = (text(&v, "id"), text(&v, "title")) {
                out.insert(id, title);
            }
        }
    }
    Ok(out)
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The values of one series among the rows: year → value of its gender (`null` kept).
fn values_of(rows: &[Value], s: &KoladaSeries) -> BTreeMap<i32, Option<f64>> {
    let mut out = BTreeMap::new();
    for row in rows {
        let place_matches = match &s.ou {
            Some(ou) => text(row, "ou").as_deref() == Some(ou),
            None => text(row, "municipality").as_deref() == Some(&s.municipality),
        };
        if !place_matches || text(row, "kpi").as_deref() != Some(&s.kpi) {
            continue;
        }
        let Some(year) = text(row, "period")
            .or_else(|| text(row, "year"))
            .and_then(|y| y.parse::<i32>().ok())
        else {
            continue;
        };
        let points = row.get("values").and_then(Value::as_array);
        let point = points
            .into_iter()
            .flatten()
            .find(|p| text(p, "gender").as_deref() == Some(&s.gender));
        if let Some(p) = point {
            out.insert(year, p.get("value").and_then(Value::as_f64));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_page_may_be_a_url_a_path_or_a_number() {
        let base = "http://127.0.0.1:9/v3";
        let cur = "http://127.0.0.1:9/v3/data/kpi/N1/municipality/1880/year/2024";
        assert_eq!(
            next_url(base, cur, Some(Value::String("http://x/y?page=2".into()))),
            Some("http://x/y?page=2".into())
        );
        assert_eq!(
            next_url(base, cur, Some(Value::String("/v3/p?page=2".into()))),
            Some("http://127.0.0.1:9/v3/p?page=2".into())
        );
        assert_eq!(
            next_url(
                base,
                &format!("{cur}?page=1&per_page=2"),
                Some(Value::from(2))
            ),
            Some(format!("{cur}?per_page=2&page=2"))
        );
        assert_eq!(next_url(base, cur, Some(Value::Null)), None);
        assert_eq!(next_url(base, cur, None), None);
    }

    #[test]
    fn values_of_takes_the_asked_gender_and_keeps_null() {
        let rows: Vec<Value> = serde_json::from_str(
            r#"[{"kpi":"N1","municipality":"1880","period":2023,"values":[
                 {"gender":"K","value":80.0,"count":1,"status":""},
                 {"gender":"T","value":null,"count":0,"status":"Saknas"}]},
                {"kpi":"N2","municipality":"1880","period":2023,"values":[
                 {"gender":"T","value":5.0}]}]"#,
        )
        .unwrap();
        let mut s = KoladaSeries {
            kpi: "N1".into(),
            municipality: "1880".into(),
            ou: None,
            gender: "T".into(),
        };
        assert_eq!(values_of(&rows, &s), BTreeMap::from([(2023, None)]));
        s.gender = "K".into();
        assert_eq!(values_of(&rows, &s), BTreeMap::from([(2023, Some(80.0))]));
    }
}
