//! The data files framsteg owns beside the communicator's YAML: `content/plan/data/kolada.yaml`
//! (values fetched by `framsteg data kolada`) and `content/plan/data/import.yaml` (values read
//! by `framsteg data import`). Each maps an indicator id to its values per year and the date
//! they were fetched or imported. framsteg writes them whole (sorted, same bytes for the same
//! data) and never touches `plan.yaml` or the initiatives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Problem};
use crate::load::Text;

/// Where `framsteg data kolada` keeps what it fetched, relative to the site root.
pub const KOLADA_FILE: &str = "content/plan/data/kolada.yaml";
/// Where `framsteg data import` keeps what it read, relative to the site root.
pub const IMPORT_FILE: &str = "content/plan/data/import.yaml";

/// Year → value; `None` where the source publishes no value.
pub type Values = BTreeMap<i32, Option<f64>>;

/// One indicator's series as fetched from Kolada.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fetched {
    pub kpi: String,
    pub municipality: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ou: Option<String>,
    pub gender: String,
    /// Kolada's title of the KPI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub fetched: Date,
    pub values: Values,
}

/// One indicator's values as imported from a spreadsheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Imported {
    /// The file name the values were last imported from (no folder).
    pub file: String,
    pub imported: Date,
    pub values: Values,
}

/// An entry of a data file and the line its indicator id is written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub line: usize,
    pub entry: T,
}

/// A data file as loaded for a build: indicator id → its entry.
pub type Stored<T> = BTreeMap<String, Located<T>>;

const KOLADA_HEADER: &str = "# Värden hämtade från Kolada med `framsteg data kolada`. Ändra inte här: skriv ett\n# värde i plan.yaml (eller insatsens fil) i stället, så går det före, och hämta igen.\n";
const IMPORT_HEADER: &str = "# Värden inlästa med `framsteg data import FIL`. Ändra inte här: importera igen, eller\n# skriv ett värde i plan.yaml (eller insatsens fil), så går det före.\n";

/// Parses a data file's text; a mistake names the file, line and column.
pub fn parse<T: serde::de::DeserializeOwned>(
    rel: &Path,
    text: &str,
) -> Result<Stored<T>, Diagnostic> {
    let map: Option<BTreeMap<String, T>> = serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        Diagnostic::new(rel, line, column, Problem::YamlSyntax(msg))
    })?;
    let lines = Text::new(text, 0);
    Ok(map
        .unwrap_or_default()
        .into_iter()
        .map(|(id, entry)| {
            let line = lines.top_key(&id).map_or(1, |p| p.line);
            (id, Located { line, entry })
        })
        .collect())
}

/// Reads a data file from disk for a command (not a build): empty when it does not exist.
pub fn read<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &str,
) -> Result<BTreeMap<String, T>, Diagnostic> {
    let path = root.join(rel);
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let text = crate::load::read_text(root, Path::new(rel))?;
    Ok(parse::<T>(Path::new(rel), &text)?
        .into_iter()
        .map(|(id, l)| (id, l.entry))
        .collect())
}

/// The text of `kolada.yaml` for these series.
pub fn kolada_text(series: &BTreeMap<String, Fetched>) -> String {
    text(KOLADA_HEADER, series)
}

/// The text of `import.yaml` for these values.
pub fn import_text(values: &BTreeMap<String, Imported>) -> String {
    text(IMPORT_HEADER, values)
}

fn text<T: Serialize>(header: &str, map: &BTreeMap<String, T>) -> String {
    let mut out = header.to_string();
    if !map.is_empty() {
        // Serialising plain data to a string cannot fail.
        out.push_str(&serde_yaml::to_string(map).unwrap_or_default());
    }
    out
}

/// Writes `text` to `root/rel` through a temporary file beside it, so a reader never sees half
/// a file; creates `content/plan/data/` when needed.
pub fn write(root: &Path, rel: &str, text: &str) -> std::io::Result<PathBuf> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kolada_file_reads_back_what_was_written_with_lines() {
        let mut m = BTreeMap::new();
        m.insert(
            "behorighet-ak9".to_string(),
            Fetched {
                kpi: "N15419".into(),
                municipality: "1880".into(),
                ou: None,
                gender: "T".into(),
                title: Some("Elever i åk 9 behöriga".into()),
                fetched: Date::constant(2026, 12, 1),
                values: BTreeMap::from([(2021, Some(81.2)), (2022, None)]),
            },
        );
        let text = kolada_text(&m);
        assert!(text.starts_with("# Värden hämtade från Kolada"));
        let back: Stored<Fetched> = parse(Path::new(KOLADA_FILE), &text).unwrap();
        assert_eq!(back["behorighet-ak9"].entry, m["behorighet-ak9"]);
        assert_eq!(back["behorighet-ak9"].line, 3);
    }

    #[test]
    fn unknown_key_in_a_data_file_names_its_line() {
        let text = "x:\n  file: a.csv\n  imported: 2026-12-01\n  valuez: {}\n";
        let err = parse::<Imported>(Path::new(IMPORT_FILE), text).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(matches!(err.problem, Problem::YamlSyntax(m) if m.contains("valuez")));
    }
}
