//! Progress a citizen can see: the plan page, the initiative pages and the open data, checked
//! against the YAML they come from — for the test fixture and for the example site.

mod common;

use std::path::Path;

use common::{attrs, texts, TestSite};
use scraper::Html;
use serde_yaml::Value;

fn yaml(path: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_plan_page_shows_the_decision_date_and_budget_total_in_swedish() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("plan/index.html");
    let facts = texts(&doc, ".facts").join(" ");
    assert!(
        facts.contains("19 maj 2022 av Grundskolenämnden"),
        "{facts}"
    );
    assert!(facts.contains("46\u{a0}mnkr"), "{facts}");
    let totals = texts(&doc, "table.budget tfoot td");
    assert_eq!(totals[0], "46\u{a0}000\u{a0}000\u{a0}kr");
    assert_eq!(attrs(&doc, "a[href='/data/plan.json']", "href").len(), 1);
    assert!(texts(&doc, "#oppna-data").join(" ").contains("CC0 1.0"));
}

#[test]
fn an_indicator_chart_has_a_summary_and_a_data_table_beside_it() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("plan/index.html");
    let fig = texts(&doc, "#indikator-behorighet-ak9 figcaption");
    assert_eq!(
        fig,
        ["83,4\u{a0}% år 2023 — mål 90\u{a0}% år 2027, 25\u{a0}% av vägen från utgångsläget."]
    );
    assert_eq!(
        attrs(&doc, "#indikator-behorighet-ak9 svg", "role"),
        ["img"]
    );
    let rows = texts(&doc, "#indikator-behorighet-ak9 table tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("2024") && r.contains("sekretessbelagd")),
        "{rows:?}"
    );
    assert!(!attrs(
        &doc,
        "#indikator-behorighet-ak9 table th[scope=row]",
        "scope"
    )
    .is_empty());
}

#[test]
fn an_initiative_page_shows_status_budget_milestones_and_indicators() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let doc = site.html("insatser/las-garanti/index.html");
    assert_eq!(texts(&doc, ".facts .status"), ["▶ Pågår"]);
    let facts = texts(&doc, ".facts").join(" ");
    assert!(
        facts.contains("1 januari 2021 – 31 december 2027"),
        "{facts}"
    );
    assert_eq!(texts(&doc, ".timeline li.done").len(), 1);
    assert_eq!(texts(&doc, ".timeline li.upcoming").len(), 1);
    assert_eq!(texts(&doc, "table.budget tbody tr").len(), 2);
    assert_eq!(texts(&doc, "#indikator-tidiga-stod svg title").len(), 1);
    // The story that names the initiative is related to it.
    assert!(texts(&doc, ".related .card-title")
        .iter()
        .any(|t| t == "Berättelse om läsning"));
}

#[test]
fn the_initiatives_page_groups_by_status() {
    let site = TestSite::fixture("site");
    site.write(
        "content/plan/initiatives/ny.yaml",
        "title: En ny insats\nstatus: planned\nsubjects: [sprak]\n",
    );
    site.build().unwrap();
    let doc = site.html("insatser/index.html");
    let groups = texts(&doc, ".status-group h2");
    assert_eq!(groups, ["○ Planerad (1)", "▶ Pågår (1)"]);
}

#[test]
fn open_data_reads_back_equal_to_the_yaml() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let plan_yaml = yaml(&site.root.join("content/plan/plan.yaml"));
    let init_yaml = yaml(&site.root.join("content/plan/initiatives/las-garanti.yaml"));
    let json: serde_json::Value = serde_json::from_str(&site.read("data/plan.json")).unwrap();

    assert_eq!(json["plan"]["decided"]["date"], "2022-05-19");
    let ind = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "behorighet-ak9")
        .unwrap();
    let y_ind = &plan_yaml["indicators"][0];
    for year in [2022, 2023] {
        assert_eq!(
            ind["values"][year.to_string()].as_f64(),
            y_ind["values"][year].as_f64(),
            "value {year}"
        );
    }
    assert!(ind["values"]["2024"].is_null());
    assert_eq!(ind["notes"]["2024"], y_ind["notes"][2024].as_str().unwrap());
    let init = &json["initiatives"][0];
    assert_eq!(init["id"], "las-garanti");
    let budget = init["budget"].as_array().unwrap();
    let y_budget = init_yaml["budget"].as_sequence().unwrap();
    assert_eq!(budget.len(), y_budget.len());
    for (j, y) in budget.iter().zip(y_budget) {
        assert_eq!(j["amount"].as_i64(), y["amount"].as_i64());
        assert_eq!(j["year"].as_i64(), y["year"].as_i64());
        assert_eq!(j["source"].as_str(), y["source"].as_str());
    }
    assert!(site.read("data/plan.schema.json").contains("\"$schema\""));

    let indicators_csv = site.read("data/indicators.csv");
    let mut rdr = csv::Reader::from_reader(indicators_csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let b: Vec<_> = rows.iter().filter(|r| &r[0] == "behorighet-ak9").collect();
    assert_eq!(b.len(), 3, "one row per year");
    assert_eq!(&b[0][col("value")], "82");
    assert_eq!(&b[1][col("value")], "83.4");
    assert_eq!(&b[2][col("value")], "", "null is an empty cell");
    assert_eq!(&b[2][col("note")], "Uppgiften sekretessbelagd");

    let initiatives_csv = site.read("data/initiatives.csv");
    let mut rdr = csv::Reader::from_reader(initiatives_csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][8], "46000000");
    assert_eq!(&rows[0][6], "sprak;so-no-matte");
}

/// Every initiative of the example site shows status, budget and charts with tables, and the
/// plan's budget total is the sum of the YAML budgets.
#[test]
fn the_example_site_shows_progress_for_every_initiative() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("output");
    framsteg::pipeline::build(root, Some(dest.clone())).expect("the example site builds");
    let read = |rel: &str| Html::parse_document(&std::fs::read_to_string(dest.join(rel)).unwrap());

    let mut yaml_total = 0i64;
    let dir = root.join("content/plan/initiatives");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for f in files {
        let id = f.file_stem().unwrap().to_string_lossy().into_owned();
        let y = yaml(&f);
        let total: i64 = y["budget"]
            .as_sequence()
            .map(|rows| rows.iter().filter_map(|r| r["amount"].as_i64()).sum())
            .unwrap_or(0);
        yaml_total += total;
        let doc = read(&format!("insatser/{id}/index.html"));
        assert_eq!(texts(&doc, ".facts .status").len(), 1, "{id}: status");
        if total > 0 {
            assert_eq!(
                texts(&doc, "section[aria-labelledby=budget] svg").len(),
                1,
                "{id}: budget chart"
            );
            assert_eq!(
                texts(&doc, "section[aria-labelledby=budget] .chart-data table").len(),
                1,
                "{id}: chart table"
            );
        }
        for ind in y["indicators"].as_sequence().into_iter().flatten() {
            let ind_id = ind["id"].as_str().unwrap();
            let sel = format!("#indikator-{ind_id} svg");
            assert_eq!(texts(&doc, &sel).len(), 1, "{id}: chart for {ind_id}");
        }
    }
    let plan = read("plan/index.html");
    let total_text = texts(
        &plan,
        "section[aria-labelledby=budget] table.budget tfoot td",
    )[0]
    .clone();
    let digits: String = total_text.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(digits.parse::<i64>().unwrap(), yaml_total);
    assert!(!texts(&plan, ".goal svg").is_empty());
    assert!(!texts(&read("insatser/index.html"), ".status-group").is_empty());
}

#[test]
fn subject_pages_and_the_initiatives_page_roll_up_status_per_subject() {
    let site = TestSite::fixture("site");
    site.write(
        "content/plan/initiatives/ny.yaml",
        "title: En ny insats\nstatus: planned\nsubjects: [sprak]\n",
    );
    site.build().unwrap();
    let sprak = site.html("amnen/sprak/index.html");
    assert_eq!(
        texts(&sprak, ".status-phrase"),
        ["○ 1 av 2 insatser är planerade", "▶ 1 av 2 insatser pågår"]
    );
    // A subject without initiatives says nothing about them.
    assert!(texts(
        &site.html("amnen/blandade-amnen/index.html"),
        ".status-phrase"
    )
    .is_empty());
    let all = site.html("insatser/index.html");
    assert_eq!(
        texts(&all, "section[aria-labelledby=per-amne] h3"),
        ["Språk", "SO, NO och Matte"]
    );
}
