//! What the data commands tell the communicator: per indicator, how many values there are and
//! which years changed (`2023: 83,4 → 83,9`), in Swedish, as plain lines for the terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::store::Values;
use crate::format;
use crate::model::Lang;

/// One year whose value differs between the old and the new data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub year: i32,
    /// `None`: the year was not there; `Some(None)`: it was there without a value.
    pub old: Option<Option<f64>>,
    pub new: Option<Option<f64>>,
}

/// The years whose values differ, in year order.
pub fn changes(old: Option<&Values>, new: Option<&Values>) -> Vec<Change> {
    let empty = BTreeMap::new();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let years: std::collections::BTreeSet<i32> = old.keys().chain(new.keys()).copied().collect();
    years
        .into_iter()
        .filter_map(|year| {
            let (o, n) = (old.get(&year).copied(), new.get(&year).copied());
            (o != n).then_some(Change {
                year,
                old: o,
                new: n,
            })
        })
        .collect()
}

fn shown(v: Option<Option<f64>>, lang: Lang) -> String {
    match (v, lang) {
        (None, Lang::Sv) => "(saknas)".into(),
        (None, Lang::En) => "(none)".into(),
        (Some(None), _) => "–".into(),
        // Up to four decimals, trailing zeros dropped: 81.25 is not shown as 81,3.
        (Some(Some(x)), _) => format::number(x, 4, lang),
    }
}

/// The Swedish or the English text.
pub fn tr(lang: Lang, sv: String, en: String) -> String {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// "2021–2025" for the years of `values`, or "inga år".
fn span(values: &Values, lang: Lang) -> String {
    match (values.keys().next(), values.keys().next_back()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => tr(lang, "inga år".into(), "no years".into()),
    }
}

/// One line per indicator: `  id (what): N värden, 2021–2025; 2023: 83,4 → 83,9`.
pub fn lines<'a>(
    items: impl IntoIterator<Item = (&'a str, String, Option<&'a Values>, &'a Values)>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let word = tr(lang, "värden".into(), "values".into());
    for (id, what, old, new) in items {
        let n = new.values().filter(|v| v.is_some()).count();
        let _ = write!(out, "  {id}{what}: {n} {word}, {}", span(new, lang));
        let ch = changes(old, Some(new));
        if ch.is_empty() && old.is_some() {
            out.push_str(&tr(lang, "; inga ändringar".into(), "; no changes".into()));
        } else if !ch.is_empty() {
            let list: Vec<String> = ch
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} → {}",
                        c.year,
                        shown(c.old, lang),
                        shown(c.new, lang)
                    )
                })
                .collect();
            let _ = write!(out, "; {}", list.join(", "));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_lists_each_changed_year_old_to_new() {
        let old = BTreeMap::from([(2022, Some(82.0)), (2023, Some(83.4))]);
        let new = BTreeMap::from([(2022, Some(82.0)), (2023, Some(83.9)), (2024, None)]);
        let text = lines(
            [("behorighet-ak9", String::new(), Some(&old), &new)],
            Lang::Sv,
        );
        assert_eq!(
            text,
            "  behorighet-ak9: 2 värden, 2022–2024; 2023: 83,4 → 83,9, 2024: (saknas) → –\n"
        );
    }
}
