//! `framsteg data kolada` against a local server that replays recorded Kolada v3 responses
//! (never the internet): values reach `kolada.yaml` and the charts, pages are followed, busy
//! and failing servers are retried, and an unreachable server is a clear error.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{texts, TestSite};
use framsteg::data::http::Patience;
use framsteg::data::kolada::{self, KoladaOptions};
use framsteg::data::DataError;
use jiff::civil::Date;

/// A reply: status, extra headers, body.
type Reply = (u16, Vec<(&'static str, String)>, String);

/// A local HTTP server answering each request with `answer(path, n)`, where `n` counts the
/// requests so far (from 0). Returns its base URL (`http://127.0.0.1:PORT/v3`) and the paths
/// it was asked for.
fn serve(
    answer: impl Fn(&str, usize) -> Reply + Send + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v3", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = first.split(' ').nth(1).unwrap_or("").to_string();
            log.lock().unwrap().push(path.clone());
            let (status, headers, body) = answer(&path, n);
            let mut head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    (base, asked)
}

fn ok(body: &str) -> Reply {
    (200, Vec::new(), body.to_string())
}

const PLAN: &str = "\
title: Handlingsplan för likvärdig skola
period: { start: 2022, end: 2027 }
goals:
  - id: kunskapskrav-ak9
    title: Fler elever når kunskapskraven
    indicators: [behorighet-ak9, betyg-svenska-ak6]
indicators:
  - id: behorighet-ak9
    title: Andel elever i åk 9 behöriga till gymnasiet
    unit: percent
    source: { name: Kolada, kpi: N15419, municipality: \"1880\" }
    values: { 2022: 82.0 }
  - id: betyg-svenska-ak6
    title: Andel elever i åk 6 med lägst E i svenska
    unit: percent
    source: { name: Kolada, kpi: N15488, municipality: \"1880\" }
";

/// Recorded shape of Kolada v3: page 1 has N15419, page 2 (via `next_url`) has N15488.
fn kolada_answer(base: String) -> impl Fn(&str, usize) -> Reply {
    move |path, _| {
        if path.starts_with("/v3/kpi/N15419,N15488") {
            return ok(r#"{"count":2,"values":[
                {"id":"N15419","title":"Elever i åk. 9 som är behöriga till yrkesprogram, hemkommun, andel (%)","is_divided_by_gender":true},
                {"id":"N15488","title":"Elever i åk 6 med lägst betyget E i svenska, kommunala skolor, andel (%)","is_divided_by_gender":true}],
                "next_url":null}"#);
        }
        let data = "/v3/data/kpi/N15419,N15488/municipality/1880/year/2022,2023,2024,2025,2026";
        if path == data {
            return ok(&format!(
                r#"{{"count":4,"values":[
                {{"kpi":"N15419","municipality":"1880","period":2022,"values":[
                  {{"gender":"K","value":84.0,"count":1,"status":""}},
                  {{"gender":"M","value":80.1,"count":1,"status":""}},
                  {{"gender":"T","value":82.0,"count":1,"status":""}}]}},
                {{"kpi":"N15419","municipality":"1880","period":2023,"values":[
                  {{"gender":"T","value":83.4,"count":1,"status":""}}]}},
                {{"kpi":"N15419","municipality":"1880","period":2024,"values":[
                  {{"gender":"T","value":null,"count":0,"status":"Saknas"}}]}}],
                "next_url":"{base}/data/kpi/N15419,N15488/municipality/1880/year/2022,2023,2024,2025,2026?page=2"}}"#
            ));
        }
        if path == format!("{data}?page=2") {
            return ok(r#"{"count":4,"values":[
                {"kpi":"N15488","municipality":"1880","period":2023,"values":[
                  {"gender":"T","value":89.6,"count":1,"status":""}]},
                {"kpi":"N15488","municipality":"1880","period":2025,"values":[
                  {"gender":"T","value":90.8,"count":1,"status":""}]}],
                "next_url":null}"#);
        }
        (404, Vec::new(), format!("{{\"error\":\"no {path}\"}}"))
    }
}

fn site() -> TestSite {
    let site = TestSite::fixture("site");
    site.write("content/plan/plan.yaml", PLAN);
    site
}

fn options(base: &str) -> KoladaOptions {
    KoladaOptions {
        base_url: base.to_string(),
        patience: Patience {
            timeout: Duration::from_secs(5),
            retries: 3,
            backoff: Duration::from_millis(10),
            max_wait: Duration::from_millis(50),
        },
        today: Date::constant(2026, 12, 1),
    }
}

#[test]
fn two_kpis_over_two_pages_become_values_in_the_data_file_and_the_charts() {
    let site = site();
    // The answers need the server's own base URL for `next_url`: bind first, then tell them.
    let slot: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let s = Arc::clone(&slot);
    let (base, asked) = serve(move |p, n| kolada_answer(s.lock().unwrap().clone())(p, n));
    *slot.lock().unwrap() = base.clone();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .arg("--root")
        .arg(&site.root)
        .args(["data", "kolada", "--base-url", &base])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Hämtade från Kolada: 2 indikatorer."),
        "{stdout}"
    );
    assert!(
        stdout.contains("betyg-svenska-ak6 (N15488, 1880): 2 värden, 2023–2025"),
        "{stdout}"
    );
    assert_eq!(
        asked.lock().unwrap().len(),
        3,
        "{:?}",
        asked.lock().unwrap()
    );

    let file = site.read_src("content/plan/data/kolada.yaml");
    let doc: serde_yaml::Value = serde_yaml::from_str(&file).unwrap();
    let b = &doc["behorighet-ak9"];
    assert_eq!(b["kpi"].as_str(), Some("N15419"));
    assert_eq!(b["gender"].as_str(), Some("T"));
    assert!(b["title"].as_str().unwrap().starts_with("Elever i åk. 9"));
    assert_eq!(b["values"][2022].as_f64(), Some(82.0));
    assert_eq!(b["values"][2023].as_f64(), Some(83.4));
    assert!(b["values"][2024].is_null() && b["values"].get(2024).is_some());
    assert_eq!(
        doc["betyg-svenska-ak6"]["values"][2025].as_f64(),
        Some(90.8)
    );

    site.build().unwrap();
    let page = site.html("plan/index.html");
    let rows = texts(&page, "#indikator-betyg-svenska-ak6 table tbody tr").join(" | ");
    assert!(
        rows.contains("202389,6") && rows.contains("202590,8"),
        "{rows}"
    );
    let svg = texts(&page, "#indikator-betyg-svenska-ak6 figcaption").join(" ");
    assert!(svg.contains("90,8"), "{svg}");
    let credit = texts(&page, "#indikator-behorighet-ak9 .source").join(" ");
    assert!(credit.contains("Källa: Kolada, hämtad"), "{credit}");
}

#[test]
fn a_busy_429_and_a_failing_500_are_retried_and_retry_after_is_respected() {
    let site = site();
    let slot: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let s = Arc::clone(&slot);
    let (base, asked) = serve(move |p, n| match n {
        0 => (429, vec![("retry-after", "0".to_string())], String::new()),
        2 => (500, Vec::new(), "oops".to_string()),
        _ => kolada_answer(s.lock().unwrap().clone())(p, n),
    });
    *slot.lock().unwrap() = base.clone();
    let fetch = kolada::fetch(&site.root, &options(&base)).expect("retried until it worked");
    assert_eq!(fetch.series["behorighet-ak9"].values[&2023], Some(83.4));
    assert_eq!(fetch.series["betyg-svenska-ak6"].values[&2025], Some(90.8));
    // Two pages and the titles, plus the two answers that were retried.
    assert_eq!(asked.lock().unwrap().len(), 5);
}

#[test]
fn a_server_that_keeps_failing_is_an_error_and_nothing_is_written() {
    let site = site();
    let (base, asked) = serve(|_, _| (503, Vec::new(), String::new()));
    let before = common::snapshot(&site.root);
    let err = match kolada::fetch(&site.root, &options(&base)) {
        Ok(_) => panic!("should fail"),
        Err(e) => e,
    };
    assert!(matches!(err, DataError::Fetch(_)), "{err:?}");
    assert!(err.to_string().contains("svarade 503 (4 försök)"), "{err}");
    assert_eq!(asked.lock().unwrap().len(), 4);
    assert_eq!(common::snapshot(&site.root), before);
}

#[test]
fn an_unreachable_server_says_the_computer_may_be_offline() {
    let site = site();
    // A port nothing listens on: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = kolada::fetch(&site.root, &options(&format!("http://127.0.0.1:{port}/v3")))
        .err()
        .expect("should fail");
    let text = err.to_string();
    assert!(text.contains("kunde inte nå 127.0.0.1"), "{text}");
    assert!(text.contains("internet"), "{text}");
}

#[test]
fn a_school_unit_and_a_gender_are_asked_for_as_the_source_says() {
    let site = site();
    site.edit(
        "content/plan/plan.yaml",
        "kpi: N15488, municipality: \"1880\" }",
        "kpi: N15488, municipality: \"1880\", ou: V15E188000101, gender: K }",
    );
    let (base, asked) = serve(|p, _| {
        if p.starts_with("/v3/oudata/kpi/N15488/ou/V15E188000101/year/") {
            return ok(
                r#"{"values":[{"kpi":"N15488","ou":"V15E188000101","period":2024,"values":[
                {"gender":"K","value":92.5},{"gender":"T","value":90.0}]}]}"#,
            );
        }
        ok(r#"{"values":[]}"#)
    });
    let fetch = kolada::fetch(&site.root, &options(&base)).unwrap();
    let f = &fetch.series["betyg-svenska-ak6"];
    assert_eq!(f.values[&2024], Some(92.5));
    assert_eq!(
        (f.ou.as_deref(), f.gender.as_str()),
        (Some("V15E188000101"), "K")
    );
    assert!(asked
        .lock()
        .unwrap()
        .iter()
        .any(|p| p.starts_with("/v3/data/kpi/N15419/")));
}
