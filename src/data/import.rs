//! `framsteg data import FILE`: indicator values from the spreadsheets analysts keep, into
//! `content/plan/data/import.yaml` (never into `plan.yaml`, whose comments and layout are the
//! communicator's). Two shapes are understood, with headers in Swedish or English:
//!
//! - one row per indicator and year: columns `indikator` (or `id`, `indicator`, `kpi`), `år`
//!   (`year`) and `värde` (`value`);
//! - one row per indicator with the years as columns: `indikator | 2021 | 2022 | …`.
//!
//! The indicator is named by its id, its title, or its Kolada KPI. A value `–`, `-` or `..` is
//! missing (kept as such); an empty cell is missing in the first shape and not given in the
//! second. Every bad cell is reported by sheet and cell (`C7`), and then nothing is written.
//! `--dry-run` shows what would change (old → new per indicator and year) and writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::report::tr;
use super::sheet::{self, Cell, Grid, Reading};
use super::store::{self, Imported, Values, IMPORT_FILE};
use super::DataError;
use crate::diag::suggest;
use crate::model::{Indicator, Lang};

pub struct ImportOptions {
    pub file: PathBuf,
    /// Only this sheet of a workbook; by default every sheet with a recognised header row.
    pub sheet: Option<String>,
    /// The import date written to the file.
    pub today: Date,
    /// The language of the messages.
    pub lang: Lang,
}

/// What an import read and what `import.yaml` becomes.
pub struct Import {
    pub file_name: String,
    /// The sheets values were read from (none for CSV).
    pub sheets: Vec<String>,
    /// Indicator id → year → value, as read.
    pub read: BTreeMap<String, Values>,
    pub previous: BTreeMap<String, Imported>,
    pub next: BTreeMap<String, Imported>,
    /// Years read whose value is typed by hand, differently, in the plan or an initiative:
    /// the hand-typed values go first.
    pub hand_wins: BTreeMap<String, Values>,
}

/// Which column holds what, found in a header row.
struct Layout {
    header_row: usize,
    indicator: usize,
    /// The column names a KPI rather than an indicator id or title.
    by_kpi: bool,
    shape: Shape,
}

enum Shape {
    Long { year: usize, value: usize },
    Wide { years: Vec<(usize, i32)> },
}

/// A header cell made comparable: lowercase, å/ä → a, ö → o, letters and digits only.
fn normal(cell: &Cell) -> String {
    cell.text()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn year_of(cell: &Cell) -> Option<i32> {
    let t = cell.text();
    let y = t.strip_suffix(".0").unwrap_or(&t).parse::<i32>().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

fn layout(grid: &Grid) -> Option<Layout> {
    for (r, row) in grid.rows.iter().enumerate().take(20) {
        let names: Vec<String> = row.iter().map(normal).collect();
        let find = |set: &[&str]| names.iter().position(|n| set.contains(&n.as_str()));
        let by_id = find(&["indikator", "indikatorid", "indicator", "indicatorid", "id"]);
        let by_kpi = find(&["kpi", "kpiid", "nyckeltal", "nyckeltalsid"]);
        let Some((indicator, by_kpi)) = by_id.map(|c| (c, false)).or(by_kpi.map(|c| (c, true)))
        else {
            continue;
        };
        let year = find(&["ar", "year", "period"]);
        let value = find(&["varde", "value", "utfall"]);
        let shape = match (year, value) {
            (Some(year), Some(value)) => Shape::Long { year, value },
            _ => {
                let years: Vec<(usize, i32)> = row
                    .iter()
                    .enumerate()
                    .filter_map(|(c, cell)| year_of(cell).map(|y| (c, y)))
                    .collect();
                if years.is_empty() {
                    continue;
                }
                Shape::Wide { years }
            }
        };
        return Some(Layout {
            header_row: r,
            indicator,
            by_kpi,
            shape,
        });
    }
    None
}

/// Where a value was read, for errors: "analys.xlsx, blad Resultat, cell C7".
fn place(file: &str, grid: &Grid, row: usize, col: usize, lang: Lang) -> String {
    let cell = grid.cell_name(row, col);
    match (&grid.sheet, lang) {
        (Some(s), Lang::Sv) => format!("{file}, blad {s}, cell {cell}"),
        (Some(s), Lang::En) => format!("{file}, sheet {s}, cell {cell}"),
        (None, _) => format!("{file}, cell {cell}"),
    }
}

/// The indicator a cell names: by id, by title, or by Kolada KPI.
fn indicator_of<'a>(indicators: &'a [Indicator], text: &str, by_kpi: bool) -> Option<&'a str> {
    let kpi = || {
        let mut it = indicators.iter().filter(|i| {
            i.source
                .as_ref()
                .and_then(|s| s.kpi.as_deref())
                .is_some_and(|k| k.eq_ignore_ascii_case(text))
        });
        match (it.next(), it.next()) {
            (Some(i), None) => Some(i.id.as_str()),
            _ => None,
        }
    };
    if by_kpi {
        return kpi();
    }
    indicators
        .iter()
        .find(|i| i.id == text)
        .or_else(|| {
            indicators
                .iter()
                .find(|i| i.title.eq_ignore_ascii_case(text))
        })
        .map(|i| i.id.as_str())
        .or_else(kpi)
}

/// Reads `opts.file` and works out the new `import.yaml`; writes nothing.
pub fn import(root: &Path, opts: &ImportOptions) -> Result<Import, DataError> {
    let (_, indicators) = super::site_indicators(root)?;
    let file_name = opts.file.file_name().map_or_else(
        || opts.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let grids = sheet::read(&opts.file, opts.sheet.as_deref())
        .map_err(|e| DataError::Sheet(vec![e.message(opts.lang)]))?;
    let lang = opts.lang;
    let mut errors = Vec::new();
    let mut read: BTreeMap<String, Values> = BTreeMap::new();
    let mut seen: BTreeMap<(String, i32), (Option<f64>, String)> = BTreeMap::new();
    let mut sheets = Vec::new();
    let mut recognised = false;
    for grid in &grids {
        let Some(lay) = layout(grid) else { continue };
        recognised = true;
        sheets.extend(grid.sheet.clone());
        for (r, row) in grid.rows.iter().enumerate().skip(lay.header_row + 1) {
            let get = |c: usize| row.get(c).cloned().unwrap_or(Cell::Empty);
            let name = get(lay.indicator).text();
            if name.is_empty() {
                continue;
            }
            let Some(id) = indicator_of(&indicators, &name, lay.by_kpi) else {
                let near = suggest(&name, indicators.iter().map(|i| i.id.as_str()));
                let at = place(&file_name, grid, r, lay.indicator, lang);
                errors.push(match (lang, near) {
                    (Lang::Sv, Some(n)) => format!("{at}: okänd indikator `{name}` (menade du {n}?); skriv indikatorns id, titel eller Kolada-KPI"),
                    (Lang::Sv, None) => format!("{at}: okänd indikator `{name}`; skriv indikatorns id, titel eller Kolada-KPI"),
                    (Lang::En, Some(n)) => format!("{at}: unknown indicator `{name}` (did you mean {n}?); write the indicator's id, title or Kolada KPI"),
                    (Lang::En, None) => format!("{at}: unknown indicator `{name}`; write the indicator's id, title or Kolada KPI"),
                });
                continue;
            };
            let cells: Vec<(usize, Option<i32>, bool)> = match &lay.shape {
                Shape::Long { year, value } => {
                    let y = year_of(&get(*year));
                    if y.is_none() {
                        let (at, v) = (place(&file_name, grid, r, *year, lang), get(*year).text());
                        errors.push(tr(
                            lang,
                            format!("{at}: `{v}` är inget år; skriv året med fyra siffror, till exempel 2023"),
                            format!("{at}: `{v}` is not a year; write the year with four digits, for example 2023"),
                        ));
                        continue;
                    }
                    vec![(*value, y, true)]
                }
                Shape::Wide { years } => years.iter().map(|(c, y)| (*c, Some(*y), false)).collect(),
            };
            for (col, year, blank_is_missing) in cells {
                let Some(year) = year else { continue };
                let value = match sheet::reading(&get(col)) {
                    Some(Reading::Value(x)) => Some(x),
                    Some(Reading::Missing) => None,
                    Some(Reading::Blank) if blank_is_missing => None,
                    Some(Reading::Blank) => continue,
                    None => {
                        let (at, v) = (place(&file_name, grid, r, col, lang), get(col).text());
                        errors.push(tr(
                            lang,
                            format!("{at}: `{v}` är inget tal; skriv till exempel 81,2 eller 81.2, eller – för ett värde som saknas"),
                            format!("{at}: `{v}` is not a number; write for example 81.2 or 81,2, or – for a missing value"),
                        ));
                        continue;
                    }
                };
                let here = place(&file_name, grid, r, col, lang);
                match seen.get(&(id.to_string(), year)) {
                    Some((v, first)) if *v != value => errors.push(tr(
                        lang,
                        format!("{here}: `{id}` {year} står redan med ett annat värde i {first}"),
                        format!("{here}: `{id}` {year} already has another value in {first}"),
                    )),
                    _ => {
                        seen.insert((id.to_string(), year), (value, here));
                        read.entry(id.to_string()).or_default().insert(year, value);
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(DataError::Sheet(errors));
    }
    if !recognised {
        return Err(DataError::Sheet(vec![tr(
            lang,
            format!("{file_name}: ingen rubrikrad hittades; skriv kolumnerna indikator, år och värde, eller indikator och åren som kolumner (2021, 2022, …)"),
            format!("{file_name}: no header row was found; write the columns indicator, year and value, or indicator and the years as columns (2021, 2022, …)"),
        )]));
    }
    let previous = store::read::<Imported>(root, IMPORT_FILE).map_err(DataError::content)?;
    let mut next = previous.clone();
    for (id, values) in &read {
        let entry = next.entry(id.clone()).or_insert_with(|| Imported {
            file: file_name.clone(),
            imported: opts.today,
            values: Values::new(),
        });
        entry.file.clone_from(&file_name);
        entry.imported = opts.today;
        entry.values.extend(values.iter().map(|(y, v)| (*y, *v)));
    }
    let hand_wins = read
        .iter()
        .filter_map(|(id, values)| {
            let ind = indicators.iter().find(|i| &i.id == id)?;
            let typed: Values = values
                .iter()
                .filter_map(|(y, new)| ind.values.get(y).filter(|v| *v != new).map(|v| (*y, *v)))
                .collect();
            (!typed.is_empty()).then(|| (id.clone(), typed))
        })
        .collect();
    Ok(Import {
        file_name,
        sheets,
        read,
        previous,
        next,
        hand_wins,
    })
}

/// Writes the new `import.yaml`.
pub fn save(root: &Path, import: &Import) -> Result<PathBuf, DataError> {
    store::write(root, IMPORT_FILE, &store::import_text(&import.next))
        .map_err(|e| DataError::Io(format!("{IMPORT_FILE}: {e}")))
}

/// What an import read and changes, for the terminal.
pub fn summary(import: &Import, dry_run: bool, lang: Lang) -> String {
    let n: usize = import.read.values().map(|v| v.len()).sum();
    let m = import.read.len();
    let sheet = tr(lang, "blad".into(), "sheet".into());
    let from = match import.sheets.as_slice() {
        [] => import.file_name.clone(),
        many => format!("{} ({sheet} {})", import.file_name, many.join(", ")),
    };
    let mut out = tr(
        lang,
        format!("Läste {n} värden för {m} indikatorer ur {from}.\n"),
        format!("Read {n} values for {m} indicators from {from}.\n"),
    );
    out.push_str(&super::report::lines(
        import.read.keys().map(|id| {
            (
                id.as_str(),
                String::new(),
                import.previous.get(id).map(|p| &p.values),
                &import.next[id].values,
            )
        }),
        lang,
    ));
    for (id, typed) in &import.hand_wins {
        let years: Vec<String> = typed.keys().map(i32::to_string).collect();
        let years = years.join(", ");
        out.push_str(&tr(
            lang,
            format!("  Obs: `{id}` har andra värden inskrivna för hand för {years}; de går före de importerade.\n"),
            format!("  Note: `{id}` has other values typed by hand for {years}; those go before the imported ones.\n"),
        ));
    }
    if dry_run {
        out.push_str(&tr(
            lang,
            "Provkörning: inget skrevs. Kör utan --dry-run för att spara.\n".into(),
            "Dry run: nothing was written. Run without --dry-run to save.\n".into(),
        ));
    }
    out
}
