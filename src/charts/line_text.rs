//! The words of the line chart: its legend and label texts, its summary for screen readers and
//! its data table, in Swedish and English.

use crate::format;
use crate::model::{Indicator, Lang};
use crate::progress::Progress;

use super::{no_values_text, Table};

pub(super) struct Texts {
    pub(super) value: &'static str,
    pub(super) baseline: &'static str,
    pub(super) target: &'static str,
    pub(super) year: &'static str,
    pub(super) note: &'static str,
    pub(super) not_published: &'static str,
}

pub(super) fn texts(lang: Lang) -> Texts {
    match lang {
        Lang::Sv => Texts {
            value: "Värde",
            baseline: "Utgångsläge",
            target: "Mål",
            year: "År",
            note: "Kommentar",
            not_published: "Ej publicerat",
        },
        Lang::En => Texts {
            value: "Value",
            baseline: "Baseline",
            target: "Target",
            year: "Year",
            note: "Note",
            not_published: "Not published",
        },
    }
}

/// "83,4 % år 2023 — mål 90 % år 2027, 25 % av vägen från utgångsläget." and its variants for
/// a reached target, a wrong way, no baseline or no target; "Inga värden publicerade ännu."
/// without a published value.
pub(super) fn summary(ind: &Indicator, p: &Progress, lang: Lang) -> String {
    let Some(latest) = p.latest else {
        return no_values_text(lang).to_string();
    };
    let v = |x: f64| format::value(x, ind.unit, lang);
    let sv = lang == Lang::Sv;
    let mut s = if sv {
        format!("{} år {}", v(latest.value), latest.year)
    } else {
        format!("{} in {}", v(latest.value), latest.year)
    };
    let target = ind.target.map(|t| {
        if sv {
            format!("{} år {}", v(t.value), t.year)
        } else {
            format!("{} by {}", v(t.value), t.year)
        }
    });
    let baseline = ind.baseline.map(|b| {
        if sv {
            format!("{} år {}", v(b.value), b.year)
        } else {
            format!("{} in {}", v(b.value), b.year)
        }
    });
    match (target, baseline) {
        (Some(t), _) if p.reached => {
            s += &if sv {
                format!(" — målet {t} är nått")
            } else {
                format!(" — the target of {t} is reached")
            };
        }
        (t, Some(b)) if p.wrong_way => {
            if let Some(t) = t {
                s += &if sv {
                    format!(" — mål {t}")
                } else {
                    format!(" — target {t}")
                };
                s.push(',');
            } else {
                s += " —";
            }
            s += &if sv {
                format!(" sämre än utgångsläget {b}")
            } else {
                format!(" worse than the baseline of {b}")
            };
        }
        (Some(t), _) => {
            s += &if sv {
                format!(" — mål {t}")
            } else {
                format!(" — target {t}")
            };
            if let Some(share) = p.share_of_way {
                let pct = format::percent((share * 100.0).round(), lang);
                s += &if sv {
                    format!(", {pct} av vägen från utgångsläget")
                } else {
                    format!(", {pct} of the way from the baseline")
                };
            }
        }
        (None, Some(b)) if p.change_since_baseline.is_some() => {
            s += &if sv {
                format!(" — utgångsläge {b}")
            } else {
                format!(" — baseline {b}")
            };
        }
        (None, _) => {}
    }
    s.push('.');
    s
}

/// Year | Value | Note: a row for the baseline, one per year in `values` or `notes` (a `null`
/// value gets its note, else "Ej publicerat"), and one for the target.
pub(super) fn table(ind: &Indicator, lang: Lang) -> Table {
    let t = texts(lang);
    let v = |x: f64| format::value(x, ind.unit, lang);
    let mut rows = Vec::new();
    if let Some(b) = ind.baseline {
        rows.push(vec![b.year.to_string(), v(b.value), t.baseline.to_string()]);
    }
    let mut years: Vec<i32> = ind.values.keys().chain(ind.notes.keys()).copied().collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        let note = ind.notes.get(&year).cloned();
        let (value, note) = match ind.values.get(&year) {
            Some(Some(x)) => (v(*x), note.unwrap_or_default()),
            Some(None) => (
                String::new(),
                note.unwrap_or_else(|| t.not_published.to_string()),
            ),
            None => (String::new(), note.unwrap_or_default()),
        };
        rows.push(vec![year.to_string(), value, note]);
    }
    if let Some(tg) = ind.target {
        rows.push(vec![tg.year.to_string(), v(tg.value), t.target.to_string()]);
    }
    Table {
        caption: ind.title.clone(),
        headers: vec![t.year.to_string(), t.value.to_string(), t.note.to_string()],
        rows,
    }
}
