//! Hints in plain words for the YAML mistakes communicators make most, read from the source
//! line a diagnostic points at: a tab in the indentation (shown as `→`), a colon inside an
//! unquoted value (quote it), a decimal comma (`81,2` → `81.2`); and, for an unknown subject,
//! the ids that may be used. A hint is added beside the error's own message, never instead.

use crate::diag::Problem;
use crate::model::Lang;

/// A piece of advice beside an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// The line is indented with a tab; the line with each tab shown as `→`.
    Tab(String),
    /// An unquoted value holds `: `; the key and the value as written.
    QuoteColon { key: String, value: String },
    /// A number written with a decimal comma, and the same with a point.
    DecimalComma { written: String, meant: String },
    /// The subject ids of site.yaml.
    SubjectIds(Vec<String>),
}

impl Hint {
    /// The advice in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Hint::Tab(line), Lang::Sv) => format!(
                "raden är indragen med tabb (visas som →): `{line}`. YAML tillåter bara mellanslag som indrag; byt tabben mot mellanslag"
            ),
            (Hint::Tab(line), Lang::En) => format!(
                "the line is indented with a tab (shown as →): `{line}`. YAML allows only spaces for indentation; replace the tab with spaces"
            ),
            (Hint::QuoteColon { key, value }, Lang::Sv) => format!(
                "värdet innehåller kolon och mellanslag, som YAML läser som en ny nyckel. Sätt citattecken runt värdet: {key}: \"{value}\""
            ),
            (Hint::QuoteColon { key, value }, Lang::En) => format!(
                "the value holds a colon and a space, which YAML reads as a new key. Put quotes around the value: {key}: \"{value}\""
            ),
            (Hint::DecimalComma { written, meant }, Lang::Sv) => format!(
                "skriv decimaltal med punkt i YAML: {meant}, inte {written} (på webbplatsen visas det med komma)"
            ),
            (Hint::DecimalComma { written, meant }, Lang::En) => {
                format!("write decimals with a point in YAML: {meant}, not {written}")
            }
            (Hint::SubjectIds(ids), Lang::Sv) => {
                format!("ämnen skrivs med sitt id från site.yaml: {}", ids.join(", "))
            }
            (Hint::SubjectIds(ids), Lang::En) => {
                format!("subjects are written by their id from site.yaml: {}", ids.join(", "))
            }
        }
    }
}

/// The hint the source `line` gives for `problem`, if any.
pub fn for_line(line: &str, problem: &Problem) -> Option<Hint> {
    let indent: &str = &line[..line.len() - line.trim_start().len()];
    if indent.contains('\t') {
        return Some(Hint::Tab(line.replace('\t', "→")));
    }
    if let Some((written, meant)) = decimal_comma(line) {
        return Some(Hint::DecimalComma { written, meant });
    }
    if matches!(problem, Problem::YamlSyntax(_)) {
        return quote_colon(line);
    }
    None
}

/// A value that starts with digits, a comma and digits (`81,2`), after `:` or `- `.
fn decimal_comma(line: &str) -> Option<(String, String)> {
    let bytes = line.as_bytes();
    for (i, _) in line.match_indices(',') {
        let digits_before = line[..i]
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .count();
        let digits_after = line[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
        if digits_before == 0 || digits_after == 0 {
            continue;
        }
        let start = i - digits_before;
        let start = if start > 0 && bytes[start - 1] == b'-' {
            start - 1
        } else {
            start
        };
        let end = i + 1 + digits_after;
        let lead = line[..start].trim_end();
        let value_starts = lead.ends_with(':') || lead.ends_with('-') || lead.ends_with('[');
        let ends = line[end..]
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ',' | '}' | ']' | '#'));
        if value_starts && ends {
            let written = &line[start..end];
            return Some((written.to_string(), written.replace(',', ".")));
        }
    }
    None
}

/// `key: value` where the unquoted value holds `: ` (or ends with `:`).
fn quote_colon(line: &str) -> Option<Hint> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, value) = body.split_once(": ")?;
    let value = value.trim();
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let quoted = value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
    if plain_key && !quoted && (value.contains(": ") || value.ends_with(':')) {
        return Some(Hint::QuoteColon {
            key: key.to_string(),
            value: value.replace('"', "\\\""),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYNTAX: Problem = Problem::NotUtf8;

    #[test]
    fn finds_a_decimal_comma_only_where_a_number_is_the_value() {
        let d = |l: &str| decimal_comma(l).map(|(_, m)| m);
        assert_eq!(d("    value: 81,2"), Some("81.2".into()));
        assert_eq!(
            d("baseline: { year: 2021, value: 81,2 }"),
            Some("81.2".into())
        );
        assert_eq!(d("values: { 2022: 82,0, 2023: 83,4 }"), Some("82.0".into()));
        assert_eq!(d("value: -1,5 # minus"), Some("-1.5".into()));
        assert_eq!(d("title: Budget 1,5 miljoner"), None);
        assert_eq!(d("subjects: [a, b]"), None);
        assert_eq!(d("budget: 1,5 mnkr"), None);
    }

    #[test]
    fn shows_tabs_and_suggests_quotes() {
        assert_eq!(
            for_line("\t- sprak", &SYNTAX),
            Some(Hint::Tab("→- sprak".into()))
        );
        let yaml = Problem::YamlSyntax(String::new());
        assert_eq!(
            for_line("title: Läsning: en resa", &yaml),
            Some(Hint::QuoteColon {
                key: "title".into(),
                value: "Läsning: en resa".into()
            })
        );
        assert_eq!(for_line("title: \"Läsning: en resa\"", &yaml), None);
        assert_eq!(for_line("title: Läsning", &yaml), None);
    }
}
