//! The budget chart: one vertical bar per year with its amount on top ("12 mnkr").

use std::fmt::Write;

use super::{
    c, draw_message, draw_x_axis, escape_xml, safe_id, svg_open, w, Chart, Scale, Table, BOTTOM,
    LEFT, RIGHT,
};
use crate::format;
use crate::model::Lang;

/// The budget chart with the element id `chart-budget`; use [`budget_chart_with_id`] when a
/// page shows more than one.
pub fn budget_chart(by_year: &[(i32, i64)], lang: Lang) -> Chart {
    budget_chart_with_id("budget", by_year, lang)
}

/// The budget chart of `by_year` (as from `crate::progress::budget_by_year`: one bar per entry,
/// in the order given), with element ids derived from `id` (see `safe_id`).
pub fn budget_chart_with_id(id: &str, by_year: &[(i32, i64)], lang: Lang) -> Chart {
    let id = safe_id(id);
    let sv = lang == Lang::Sv;
    let title = if sv {
        "Budget per år"
    } else {
        "Budget by year"
    }
    .to_string();
    let summary = summary(by_year, lang);
    let mut svg = String::new();
    svg_open(&mut svg, &id, "budget", &title);
    draw(&mut svg, by_year, lang);
    svg.push_str("</svg>\n");
    let table = Table {
        caption: title.clone(),
        headers: if sv {
            ["År", "Belopp"]
        } else {
            ["Year", "Amount"]
        }
        .map(String::from)
        .to_vec(),
        rows: by_year
            .iter()
            .map(|&(year, kr)| vec![year.to_string(), format::money_full(kr, lang)])
            .collect(),
    };
    Chart {
        svg,
        title,
        summary,
        table,
    }
}

fn draw(out: &mut String, by_year: &[(i32, i64)], lang: Lang) {
    if by_year.is_empty() {
        draw_x_axis(out);
        draw_message(out, empty_text(lang));
        return;
    }
    let min = by_year.iter().map(|&(_, kr)| kr).min().unwrap_or(0).min(0) as f64;
    let max = by_year.iter().map(|&(_, kr)| kr).max().unwrap_or(0).max(0) as f64;
    // An all-zero budget still gets a scale of whole kronor-millions.
    let scale = if min == max {
        Scale::new(0.0, 1_000_000.0)
    } else {
        Scale::new(min, max)
    };
    // Zero needs no unit beside "12 mnkr" and "24 mnkr".
    scale.draw(out, |v, _| match v.round() as i64 {
        0 => "0".to_string(),
        kr => format::money_short(kr, lang),
    });

    let slot = (RIGHT - LEFT) / by_year.len() as f64;
    let bar = (slot * 0.6).min(64.0);
    let zero = scale.y(0.0);
    // Value labels shrink on crowded charts and give way to the table when they cannot fit.
    let label_size = if slot >= 64.0 { 12 } else { 10 };
    let show_values = slot >= 40.0;

    out.push_str("<g class=\"chart-bar\" fill=\"currentColor\">\n");
    for (i, &(_, kr)) in by_year.iter().enumerate() {
        let x = LEFT + slot * (i as f64 + 0.5);
        let y = scale.y(kr as f64);
        let (top, height) = if y <= zero {
            (y, zero - y)
        } else {
            (zero, y - zero)
        };
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
            c(x - bar / 2.0),
            c(top),
            c(bar),
            c(height)
        );
    }
    out.push_str("</g>\n");
    w!(
        out,
        "<g class=\"chart-axis\" stroke=\"currentColor\">\n<line x1=\"{}\" y1=\"{z}\" x2=\"{}\" y2=\"{z}\"/>\n</g>\n",
        c(LEFT),
        c(RIGHT),
        z = c(zero)
    );
    out.push_str(
        "<g class=\"chart-label chart-label-x\" fill=\"currentColor\" text-anchor=\"middle\">\n",
    );
    for (i, &(year, kr)) in by_year.iter().enumerate() {
        let x = c(LEFT + slot * (i as f64 + 0.5));
        w!(
            out,
            "<text x=\"{x}\" y=\"{}\">{year}</text>\n",
            c(BOTTOM + 20.0)
        );
        if show_values {
            let y = scale.y(kr as f64);
            let ly = if kr >= 0 { y - 6.0 } else { y + 14.0 };
            w!(
                out,
                "<text class=\"chart-value\" font-size=\"{label_size}\" x=\"{x}\" y=\"{}\">{}</text>\n",
                c(ly),
                escape_xml(&format::money_short(kr, lang))
            );
        }
    }
    out.push_str("</g>\n");
}

fn empty_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "Ingen budget angiven.",
        Lang::En => "No budget given.",
    }
}

/// "Totalt 46 mnkr 2021–2027, mest 12 mnkr år 2022." (the earliest year wins a tie).
fn summary(by_year: &[(i32, i64)], lang: Lang) -> String {
    let sv = lang == Lang::Sv;
    let total = by_year
        .iter()
        .fold(0i64, |s, &(_, kr)| s.saturating_add(kr));
    let total = format::money_short(total, lang);
    let first = by_year.iter().map(|&(y, _)| y).min();
    let last = by_year.iter().map(|&(y, _)| y).max();
    let most = by_year.iter().copied().reduce(|best, e| {
        if e.1 > best.1 || (e.1 == best.1 && e.0 < best.0) {
            e
        } else {
            best
        }
    });
    match (first, last, most) {
        (Some(first), Some(last), Some((year, kr))) if first != last => {
            let kr = format::money_short(kr, lang);
            if sv {
                format!("Totalt {total} {first}–{last}, mest {kr} år {year}.")
            } else {
                format!("{total} in total {first}–{last}, most {kr} in {year}.")
            }
        }
        (Some(year), _, _) => {
            if sv {
                format!("Totalt {total} år {year}.")
            } else {
                format!("{total} in total in {year}.")
            }
        }
        _ => empty_text(lang).to_string(),
    }
}
