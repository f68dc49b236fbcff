//! The search index (pagefind, in `output/pagefind/`): a test site is built (and served) and
//! its index asked, from Rust, what a query finds — stemmed Swedish words, words only in a
//! body, the filters, drafts — the way the browser's search runtime reads it.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::pagefind::Index;
use common::{attrs, texts, TestSite};
use framsteg::serve::{self, ServeOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MATEMATIK: &str = "content/articles/2023-05-10-mer-matematik.md";
const ARTICLE: &str = "/artiklar/mer-matematik/";
const FN_DAGEN: &str = "/artiklar/fn-dagen-angasskolan/";
const LASGLADA: &str = "/artiklar/lasglada-elever/";
const DRAFT: &str = "/artiklar/ett-utkast/";

/// The test fixture with one more article: about mathematics, with a heading.
fn site() -> TestSite {
    let site = TestSite::fixture("site");
    site.write(
        MATEMATIK,
        "---\ntitle: Mer tid för matematik\ndate: 2023-05-10\nsubjects: [so-no-matte]\n\
         school: Hinnebäckskolan\nsummary: Eleverna i årskurs tre får en extra lektion.\n---\n\
         Lärarna har planerat lektionerna tillsammans.\n\n## Räknestugan\n\n\
         På onsdagar är räknestugan öppen. Där spelar eleverna ekvationsspel med matematik.\n",
    );
    site
}

fn set(urls: &[&str]) -> BTreeSet<String> {
    urls.iter().map(|u| u.to_string()).collect()
}

#[test]
fn every_kind_of_content_is_in_the_index_and_no_draft() {
    let site = site();
    site.build().unwrap();
    let index = Index::open(&site.out("pagefind"));
    assert_eq!(index.language, "sv");
    let urls = index.urls();
    for u in [
        FN_DAGEN,
        ARTICLE,
        "/berattelser/angasskolan-firade-fn-dagen/",
        "/insatser/las-garanti/",
        "/om/",
        "/plan/",
    ] {
        assert!(urls.contains(u), "{u} missing from {urls:?}");
    }
    assert!(!urls.contains(DRAFT), "a draft is not published");
    assert!(index.find("hemligt").is_empty());
    // The runtime is the crate's, served from the site; pagefind's own interfaces are not.
    for f in ["pagefind.js", "pagefind-worker.js", "wasm.sv.pagefind"] {
        assert!(site.out(&format!("pagefind/{f}")).is_file(), "{f}");
    }
    assert!(!site.out("pagefind/pagefind-ui.js").exists());
    assert!(
        !site.out("sok/index.json").exists(),
        "the old index is gone"
    );
}

#[test]
fn a_swedish_word_finds_its_other_forms() {
    let site = site();
    site.build().unwrap();
    let index = Index::open(&site.out("pagefind"));
    // The page says "matematik"; the query is in the definite form.
    assert_eq!(index.find("matematiken"), set(&[ARTICLE]));
    assert_eq!(index.find("matematik"), set(&[ARTICLE]));
    // "lektionerna" (body) and "lektion" (summary) are one word.
    assert_eq!(index.find("lektion"), set(&[ARTICLE]));
}

#[test]
fn a_word_only_in_the_body_is_found() {
    let site = site();
    site.build().unwrap();
    let index = Index::open(&site.out("pagefind"));
    assert_eq!(index.find("ekvationsspel"), set(&[ARTICLE]));
    // In a list in the FN-day article's body, not in its title or summary (and in the
    // story about the same day).
    let flags = index.find("flaggorna");
    assert!(
        flags.contains(FN_DAGEN) && !flags.contains(ARTICLE),
        "{flags:?}"
    );
}

#[test]
fn a_result_knows_its_title_kind_date_school_and_headings() {
    let site = site();
    site.build().unwrap();
    let index = Index::open(&site.out("pagefind"));
    let page = index.page(ARTICLE).expect("in the index");
    assert_eq!(page["meta"]["title"], "Mer tid för matematik");
    assert_eq!(page["meta"]["kind"], "Artikel");
    assert_eq!(page["meta"]["date"], "2023-05-10");
    assert_eq!(page["meta"]["school"], "Hinnebäckskolan");
    assert!(page["meta"].get("draft").is_none());
    // Sub-results: the heading, with the id the article page gives it.
    let anchors: Vec<&str> = page["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(anchors.contains(&"raknestugan"), "{anchors:?}");
    let article = site.html("artiklar/mer-matematik/index.html");
    assert_eq!(attrs(&article, "h2#raknestugan", "id").len(), 1);
}

#[test]
fn filters_by_kind_subject_school_and_year() {
    let site = site();
    site.build().unwrap();
    let index = Index::open(&site.out("pagefind"));
    let language = index.filter("subject", "Språk");
    assert!(language.contains(LASGLADA), "{language:?}");
    assert!(!language.contains(FN_DAGEN));
    let maths = index.filter("subject", "SO, NO och Matte");
    assert!(
        maths.contains(FN_DAGEN) && maths.contains(ARTICLE),
        "{maths:?}"
    );
    assert_eq!(
        index.filter("school", "Ängåsskolan"),
        set(&[FN_DAGEN, "/berattelser/angasskolan-firade-fn-dagen/"])
    );
    assert_eq!(index.filter("school", "Hinnebäckskolan"), set(&[ARTICLE]));
    assert!(index.filter("year", "2023").contains(ARTICLE));
    assert!(!index.filter("year", "2023").contains(FN_DAGEN));
    let kinds = index.filter_values("kind");
    for k in ["Artikel", "Berättelse", "Insats", "Sida"] {
        assert!(kinds.contains(k), "{kinds:?}");
    }
    assert!(index.filter("kind", "Sida").contains("/om/"));
}

#[test]
fn an_english_site_is_stemmed_in_english() {
    let site = site();
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.write(
        "content/articles/2023-06-01-reading.md",
        "---\ntitle: Reading together\ndate: 2023-06-01\nsubjects: [sprak]\n---\nThe schools opened their libraries.\n",
    );
    site.build().unwrap();
    let index = Index::open(&site.out("pagefind"));
    assert_eq!(index.language, "en");
    assert!(site.out("pagefind/wasm.en.pagefind").is_file());
    assert_eq!(index.find("library"), set(&["/artiklar/reading/"]));
    assert_eq!(index.find("school"), set(&["/artiklar/reading/"]));
}

#[test]
fn the_search_page_is_a_form_that_works_without_javascript() {
    let site = site();
    site.build().unwrap();
    let doc = site.html("sok/index.html");
    assert_eq!(attrs(&doc, "form[role=search]", "method"), ["get"]);
    assert_eq!(attrs(&doc, "form[role=search]", "action"), ["/sok/"]);
    assert_eq!(attrs(&doc, "label[for=sok-falt]", "for").len(), 1);
    assert_eq!(attrs(&doc, "#sok-status", "aria-live"), ["polite"]);
    // Every filter has its label; the filters stay hidden until the script has filled them.
    for id in ["sok-typ", "sok-amne", "sok-skola", "sok-ar", "sok-ordning"] {
        assert_eq!(
            attrs(&doc, &format!("label[for={id}]"), "for").len(),
            1,
            "{id}"
        );
    }
    assert_eq!(attrs(&doc, "#sok-filter", "hidden").len(), 1);
    // The values are in the page (the same as the index's), so that a first search need
    // not fetch the filter files.
    let schools = texts(&doc, "#sok-skola option");
    assert!(schools.contains(&"Ängåsskolan".to_string()), "{schools:?}");
    assert!(
        schools.contains(&"Hinnebäckskolan".to_string()),
        "{schools:?}"
    );
    assert!(texts(&doc, "#sok-amne option").contains(&"SO, NO och Matte".to_string()));
    assert_eq!(texts(&doc, "#sok-ar option")[1..], ["2023", "2022", "2021"]);
    assert!(texts(&doc, "#sok-typ option").contains(&"Berättelse".to_string()));
    assert_eq!(texts(&doc, "noscript").len(), 1);
    assert_eq!(
        attrs(&doc, "script[data-bundle]", "data-bundle"),
        ["/pagefind/"]
    );
    // Only the site's own files: no request to another host.
    let html = site.read("sok/index.html");
    assert!(!html.contains("http://") || !html.contains("<script src=\"http"));
    assert!(attrs(&doc, "script[src]", "src")
        .iter()
        .all(|s| s.starts_with('/')));
    assert!(site.out("sok.js").is_file());
}

/// `GET path` over HTTP/1.0, the body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, Vec<u8>) {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").as_bytes())
        .await
        .expect("send");
    let mut all = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut all))
        .await
        .expect("answer in time")
        .expect("read");
    let split = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    let status = std::str::from_utf8(&all[9..12]).unwrap().parse().unwrap();
    (status, all[split + 4..].to_vec())
}

/// Copies the served index into `dir` and opens it.
async fn served_index(addr: std::net::SocketAddr, dir: &std::path::Path) -> Index {
    let _ = std::fs::remove_dir_all(dir);
    for sub in ["", "fragment", "index", "filter"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let (status, entry) = get(addr, "/pagefind/pagefind-entry.json").await;
    assert_eq!(status, 200);
    std::fs::write(dir.join("pagefind-entry.json"), &entry).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&entry).unwrap();
    let hash = json["languages"]["sv"]["hash"].as_str().unwrap();
    let meta = format!("pagefind.{hash}.pf_meta");
    let (status, bytes) = get(addr, &format!("/pagefind/{meta}")).await;
    assert_eq!(status, 200);
    std::fs::write(dir.join(&meta), bytes).unwrap();
    let index = Index::open(dir);
    for f in index.files_listed() {
        let (status, bytes) = get(addr, &format!("/pagefind/{f}")).await;
        assert_eq!(status, 200, "{f}");
        std::fs::write(dir.join(&f), bytes).unwrap();
    }
    Index::open(dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_indexes_drafts_and_an_edit_shows_after_the_reload() {
    let site = site();
    let copy = tempfile::tempdir().unwrap();
    let mut opts = ServeOptions::new(&site.root);
    opts.port = 0;
    opts.quiet = true;
    let handle = serve::start(opts).await.expect("server starts");
    let addr = handle.addr();

    let index = served_index(addr, copy.path()).await;
    assert_eq!(
        index.find("hemligt"),
        set(&[DRAFT]),
        "drafts are searchable in serve"
    );
    assert_eq!(index.page(DRAFT).unwrap()["meta"]["draft"], "1");
    assert!(index.find("kanelbulle").is_empty());

    site.edit(MATEMATIK, "ekvationsspel", "ekvationsspel och kanelbullar");
    // The edit is in the index as soon as serve has it (a request waits for the new index).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let index = served_index(addr, copy.path()).await;
        if index.find("kanelbulle") == set(&[ARTICLE]) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the edit never reached the index"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    handle.shutdown().await;
}
