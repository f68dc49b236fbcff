//! SVG charts drawn at build time: an indicator's values over the years ([`line_chart`]) and a
//! budget per year ([`budget_chart`]), each with a title, a summary for screen readers and a
//! data table to show beside it. No JavaScript.
//!
//! Decision: hand-built SVG strings, no charting crate. These two charts are a few dozen
//! elements; a crate such as plotters would add dependencies and emit inline colours, styles
//! and fonts, while the portal needs markup that the theme styles with CSS classes only
//! (`chart-axis`, `chart-grid`, `chart-line`, `chart-point`, `chart-baseline`, `chart-target`,
//! `chart-bar`, `chart-label`), that works in forced-colours mode and print without CSS
//! (`currentColor` defaults), that is accessible (`role="img"` named by its `<title>`), and that
//! is byte-for-byte deterministic (coordinates always with one decimal). Numbers and labels
//! come from `crate::format`; all text is escaped with [`escape_xml`].

use std::fmt::Write;

use serde::Serialize;

use crate::format;
use crate::model::{Lang, Unit};

mod budget;
mod line;
mod line_text;
#[cfg(test)]
mod tests;

pub use budget::{budget_chart, budget_chart_with_id};
pub use line::line_chart;

/// A chart ready for a template: `svg` is safe markup to insert as it is (all text escaped);
/// `title`, `summary` and `table` are plain text for the template to escape as usual.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub svg: String,
    pub title: String,
    /// One or two sentences saying what the chart shows, for the figure's caption.
    pub summary: String,
    /// The chart's data as a table, for screen readers and for those who prefer numbers.
    pub table: Table,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The SVG's size in user units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 320.0;
/// The plot area inside it.
const LEFT: f64 = 84.0;
const RIGHT: f64 = 616.0;
const TOP: f64 = 44.0;
const BOTTOM: f64 = 276.0;

/// Escapes text for XML content and attribute values: `& < > " '`.
pub use crate::escape::markup as escape_xml;

/// An element id made of `[a-z0-9-]` only, prefixed `chart-`: "Behörighet åk 9" →
/// "chart-behorighet-ak-9". Swedish letters and common accents lose their marks; any other
/// character becomes a hyphen; runs of hyphens collapse.
pub fn safe_id(raw: &str) -> String {
    let mapped: String = raw
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'í' | 'ï' => 'i',
            c if c.is_ascii_lowercase() || c.is_ascii_digit() => c,
            _ => '-',
        })
        .collect();
    let mut id = String::from("chart");
    for part in mapped.split('-').filter(|p| !p.is_empty()) {
        id.push('-');
        id.push_str(part);
    }
    id
}

/// A coordinate with exactly one decimal, never "-0.0".
fn c(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".to_string()
    } else {
        s
    }
}

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}
pub(crate) use w;

/// Opens the `<svg>` with its title, its accessible name. The summary is not repeated inside
/// the SVG: templates show it as the figure's caption, and a screen reader would hear it twice.
fn svg_open(out: &mut String, id: &str, kind: &str, title: &str) {
    w!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-labelledby=\"{id}-title\" class=\"chart chart-kind-{kind}\" \
         font-size=\"12\">\n<title id=\"{id}-title\">{}</title>\n",
        escape_xml(title)
    );
}

/// A linear y scale over nice ticks.
struct Scale {
    ticks: Vec<f64>,
    lo: f64,
    hi: f64,
    /// Decimals that the tick step needs.
    decimals: usize,
}

impl Scale {
    /// 3–5 ticks at a step of 1, 2, 2.5 or 5 × 10ⁿ that cover `min..=max`.
    fn new(min: f64, max: f64) -> Scale {
        let (mut min, mut max) = if min <= max { (min, max) } else { (max, min) };
        if !(min.is_finite() && max.is_finite()) {
            (min, max) = (0.0, 1.0);
        }
        if max - min <= f64::EPSILON * max.abs().max(1.0) {
            let pad = if min == 0.0 { 1.0 } else { min.abs() * 0.1 };
            (min, max) = (min - pad, max + pad);
        }
        let e = (max - min).log10().floor();
        for exp in [e - 1.0, e, e + 1.0] {
            let base = 10f64.powf(exp);
            for m in [1.0, 2.0, 2.5, 5.0] {
                let step = m * base;
                let (lo_i, hi_i) = ((min / step).floor(), (max / step).ceil());
                if hi_i - lo_i <= 4.0 {
                    let (lo_i, hi_i) = (lo_i as i64, hi_i as i64);
                    return Scale {
                        ticks: (lo_i..=hi_i).map(|i| i as f64 * step).collect(),
                        lo: lo_i as f64 * step,
                        hi: hi_i as f64 * step,
                        decimals: (0..=12)
                            .find(|&d| {
                                let x = step * 10f64.powi(d);
                                (x - x.round()).abs() < 1e-6
                            })
                            .map_or(12, |d| d as usize),
                    };
                }
            }
        }
        // Not reached for finite input (the last step, 5 × 10^(e+1), always fits).
        Scale {
            ticks: vec![min, max],
            lo: min,
            hi: max,
            decimals: 2,
        }
    }

    /// The y coordinate of `v`.
    fn y(&self, v: f64) -> f64 {
        BOTTOM - (v - self.lo) / (self.hi - self.lo) * (BOTTOM - TOP)
    }

    /// Horizontal grid lines and their labels, made by `label`.
    fn draw(&self, out: &mut String, label: impl Fn(f64, usize) -> String) {
        out.push_str("<g class=\"chart-grid\" stroke=\"currentColor\" stroke-opacity=\"0.25\">\n");
        for &t in &self.ticks {
            let y = c(self.y(t));
            w!(
                out,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>\n",
                c(LEFT),
                c(RIGHT)
            );
        }
        out.push_str("</g>\n<g class=\"chart-label chart-label-y\" fill=\"currentColor\" text-anchor=\"end\">\n");
        for &t in &self.ticks {
            let text = escape_xml(&label(t, self.decimals));
            w!(
                out,
                "<text x=\"{}\" y=\"{}\">{text}</text>\n",
                c(LEFT - 8.0),
                c(self.y(t) + 4.0)
            );
        }
        out.push_str("</g>\n");
    }
}

/// A tick label for a value in `unit`, with the decimals the tick step needs.
fn tick_label(v: f64, unit: Unit, decimals: usize, lang: Lang) -> String {
    match unit {
        Unit::Percent => format::percent_decimals(v, decimals, lang),
        Unit::Sek if v.is_finite() => format::money_short(v.round() as i64, lang),
        _ => format::number(v, decimals, lang),
    }
}

/// The x axis line along the bottom of the plot area.
fn draw_x_axis(out: &mut String) {
    w!(
        out,
        "<g class=\"chart-axis\" stroke=\"currentColor\">\n<line x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\"/>\n</g>\n",
        c(LEFT),
        c(RIGHT),
        b = c(BOTTOM)
    );
}

/// A centred message in an otherwise empty plot area.
fn draw_message(out: &mut String, text: &str) {
    w!(
        out,
        "<text class=\"chart-label chart-empty\" fill=\"currentColor\" text-anchor=\"middle\" x=\"{}\" y=\"{}\">{}</text>\n",
        c((LEFT + RIGHT) / 2.0),
        c((TOP + BOTTOM) / 2.0),
        escape_xml(text)
    );
}

/// "Inga värden publicerade ännu." in `lang`.
fn no_values_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "Inga värden publicerade ännu.",
        Lang::En => "No values published yet.",
    }
}
