//! `framsteg check --external` asks every http(s) link in the texts whether it works, against
//! a local server started here (never the internet): HEAD then GET, a timeout, a cache so a
//! second run asks only what failed, `link_check.skip` patterns, and nothing of it in `build`
//! or a plain `check`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use axum::routing::any;
use axum::Router;
use common::TestSite;
use framsteg::diag::{Diagnostic, Problem};
use framsteg::external::{self, Options};

const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";

/// A server on 127.0.0.1 with `/ok`, `/bara-get` (refuses HEAD), `/borta` (404) and
/// `/langsam` (answers after 3 s); the counter counts every request.
fn server() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = std::sync::mpsc::channel();
    let h = hits.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let count = |h: Arc<AtomicUsize>| {
                move |m: Method| {
                    let h = h.clone();
                    async move {
                        h.fetch_add(1, Ordering::SeqCst);
                        m
                    }
                }
            };
            let c = count(h);
            let app = Router::new()
                .route(
                    "/ok",
                    any({
                        let c = c.clone();
                        move |m: Method| async move {
                            c(m).await;
                            StatusCode::OK
                        }
                    }),
                )
                .route(
                    "/bara-get",
                    any({
                        let c = c.clone();
                        move |m: Method| async move {
                            if c(m).await == Method::HEAD {
                                StatusCode::METHOD_NOT_ALLOWED
                            } else {
                                StatusCode::OK
                            }
                        }
                    }),
                )
                .route(
                    "/borta",
                    any({
                        let c = c.clone();
                        move |m: Method| async move {
                            c(m).await;
                            StatusCode::NOT_FOUND
                        }
                    }),
                )
                .route(
                    "/langsam",
                    any({
                        let c = c.clone();
                        move |m: Method| async move {
                            c(m).await;
                            tokio::time::sleep(Duration::from_secs(3)).await;
                            StatusCode::OK
                        }
                    }),
                );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    let addr = rx.recv().unwrap();
    (format!("http://{addr}"), hits)
}

fn site_linking(base: &str, paths: &[&str]) -> TestSite {
    let site = TestSite::fixture("site");
    let links: Vec<String> = paths.iter().map(|p| format!("[l]({base}{p})")).collect();
    site.edit(LAS, "Text om läsning.", &links.join("\n"));
    site
}

fn opts(site: &TestSite) -> Options {
    Options {
        timeout: Duration::from_secs(1),
        pause: Duration::from_millis(5),
        ..Options::for_site(&site.root)
    }
}

fn broken(diags: &[Diagnostic]) -> Vec<(usize, usize, String, String)> {
    diags
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::BrokenLink { url, why } => Some((d.line, d.column, url.clone(), why.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn broken_external_links_are_errors_at_their_place() {
    let (base, _) = server();
    let site = site_linking(&base, &["/ok", "/bara-get", "/borta", "/langsam"]);
    let built = framsteg::pipeline::run(&site.root, false).unwrap();
    let found = broken(&external::check(&built.site, &opts(&site)));
    assert_eq!(
        found,
        [
            (9, 5, format!("{base}/borta"), "servern svarar 404".into()),
            (
                10,
                5,
                format!("{base}/langsam"),
                "inget svar inom tidsgränsen".into()
            ),
        ]
    );
}

#[test]
fn a_second_run_asks_only_the_links_that_failed() {
    let (base, hits) = server();
    let site = site_linking(&base, &["/ok", "/bara-get", "/borta"]);
    let built = framsteg::pipeline::run(&site.root, false).unwrap();
    assert_eq!(broken(&external::check(&built.site, &opts(&site))).len(), 1);
    // /ok: HEAD; /bara-get: HEAD, GET; /borta: HEAD, GET
    assert_eq!(hits.load(Ordering::SeqCst), 5);
    assert!(site.root.join(".framsteg-cache/links.json").is_file());
    assert_eq!(broken(&external::check(&built.site, &opts(&site))).len(), 1);
    assert_eq!(hits.load(Ordering::SeqCst), 7, "only /borta is asked again");
}

#[test]
fn skip_patterns_in_site_yaml_are_not_asked() {
    let (base, hits) = server();
    let site = site_linking(&base, &["/borta", "/ok"]);
    let yaml = site.read_src("content/site.yaml");
    site.write(
        "content/site.yaml",
        format!("{yaml}link_check:\n  skip: [\"http://127.0.0.1:*/borta\"]\n"),
    );
    let built = framsteg::pipeline::run(&site.root, false).unwrap();
    assert!(broken(&external::check(&built.site, &opts(&site))).is_empty());
    assert_eq!(hits.load(Ordering::SeqCst), 1, "only /ok was asked");
}

#[test]
fn only_check_external_asks_and_fails_on_a_broken_link() {
    let (base, hits) = server();
    let site = site_linking(&base, &["/borta"]);
    assert!(site.cli(&["check"]).status.success());
    assert!(site.cli(&["build"]).status.success());
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "check and build ask nothing"
    );
    let out = site.cli(&["check", "--external"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2023-02-08-lasglada-elever.md:7:5") && err.contains("404"),
        "{err}"
    );
}
