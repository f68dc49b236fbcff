//! The line chart of one indicator: its values over the years, its baseline and its target.
//! Values are circles joined by a line that breaks at unpublished or absent years; the
//! baseline is a dashed line with a square; the target is a diamond, so shape and not colour
//! tells them apart.

use std::fmt::Write;

use super::{
    c, draw_message, draw_x_axis, escape_xml, no_values_text, safe_id, svg_open, tick_label, w,
    Chart, Scale, BOTTOM, LEFT, RIGHT,
};
use crate::format;
use crate::model::{Indicator, Lang};
use crate::progress::progress;

use super::line_text::{summary, table, texts};

/// Space inside the plot area at both ends, so edge markers and labels fit.
const PAD_X: f64 = 24.0;
/// At most this many year labels on the x axis.
const MAX_YEAR_LABELS: i64 = 12;

/// The chart of `ind`: years from the earliest of baseline and values to the latest of target
/// and values; a gap in the line for every year whose value is `null` or absent.
pub fn line_chart(ind: &Indicator, lang: Lang) -> Chart {
    let id = safe_id(&ind.id);
    let summary = summary(ind, &progress(ind), lang);
    let mut svg = String::new();
    svg_open(&mut svg, &id, "line", &ind.title);
    draw(&mut svg, ind, lang);
    svg.push_str("</svg>\n");
    Chart {
        svg,
        title: ind.title.clone(),
        summary,
        table: table(ind, lang),
    }
}

/// Maps years to x coordinates.
struct Years {
    first: i64,
    last: i64,
}

impl Years {
    fn x(&self, year: i32) -> f64 {
        if self.last == self.first {
            return (LEFT + RIGHT) / 2.0;
        }
        let share = (i64::from(year) - self.first) as f64 / (self.last - self.first) as f64;
        LEFT + PAD_X + share * (RIGHT - LEFT - 2.0 * PAD_X)
    }
}

fn draw(out: &mut String, ind: &Indicator, lang: Lang) {
    let years: Vec<i32> = ind
        .values
        .keys()
        .copied()
        .chain(ind.baseline.map(|b| b.year))
        .chain(ind.target.map(|t| t.year))
        .collect();
    let numbers: Vec<f64> = ind
        .values
        .values()
        .flatten()
        .copied()
        .chain(ind.baseline.map(|b| b.value))
        .chain(ind.target.map(|t| t.value))
        .collect();
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        draw_x_axis(out);
        draw_message(out, no_values_text(lang));
        return;
    };
    let xs = Years {
        first: i64::from(first),
        last: i64::from(last),
    };
    let min = numbers.iter().copied().fold(f64::INFINITY, f64::min);
    let max = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let scale = Scale::new(min, max);
    let unit = ind.unit;
    scale.draw(out, |v, d| tick_label(v, unit, d, lang));
    draw_x_axis(out);

    // Year labels, thinned so that at most MAX_YEAR_LABELS show.
    let step = (xs.last - xs.first) / MAX_YEAR_LABELS + 1;
    out.push_str(
        "<g class=\"chart-label chart-label-x\" fill=\"currentColor\" text-anchor=\"middle\">\n",
    );
    let mut year = xs.first;
    while year <= xs.last {
        if let Ok(y) = i32::try_from(year) {
            w!(
                out,
                "<text x=\"{}\" y=\"{}\">{y}</text>\n",
                c(xs.x(y)),
                c(BOTTOM + 20.0)
            );
        }
        year += step;
    }
    out.push_str("</g>\n");

    let t = texts(lang);
    if let Some(b) = ind.baseline {
        let (x, y) = (xs.x(b.year), scale.y(b.value));
        w!(
            out,
            "<g class=\"chart-baseline\" stroke=\"currentColor\" fill=\"currentColor\">\n\
             <line x1=\"{}\" y1=\"{yc}\" x2=\"{}\" y2=\"{yc}\" stroke-dasharray=\"6 4\"/>\n",
            c(LEFT),
            c(RIGHT),
            yc = c(y)
        );
        square(out, x, y);
        let label = format!("{} {}", t.baseline, format::value(b.value, unit, lang));
        // The label goes on the side of the line away from the target, where values are
        // less likely to be, unless that would run into the year labels.
        let towards_target_is_up = ind.target.is_none_or(|tg| tg.value >= b.value);
        let ly = if towards_target_is_up && y + 18.0 <= BOTTOM - 2.0 {
            y + 18.0
        } else {
            y - 8.0
        };
        w!(
            out,
            "<text class=\"chart-label\" stroke=\"none\" x=\"{}\" y=\"{}\">{}</text>\n</g>\n",
            c(LEFT + 4.0),
            c(ly),
            escape_xml(&label)
        );
    }
    if let Some(tg) = ind.target {
        let (x, y) = (xs.x(tg.year), scale.y(tg.value));
        out.push_str("<g class=\"chart-target\" fill=\"currentColor\">\n");
        diamond(out, x, y);
        let (anchor, lx) = if x > (LEFT + RIGHT) / 2.0 {
            ("end", x + 7.0)
        } else {
            ("start", x - 7.0)
        };
        let label = format!("{} {}", t.target, format::value(tg.value, unit, lang));
        w!(
            out,
            "<text class=\"chart-label\" text-anchor=\"{anchor}\" x=\"{}\" y=\"{}\">{}</text>\n</g>\n",
            c(lx),
            c(y - 12.0),
            escape_xml(&label)
        );
    }

    // Runs of consecutive published years; anything else breaks the line.
    let mut runs: Vec<Vec<(i32, f64)>> = Vec::new();
    let mut prev: Option<i32> = None;
    for (&year, v) in &ind.values {
        match v {
            Some(v) => {
                match runs.last_mut() {
                    Some(run) if prev.is_some_and(|p| i64::from(p) + 1 == i64::from(year)) => {
                        run.push((year, *v))
                    }
                    _ => runs.push(vec![(year, *v)]),
                }
                prev = Some(year);
            }
            None => prev = None,
        }
    }
    for run in runs.iter().filter(|r| r.len() > 1) {
        let points: Vec<String> = run
            .iter()
            .map(|&(yr, v)| format!("{},{}", c(xs.x(yr)), c(scale.y(v))))
            .collect();
        w!(
            out,
            "<polyline class=\"chart-line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" points=\"{}\"/>\n",
            points.join(" ")
        );
    }
    if !runs.is_empty() {
        out.push_str("<g class=\"chart-point\" fill=\"currentColor\">\n");
        for &(yr, v) in runs.iter().flatten() {
            circle(out, xs.x(yr), scale.y(v));
        }
        out.push_str("</g>\n");
    } else {
        draw_message(out, no_values_text(lang));
    }
    legend(
        out,
        !runs.is_empty(),
        ind.baseline.is_some(),
        ind.target.is_some(),
        lang,
    );
}

/// A legend along the top, naming each shape that the chart uses.
fn legend(out: &mut String, values: bool, baseline: bool, target: bool, lang: Lang) {
    let t = texts(lang);
    out.push_str("<g class=\"chart-legend\">\n");
    let mut x = LEFT;
    let y = 18.0;
    if values {
        out.push_str("<g class=\"chart-point\" fill=\"currentColor\">");
        circle(out, x + 6.0, y);
        out.push_str("</g>\n");
        legend_text(out, x + 16.0, y, t.value);
        x += 110.0;
    }
    if baseline {
        out.push_str("<g class=\"chart-baseline\" fill=\"currentColor\">");
        square(out, x + 6.0, y);
        out.push_str("</g>\n");
        legend_text(out, x + 16.0, y, t.baseline);
        x += 130.0;
    }
    if target {
        out.push_str("<g class=\"chart-target\" fill=\"currentColor\">");
        diamond(out, x + 6.0, y);
        out.push_str("</g>\n");
        legend_text(out, x + 16.0, y, t.target);
    }
    out.push_str("</g>\n");
}

fn legend_text(out: &mut String, x: f64, y: f64, text: &str) {
    w!(
        out,
        "<text class=\"chart-label\" fill=\"currentColor\" x=\"{}\" y=\"{}\">{}</text>\n",
        c(x),
        c(y + 4.0),
        escape_xml(text)
    );
}

fn circle(out: &mut String, x: f64, y: f64) {
    w!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"4\"/>\n", c(x), c(y));
}

fn square(out: &mut String, x: f64, y: f64) {
    w!(
        out,
        "<rect class=\"chart-marker\" stroke=\"none\" x=\"{}\" y=\"{}\" width=\"9\" height=\"9\"/>\n",
        c(x - 4.5),
        c(y - 4.5)
    );
}

fn diamond(out: &mut String, x: f64, y: f64) {
    w!(
        out,
        "<path class=\"chart-marker\" d=\"M{} {}L{} {}L{} {}L{} {}Z\"/>\n",
        c(x),
        c(y - 7.0),
        c(x + 7.0),
        c(y),
        c(x),
        c(y + 7.0),
        c(x - 7.0),
        c(y)
    );
}
