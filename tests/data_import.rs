//! `framsteg data import FILE`: an XLSX with the years as columns and a CSV with one row per
//! indicator and year, both with Swedish decimal commas, become values in
//! `content/plan/data/import.yaml` and in the charts; a dry run changes no byte; bad cells are
//! named by sheet and cell; a hand-typed value that differs is reported.

mod common;

use std::path::Path;
use std::process::Output;

use common::{snapshot, texts, TestSite};
use rust_xlsxwriter::Workbook;

fn run(site: &TestSite, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .arg("--root")
        .arg(&site.root)
        .args(args)
        .env("FRAMSTEG_TODAY", "2026-12-01")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An analyst's workbook: a title row, then `Indikator | 2021 | 2022 | 2023 | 2024`, numbers as
/// numbers and as text with decimal commas, `–` for a missing value.
fn workbook(path: &Path, bad_cell: Option<&str>) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Resultat").unwrap();
    ws.write_string(0, 0, "Resultat grundskolan, hösten 2026")
        .unwrap();
    for (c, h) in ["Indikator", "2021", "2022", "2023", "2024"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "behorighet-ak9").unwrap();
    ws.write_number(3, 1, 81.2).unwrap();
    ws.write_string(3, 2, bad_cell.unwrap_or("82,5")).unwrap();
    ws.write_string(3, 3, "83,4").unwrap();
    ws.write_string(3, 4, "–").unwrap();
    ws.write_string(4, 0, "Elever som fått tidigt stöd")
        .unwrap();
    ws.write_number(4, 2, 150.0).unwrap();
    ws.write_number(4, 3, 230.0).unwrap();
    ws.write_string(4, 4, "260").unwrap();
    book.save(path).unwrap();
}

#[test]
fn an_xlsx_with_years_as_columns_and_decimal_commas_imports_into_the_data_file_and_charts() {
    let site = TestSite::fixture("site");
    let xlsx = site.root.join("resultat.xlsx");
    workbook(&xlsx, None);
    let out = run(&site, &["data", "import", xlsx.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Läste 7 värden för 2 indikatorer ur resultat.xlsx (blad Resultat)."),
        "{text}"
    );
    let file = site.read_src("content/plan/data/import.yaml");
    let doc: serde_yaml::Value = serde_yaml::from_str(&file).unwrap();
    let b = &doc["behorighet-ak9"];
    assert_eq!(b["file"].as_str(), Some("resultat.xlsx"));
    assert_eq!(b["imported"].as_str(), Some("2026-12-01"));
    assert_eq!(b["values"][2021].as_f64(), Some(81.2));
    assert_eq!(b["values"][2022].as_f64(), Some(82.5));
    assert!(b["values"]
        .get(2024)
        .is_some_and(serde_yaml::Value::is_null));
    // Found by its title; the empty 2021 cell is not given.
    assert_eq!(doc["tidiga-stod"]["values"][2023].as_f64(), Some(230.0));
    assert!(doc["tidiga-stod"]["values"].get(2021).is_none());

    // 2022 was typed by hand as 82.0: the hand-typed value stays, and the difference is told.
    assert!(
        text.contains("`behorighet-ak9` har andra värden inskrivna för hand för 2022;"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("content/plan/plan.yaml:18"),
        "{}",
        stderr(&out)
    );

    site.build().unwrap();
    let page = site.html("plan/index.html");
    let rows = texts(&page, "#indikator-behorighet-ak9 table tbody tr").join(" | ");
    assert!(rows.contains("| 202181,2"), "{rows}");
    assert!(rows.contains("202282"), "{rows}");
    let init = site.html("insatser/las-garanti/index.html");
    let rows = texts(&init, "#indikator-tidiga-stod table tbody tr").join(" | ");
    // 2023 is typed by hand (220) and stays; 2024 comes from the sheet.
    assert!(
        rows.contains("2023220") && rows.contains("2024260"),
        "{rows}"
    );
    let updated = texts(&init, "#indikator-tidiga-stod .updated");
    assert_eq!(updated, ["Uppgifterna uppdaterades 1 december 2026"]);
}

#[test]
fn a_csv_with_one_row_per_year_semicolons_and_decimal_commas_imports() {
    let site = TestSite::fixture("site");
    let csv = site.root.join("analys.csv");
    std::fs::write(
        &csv,
        "Indikator-id;År;Värde\nbehorighet-ak9;2025;85,6\nbehorighet-ak9;2026;..\nN15419;2027;\"86,1\"\n",
    )
    .unwrap();
    let out = run(&site, &["data", "import", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&site.read_src("content/plan/data/import.yaml")).unwrap();
    let v = &doc["behorighet-ak9"]["values"];
    assert_eq!(v[2025].as_f64(), Some(85.6));
    assert!(v.get(2026).is_some_and(serde_yaml::Value::is_null));
    // Named by its Kolada KPI.
    assert_eq!(v[2027].as_f64(), Some(86.1));
}

#[test]
fn a_dry_run_shows_old_and_new_and_changes_no_byte() {
    let site = TestSite::fixture("site");
    let csv = site.root.join("analys.csv");
    std::fs::write(&csv, "indicator,year,value\nbehorighet-ak9,2025,85.6\n").unwrap();
    assert!(run(&site, &["data", "import", csv.to_str().unwrap()])
        .status
        .success());
    std::fs::write(
        &csv,
        "indicator,year,value\nbehorighet-ak9,2025,85.9\nbehorighet-ak9,2026,86.0\n",
    )
    .unwrap();
    let before = snapshot(&site.root);
    let out = run(
        &site,
        &["data", "import", "--dry-run", csv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("2025: 85,6 → 85,9, 2026: (saknas) → 86"),
        "{text}"
    );
    assert!(text.contains("Provkörning: inget skrevs."), "{text}");
    assert_eq!(snapshot(&site.root), before);
}

#[test]
fn bad_cells_are_named_by_sheet_and_cell_and_nothing_is_written() {
    let site = TestSite::fixture("site");
    let xlsx = site.root.join("resultat.xlsx");
    workbook(&xlsx, Some("8l,2"));
    let before = snapshot(&site.root);
    let out = run(&site, &["data", "import", xlsx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("resultat.xlsx, blad Resultat, cell C4: `8l,2` är inget tal"),
        "{err}"
    );
    assert_eq!(snapshot(&site.root), before);

    let csv = site.root.join("fel.csv");
    std::fs::write(
        &csv,
        "indikator;år;värde\nbehorighet-ak8;2023;1\nbehorighet-ak9;20x3;1\n",
    )
    .unwrap();
    let err = stderr(&run(&site, &["data", "import", csv.to_str().unwrap()]));
    assert!(
        err.contains(
            "fel.csv, cell A2: okänd indikator `behorighet-ak8` (menade du behorighet-ak9?)"
        ),
        "{err}"
    );
    assert!(
        err.contains("fel.csv, cell B3: `20x3` är inget år"),
        "{err}"
    );
}

#[test]
fn an_english_site_gets_the_import_messages_in_english() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    let xlsx = site.root.join("resultat.xlsx");
    workbook(&xlsx, Some("8l,2"));
    let err = stderr(&run(&site, &["data", "import", xlsx.to_str().unwrap()]));
    assert!(
        err.contains("error: resultat.xlsx, sheet Resultat, cell C4: `8l,2` is not a number"),
        "{err}"
    );
    workbook(&xlsx, None);
    let out = run(
        &site,
        &["data", "import", "--dry-run", xlsx.to_str().unwrap()],
    );
    let text = stdout(&out);
    assert!(
        text.contains("Read 7 values for 2 indicators from resultat.xlsx (sheet Resultat)."),
        "{text}"
    );
    assert!(text.contains("2021: (none) → 81.2"), "{text}");
    assert!(text.contains("Dry run: nothing was written."), "{text}");
}
