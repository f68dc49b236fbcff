//! Spreadsheets as grids of cells, for `framsteg data import`: a CSV file (`;`, `,` or tab
//! separated, as Excel saves it in Swedish or English) or a sheet of an XLSX/XLS/ODS workbook
//! (read with `calamine`). Each cell keeps its Excel-style name (`B7`) for error messages, and
//! numbers are read the way analysts write them: `81,2`, `81.2`, `1 234,5`, `81,2 %`, with
//! `–`, `-`, `..` or `x` for a value that is missing.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
}

impl Cell {
    /// The cell as text (a number as Rust writes it), trimmed.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(x) => format!("{x}"),
            Cell::Text(t) => t.trim().to_string(),
        }
    }
}

/// A sheet: its name (none for CSV) and its rows, with where the first cell sits (0-based row
/// and column), so that cells can be named as in Excel.
#[derive(Debug, Clone)]
pub struct Grid {
    pub sheet: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    pub origin: (u32, u32),
}

impl Grid {
    /// The Excel name of the cell at `row`, `col` of [`Grid::rows`]: `A1`, `B7`, `AA10`.
    pub fn cell_name(&self, row: usize, col: usize) -> String {
        let mut n = col as u32 + self.origin.1 + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.reverse();
        let letters: String = letters.into_iter().collect();
        format!("{letters}{}", row as u32 + self.origin.0 + 1)
    }
}

/// What a value cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// Nothing written.
    Blank,
    /// A mark for "no value" (`–`, `-`, `..`, `x`).
    Missing,
    Value(f64),
}

/// Reads a number as analysts write it; `None` when the cell holds something else.
pub fn reading(cell: &Cell) -> Option<Reading> {
    match cell {
        Cell::Empty => Some(Reading::Blank),
        Cell::Number(x) if x.is_finite() => Some(Reading::Value(*x)),
        Cell::Number(_) => None,
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Some(Reading::Blank);
            }
            if matches!(t, "–" | "—" | "-" | ".." | "..." | "x" | "X" | "NA" | "n/a") {
                return Some(Reading::Missing);
            }
            let t = t.trim_end_matches('%').trim_end();
            let cleaned: String = t
                .chars()
                .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
                .map(|c| match c {
                    ',' => '.',
                    '−' => '-',
                    c => c,
                })
                .collect();
            if cleaned.matches('.').count() > 1 {
                return None;
            }
            match cleaned.parse::<f64>() {
                Ok(x) if x.is_finite() => Some(Reading::Value(x)),
                _ => None,
            }
        }
    }
}

/// Why a file could not be read as a spreadsheet.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{file}: filen kunde inte läsas: {detail}")]
    Unreadable { file: String, detail: String },
    #[error("{file}: bladet `{sheet}` finns inte; blad i filen: {available}")]
    NoSheet {
        file: String,
        sheet: String,
        available: String,
    },
}

impl SheetError {
    /// The message in the site's language (`Display` is Swedish).
    pub fn message(&self, lang: crate::model::Lang) -> String {
        match (self, lang) {
            (_, crate::model::Lang::Sv) => self.to_string(),
            (SheetError::Unreadable { file, detail }, _) => {
                format!("{file}: the file could not be read: {detail}")
            }
            (
                SheetError::NoSheet {
                    file,
                    sheet,
                    available,
                },
                _,
            ) => {
                format!("{file}: there is no sheet `{sheet}`; sheets in the file: {available}")
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// Every sheet of the file (one for CSV), or only `sheet` when named.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Vec<Grid>, SheetError> {
    let file = file_name(path);
    let unreadable = |detail: String| SheetError::Unreadable {
        file: file.clone(),
        detail,
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "csv" | "txt" | "tsv") {
        let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
        return Ok(vec![csv_grid(&bytes).map_err(unreadable)?]);
    }
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let wanted: Vec<String> = match sheet {
        Some(s) => {
            if !names.iter().any(|n| n == s) {
                return Err(SheetError::NoSheet {
                    file,
                    sheet: s.to_string(),
                    available: names.join(", "),
                });
            }
            vec![s.to_string()]
        }
        None => names,
    };
    let mut grids = Vec::new();
    for name in wanted {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(e.to_string()))?;
        let rows = range
            .rows()
            .map(|r| r.iter().map(cell_of).collect())
            .collect();
        grids.push(Grid {
            sheet: Some(name),
            rows,
            origin: range.start().unwrap_or((0, 0)),
        });
    }
    Ok(grids)
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::DateTime(d) => Cell::Text(d.to_string()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// A CSV file as a grid: UTF-8 (with or without BOM) or, failing that, Windows-1252 as older
/// Excel saves it; separated by `;`, tab or `,`, whichever the first line uses most.
fn csv_grid(bytes: &[u8]) -> Result<Grid, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        // Windows-1252: Latin-1 for Swedish letters, plus its dashes.
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x96 => '–',
                0x97 => '—',
                b => char::from(b),
            })
            .collect(),
    };
    let first = text.lines().next().unwrap_or("");
    let sep = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|s| first.bytes().filter(|b| b == s).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        rows.push(
            record
                .iter()
                .map(|c| {
                    if c.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Grid {
        sheet: None,
        rows,
        origin: (0, 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_analysts_write_them() {
        let t = |s: &str| reading(&Cell::Text(s.into()));
        assert_eq!(t("81,2"), Some(Reading::Value(81.2)));
        assert_eq!(t("81.2"), Some(Reading::Value(81.2)));
        assert_eq!(t("1 234,5"), Some(Reading::Value(1234.5)));
        assert_eq!(t("81,2 %"), Some(Reading::Value(81.2)));
        assert_eq!(t("−3,5"), Some(Reading::Value(-3.5)));
        assert_eq!(t("–"), Some(Reading::Missing));
        assert_eq!(t(".."), Some(Reading::Missing));
        assert_eq!(t(""), Some(Reading::Blank));
        assert_eq!(t("8l,2"), None);
        assert_eq!(t("1.234.5"), None);
    }

    #[test]
    fn cells_are_named_as_in_excel() {
        let g = Grid {
            sheet: None,
            rows: Vec::new(),
            origin: (2, 1),
        };
        assert_eq!(g.cell_name(0, 0), "B3");
        assert_eq!(g.cell_name(4, 25), "AA7");
    }

    #[test]
    fn csv_with_semicolons_and_decimal_commas_splits_on_the_semicolon() {
        let g =
            csv_grid("\u{feff}indikator;år;värde\nbehorighet-ak9;2023;83,4\n".as_bytes()).unwrap();
        assert_eq!(g.rows[1][2], Cell::Text("83,4".into()));
    }
}
