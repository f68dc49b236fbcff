//! Language-aware formatting of dates, numbers, percentages and amounts of money, in Swedish
//! ("19 maj 2022", "1 234,5", "72,5 %", "46 mnkr") and English ("19 May 2022", "1,234.5",
//! "72.5%", "SEK 46m"). Pure functions only; templates and charts call these so that the whole
//! site formats the same way.
//!
//! Conventions: the Swedish thousands separator and the space before `%` and units are
//! NO-BREAK SPACE (U+00A0); negative numbers use MINUS SIGN (U+2212); rounding is half away
//! from zero on the shortest decimal form of the number (so 0.1 + 0.2 rounds as 0.3 and 1.005
//! rounds to 1.01), and trailing zeros of the fraction are dropped ("90", not "90,0").

use jiff::civil::Date;

use crate::model::{Lang, Unit};

/// NO-BREAK SPACE, used between digit groups and before units in Swedish.
pub const NBSP: char = '\u{a0}';
/// MINUS SIGN, used for negative numbers in both languages.
pub const MINUS: char = '\u{2212}';

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of a month (1–12) in `lang`: "maj" / "May". Out of range gives "".
pub fn month_name(month: i8, lang: Lang) -> &'static str {
    let table = match lang {
        Lang::Sv => &MONTHS_SV,
        Lang::En => &MONTHS_EN,
    };
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| table.get(i).copied())
        .unwrap_or("")
}

/// A date written out: "19 maj 2022" (sv), "19 May 2022" (en).
pub fn date_long(d: Date, lang: Lang) -> String {
    format!("{} {} {}", d.day(), month_name(d.month(), lang), d.year())
}

/// A number with at most `decimals` decimals (trailing zeros dropped), digit groups and the
/// decimal mark of `lang`: sv "1 234,5", en "1,234.5"; negative numbers get "−".
/// A non-finite number (not expected in data) is written "–".
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    let Some((negative, int_part, frac_part)) = round_decimal(x, decimals) else {
        return "–".to_string();
    };
    let mut out = String::new();
    if negative {
        out.push(MINUS);
    }
    out.push_str(&group_digits(&int_part, lang));
    let frac = frac_part.trim_end_matches('0');
    if !frac.is_empty() {
        out.push(match lang {
            Lang::Sv => ',',
            Lang::En => '.',
        });
        out.push_str(frac);
    }
    out
}

/// A percentage (the value is already in percent), at most one decimal: sv "72,5 %", en "72.5%".
pub fn percent(x: f64, lang: Lang) -> String {
    percent_decimals(x, 1, lang)
}

/// [`percent`] with at most `decimals` decimals (for chart ticks such as "82,25 %").
pub fn percent_decimals(x: f64, decimals: usize, lang: Lang) -> String {
    let n = number(x, decimals, lang);
    match lang {
        Lang::Sv => format!("{n}{NBSP}%"),
        Lang::En => format!("{n}%"),
    }
}

/// An amount of money, short: millions with at most one decimal ("46 mnkr", "12,5 mnkr" /
/// "SEK 46m"), thousands under a million ("850 tkr" / "SEK 850k"), kronor under a thousand
/// ("500 kr" / "SEK 500").
pub fn money_short(kr: i64, lang: Lang) -> String {
    let abs = kr.unsigned_abs();
    // Thresholds are where the smaller unit would round up to 1 000 of itself.
    let (n, sv_unit, en_unit) = if abs >= 999_500 {
        (number(kr as f64 / 1e6, 1, lang), "mnkr", "m")
    } else if abs >= 1_000 {
        (number(kr as f64 / 1e3, 0, lang), "tkr", "k")
    } else {
        (number(kr as f64, 0, lang), "kr", "")
    };
    match lang {
        Lang::Sv => format!("{n}{NBSP}{sv_unit}"),
        Lang::En => format!("SEK{NBSP}{n}{en_unit}"),
    }
}

/// An amount of money in full: sv "46 000 000 kr", en "SEK 46,000,000".
pub fn money_full(kr: i64, lang: Lang) -> String {
    let mut n = String::new();
    if kr < 0 {
        n.push(MINUS);
    }
    n.push_str(&group_digits(&kr.unsigned_abs().to_string(), lang));
    match lang {
        Lang::Sv => format!("{n}{NBSP}kr"),
        Lang::En => format!("SEK{NBSP}{n}"),
    }
}

/// An indicator value in its unit: percent → [`percent`]; count → [`number`] with at most one
/// decimal; sek → [`money_full`] of the value rounded to whole kronor; ratio → [`number`] with
/// at most two decimals.
pub fn value(x: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent => percent(x, lang),
        Unit::Count => number(x, 1, lang),
        Unit::Sek if x.is_finite() => money_full(x.round() as i64, lang),
        Unit::Sek => "–".to_string(),
        Unit::Ratio => number(x, 2, lang),
    }
}

/// Rounds `x` half away from zero to `decimals` decimals, working on its shortest decimal
/// form. Returns (negative, integer digits, exactly `decimals` fraction digits); `negative` is
/// false when the rounded number is zero. `None` for NaN and infinities.
fn round_decimal(x: f64, decimals: usize) -> Option<(bool, String, String)> {
    if !x.is_finite() {
        return None;
    }
    // Rust's Display for f64 is the shortest string that reads back as the same number, and
    // never uses exponent notation.
    let s = x.abs().to_string();
    let (int_s, frac_s) = s.split_once('.').unwrap_or((&s, ""));
    let mut digits: Vec<u8> = int_s
        .bytes()
        .chain(frac_s.bytes().chain(std::iter::repeat(b'0')).take(decimals))
        .map(|b| b - b'0')
        .collect();
    let round_up = frac_s.as_bytes().get(decimals).is_some_and(|&b| b >= b'5');
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let to_string = |ds: &[u8]| ds.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    let int_part = to_string(&digits[..split]);
    let int_part = match int_part.trim_start_matches('0') {
        "" => "0".to_string(),
        trimmed => trimmed.to_string(),
    };
    let frac_part = to_string(&digits[split..]);
    let negative = x < 0.0 && digits.iter().any(|&d| d != 0);
    Some((negative, int_part, frac_part))
}

/// Puts the separator of `lang` between groups of three digits: "1234567" → "1 234 567".
fn group_digits(digits: &str, lang: Lang) -> String {
    let sep = match lang {
        Lang::Sv => NBSP,
        Lang::En => ',',
    };
    let len = digits.chars().count();
    let mut out = String::with_capacity(digits.len() + len / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang::{En, Sv};

    /// Makes expectations readable: `_` stands for NO-BREAK SPACE, `-` for MINUS SIGN.
    fn nb(s: &str) -> String {
        s.replace('_', "\u{a0}").replace('-', "\u{2212}")
    }

    #[test]
    fn date_long_writes_month_names_in_both_languages() {
        let d = jiff::civil::date(2022, 5, 19);
        assert_eq!(date_long(d, Sv), "19 maj 2022");
        assert_eq!(date_long(d, En), "19 May 2022");
        assert_eq!(
            date_long(jiff::civil::date(2022, 11, 2), Sv),
            "2 november 2022"
        );
        assert_eq!(
            date_long(jiff::civil::date(2022, 1, 1), En),
            "1 January 2022"
        );
        assert_eq!(
            date_long(jiff::civil::date(2022, 12, 31), Sv),
            "31 december 2022"
        );
    }

    #[test]
    fn month_name_out_of_range_is_empty() {
        assert_eq!(month_name(0, Sv), "");
        assert_eq!(month_name(13, En), "");
    }

    #[test]
    fn number_uses_decimal_comma_and_nbsp_groups_in_swedish() {
        assert_eq!(number(1234.5, 1, Sv), nb("1_234,5"));
        assert_eq!(number(72.5, 1, Sv), "72,5");
        assert_eq!(number(1_234_567.0, 0, Sv), nb("1_234_567"));
        assert_eq!(number(999.0, 0, Sv), "999");
    }

    #[test]
    fn number_uses_decimal_point_and_comma_groups_in_english() {
        assert_eq!(number(1234.5, 1, En), "1,234.5");
        assert_eq!(number(1_234_567.25, 2, En), "1,234,567.25");
    }

    #[test]
    fn number_drops_trailing_zeros() {
        assert_eq!(number(90.0, 1, Sv), "90");
        assert_eq!(number(83.4, 1, Sv), "83,4");
        assert_eq!(number(1.50, 2, En), "1.5");
        assert_eq!(number(0.0, 2, Sv), "0");
    }

    #[test]
    fn number_rounds_half_away_from_zero_on_the_decimal() {
        assert_eq!(number(0.1 + 0.2, 1, En), "0.3");
        assert_eq!(number(1.005, 2, En), "1.01");
        assert_eq!(number(2.5, 0, En), "3");
        assert_eq!(number(-2.5, 0, En), nb("-3"));
        assert_eq!(number(72.45, 1, Sv), "72,5");
        assert_eq!(number(99.96, 1, Sv), "100");
        assert_eq!(number(999.5, 0, Sv), nb("1_000"));
        assert_eq!(number(0.04, 1, Sv), "0");
    }

    #[test]
    fn number_writes_negatives_with_a_minus_sign_and_never_minus_zero() {
        assert_eq!(number(-1234.5, 1, Sv), nb("-1_234,5"));
        assert_eq!(number(-0.04, 1, Sv), "0");
        assert_eq!(number(-0.0, 0, En), "0");
    }

    #[test]
    fn number_of_a_non_finite_value_is_a_dash() {
        assert_eq!(number(f64::NAN, 1, Sv), "–");
        assert_eq!(number(f64::INFINITY, 1, En), "–");
    }

    #[test]
    fn percent_has_nbsp_before_the_sign_in_swedish_only() {
        assert_eq!(percent(72.5, Sv), nb("72,5_%"));
        assert_eq!(percent(72.5, En), "72.5%");
        assert_eq!(percent(80.0, Sv), nb("80_%"));
        assert_eq!(percent(-3.25, En), nb("-3.3%"));
        assert_eq!(percent_decimals(82.25, 2, Sv), nb("82,25_%"));
    }

    #[test]
    fn money_short_uses_millions_thousands_and_kronor() {
        assert_eq!(money_short(46_000_000, Sv), nb("46_mnkr"));
        assert_eq!(money_short(12_500_000, Sv), nb("12,5_mnkr"));
        assert_eq!(money_short(12_450_000, Sv), nb("12,5_mnkr"));
        assert_eq!(money_short(850_000, Sv), nb("850_tkr"));
        assert_eq!(money_short(500, Sv), nb("500_kr"));
        assert_eq!(money_short(0, Sv), nb("0_kr"));
        assert_eq!(money_short(1_500_000_000, Sv), nb("1_500_mnkr"));
        assert_eq!(money_short(-2_000_000, Sv), nb("-2_mnkr"));
    }

    #[test]
    fn money_short_in_english_is_sek_with_m_and_k() {
        assert_eq!(money_short(46_000_000, En), nb("SEK_46m"));
        assert_eq!(money_short(12_500_000, En), nb("SEK_12.5m"));
        assert_eq!(money_short(850_000, En), nb("SEK_850k"));
        assert_eq!(money_short(500, En), nb("SEK_500"));
    }

    #[test]
    fn money_short_never_says_a_thousand_thousands() {
        assert_eq!(money_short(999_499, Sv), nb("999_tkr"));
        assert_eq!(money_short(999_500, Sv), nb("1_mnkr"));
        assert_eq!(money_short(999, Sv), nb("999_kr"));
    }

    #[test]
    fn money_full_groups_all_digits() {
        assert_eq!(money_full(46_000_000, Sv), nb("46_000_000_kr"));
        assert_eq!(money_full(46_000_000, En), nb("SEK_46,000,000"));
        assert_eq!(money_full(-1_500, Sv), nb("-1_500_kr"));
        assert_eq!(
            money_full(i64::MIN, En),
            nb("SEK_-9,223,372,036,854,775,808")
        );
    }

    #[test]
    fn value_formats_by_unit() {
        assert_eq!(value(72.5, Unit::Percent, Sv), nb("72,5_%"));
        assert_eq!(value(72.5, Unit::Percent, En), "72.5%");
        assert_eq!(value(1234.56, Unit::Count, Sv), nb("1_234,6"));
        assert_eq!(value(12.0, Unit::Count, En), "12");
        assert_eq!(value(46_000_000.4, Unit::Sek, Sv), nb("46_000_000_kr"));
        assert_eq!(value(1500.5, Unit::Sek, En), nb("SEK_1,501"));
        assert_eq!(value(0.456, Unit::Ratio, Sv), "0,46");
        assert_eq!(value(1.5, Unit::Ratio, En), "1.5");
    }
}
