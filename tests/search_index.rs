//! The full-text search index in `sok/`, queried from Rust the way the theme's script queries
//! it (tests/common/search.rs): stemmed Swedish and English words, words found only in a
//! body, filters by kind, subject, school and year, sections for sub-results, drafts left out
//! of `build` and marked in `serve`, and a chunked index of which a query reads a little.

mod common;

use common::search::{Index, Order};
use common::{attrs, texts, TestSite};

fn built(site: &TestSite) -> Index {
    if let Err(f) = site.build() {
        panic!("build failed: {:?}", f.diags);
    }
    Index::open(&site.out(""))
}

const MATTE: &str = "content/articles/2024-03-04-matte.md";

/// An article whose body alone says `matematik`, under a heading of its own.
fn with_mathematics(site: &TestSite) {
    site.write(
        MATTE,
        "---\ntitle: Räkna med fler lärare\ndate: 2024-03-04\nsubjects: [so-no-matte]\nschool: Tallåsskolan\nsummary: Fler lärare i åk 4.\n---\nEleverna får mer tid.\n\n## Vad händer\n\nLektionerna i matematik blir fler, och skolornas bibliotek öppnar tidigare.\n",
    );
}

#[test]
fn a_stemmed_swedish_word_finds_its_other_forms() {
    let site = TestSite::fixture("site");
    with_mathematics(&site);
    let mut ix = built(&site);
    // Neither "matematiken" nor "skola" is written in the article.
    assert_eq!(ix.urls("matematiken"), ["/artiklar/matte/"]);
    assert_eq!(ix.stems("matematiken"), ["matematik"]);
    assert!(ix.urls("skola").contains(&"/artiklar/matte/".to_string()));
    assert!(ix.urls("finnsinteordet").is_empty());
}

#[test]
fn a_word_only_in_the_body_is_found_and_its_section_is_in_the_fragment() {
    let site = TestSite::fixture("site");
    with_mathematics(&site);
    let mut ix = built(&site);
    let ids = ix.search("bibliotek", Order::Relevance);
    assert_eq!(ids.len(), 1);
    let hit = ix.hit(ids[0]);
    assert_eq!(hit.title, "Räkna med fler lärare");
    assert_eq!(hit.kind, "article");
    assert_eq!(hit.fragment["c"], "Tallåsskolan");
    assert_eq!(hit.fragment["d"], "2024-03-04");
    let sections = hit.fragment["s"].as_array().unwrap();
    assert_eq!(sections[0][0], "");
    assert!(sections[0][1]
        .as_str()
        .unwrap()
        .starts_with("Fler lärare i åk 4. Eleverna får mer tid."));
    assert_eq!(
        sections[1][0], "vad-hander",
        "the heading's id, for a link to the section"
    );
    assert_eq!(sections[1][1], "Vad händer");
    assert!(sections[1][2]
        .as_str()
        .unwrap()
        .contains("skolornas bibliotek"));
}

#[test]
fn every_word_of_a_query_must_be_found_and_title_words_weigh_most() {
    let site = TestSite::fixture("site");
    with_mathematics(&site);
    site.write(
        "content/articles/2024-05-01-lektioner.md",
        "---\ntitle: Lektioner ute\ndate: 2024-05-01\nsubjects: [sprak]\n---\nUte i skogen.\n",
    );
    let mut ix = built(&site);
    assert_eq!(
        ix.urls("lektionerna"),
        ["/artiklar/lektioner/", "/artiklar/matte/"],
        "the title hit first"
    );
    assert_eq!(ix.urls("lektioner matematik"), ["/artiklar/matte/"]);
}

#[test]
fn filters_by_kind_subject_school_and_year_and_newest_first() {
    let site = TestSite::fixture("site");
    with_mathematics(&site);
    let mut ix = built(&site);
    let fn_day = ix.search("fn", Order::Newest);
    let urls: Vec<String> = fn_day.iter().map(|&id| ix.hit(id).url).collect();
    assert!(urls.len() >= 2, "{urls:?}");
    let story = ix.filter("kind", "story");
    let article = ix.filter("kind", "article");
    assert!(fn_day.iter().any(|id| story.contains(id)), "the story");
    assert!(fn_day.iter().any(|id| article.contains(id)), "the article");

    let school = ix.filter("school", "tallasskolan");
    let subject = ix.filter("subject", "so-no-matte");
    let in_2024 = ix.year(2024);
    let all = ix.search("eleverna", Order::Relevance);
    let math: Vec<usize> = all
        .iter()
        .copied()
        .filter(|id| school.contains(id) && subject.contains(id) && in_2024.contains(id))
        .collect();
    assert_eq!(math.len(), 1);
    assert_eq!(ix.hit(math[0]).url, "/artiklar/matte/");
    assert!(
        all.iter().any(|id| !school.contains(id)),
        "the filter leaves out other schools' articles"
    );
    // Newest first is id order: dates never rise.
    let dates: Vec<String> = ix
        .search("eleverna", Order::Newest)
        .into_iter()
        .filter_map(|id| ix.hit(id).fragment["d"].as_str().map(String::from))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn the_search_page_and_its_index_cover_every_kind_of_content_but_drafts() {
    let site = TestSite::fixture("site");
    let mut ix = built(&site);
    let doc = site.html("sok/index.html");
    assert_eq!(attrs(&doc, "form[role=search]", "method"), ["get"]);
    assert_eq!(attrs(&doc, "label[for=sok-falt]", "for").len(), 1);
    assert_eq!(
        texts(&doc, "noscript").len(),
        1,
        "says what to do without JavaScript"
    );
    assert!(site.out("sok.js").is_file());
    let docs = ix.meta["docs"].as_u64().unwrap() as usize;
    let urls: Vec<String> = (0..docs).map(|id| ix.hit(id).url).collect();
    for u in [
        "/artiklar/fn-dagen-angasskolan/",
        "/berattelser/angasskolan-firade-fn-dagen/",
        "/insatser/las-garanti/",
        "/om/",
        "/plan/",
    ] {
        assert!(urls.iter().any(|x| x == u), "{u} missing from {urls:?}");
    }
    assert!(ix.urls("hemligt").is_empty(), "no drafts in a build");
}

#[test]
fn an_english_site_stems_english_words() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.write(
        "content/articles/2024-03-04-running.md",
        "---\ntitle: Pupils running the library\ndate: 2024-03-04\nsubjects: [sprak]\n---\nThe happiest readers.\n",
    );
    let mut ix = built(&site);
    assert_eq!(ix.meta["lang"], "en");
    assert_eq!(ix.urls("runs"), ["/artiklar/running/"]);
    assert_eq!(ix.urls("libraries"), ["/artiklar/running/"]);
    assert_eq!(ix.urls("happiest"), ["/artiklar/running/"]);
}

/// `n` articles of made-up words (400: some hundred kilobytes of postings).
fn many_articles(site: &TestSite, n: usize) {
    for n in 0..n {
        let words: Vec<String> = (0..60)
            .map(|k| format!("ord{}x{}", (n * 7 + k * 13) % 997, k % 5))
            .collect();
        site.write(
            &format!("content/articles/2024-01-01-a{n}.md"),
            format!(
                "---\ntitle: Artikel {n}\ndate: 2024-01-01\nsubjects: [sprak]\n---\nGemensamt ord. {}\n",
                words.join(" ")
            ),
        );
    }
}

/// The files of a folder of the output, by name.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_rebuild_of_a_smaller_site_leaves_no_index_file_of_the_larger_one() {
    // The fragment files are written as they are made and the word chunks after, without
    // being on the list the build starts with: what the last build had must still go.
    let site = TestSite::fixture("site");
    many_articles(&site, 400);
    for _ in 0..3 {
        built(&site);
    }
    let before = names(&site.out("sok/ord"));
    for n in 100..400 {
        site.remove(&format!("content/articles/2024-01-01-a{n}.md"));
    }
    let mut ix = built(&site);
    let chunks = ix.meta["chunks"].as_array().expect("chunks").len();
    let want: Vec<String> = {
        let mut w: Vec<String> = (0..chunks).map(|n| format!("{n}.json")).collect();
        w.sort();
        w
    };
    assert!(before.len() > chunks, "{} → {chunks} chunks", before.len());
    assert_eq!(names(&site.out("sok/ord")), want);
    let docs = ix.meta["docs"].as_u64().expect("docs") as usize;
    let per_file = ix.meta["g"].as_u64().expect("g") as usize;
    assert_eq!(names(&site.out("sok/f")).len(), docs.div_ceil(per_file));
    assert_eq!(ix.search("gemensamt", Order::Relevance).len(), 100);
    // And a build with nothing changed gives the same index, byte for byte.
    let snapshot = common::snapshot(&site.out("sok"));
    built(&site);
    assert_eq!(common::snapshot(&site.out("sok")), snapshot);
}

#[test]
fn a_large_site_is_cut_in_chunks_and_a_query_reads_a_few_of_them() {
    let site = TestSite::fixture("site");
    many_articles(&site, 400);
    let mut ix = built(&site);
    let chunks = ix.meta["chunks"].as_array().unwrap().len();
    assert!(chunks > 4, "{chunks} chunks");
    assert_eq!(ix.search("gemensamt", Order::Relevance).len(), 400);
    let read: Vec<&String> = ix
        .fetched
        .keys()
        .filter(|k| k.starts_with("ord/"))
        .collect();
    assert!(read.len() <= 2, "{read:?}");
    // Every word is in the chunk meta.json sends a reader to.
    for k in 0..60 {
        let word = format!("ord{}x{}", (k * 13) % 997, k % 5);
        assert!(
            ix.urls(&word).contains(&"/artiklar/a0/".to_string()),
            "{word}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_indexes_drafts_marked_and_an_edit_after_the_reload() {
    let site = TestSite::fixture("site");
    let mut opts = framsteg::serve::ServeOptions::new(&site.root);
    opts.port = 0;
    opts.quiet = true;
    let handle = framsteg::serve::start(opts).await.expect("server starts");
    let base = handle.url();
    let query = move |q: &'static str| {
        let base = base.clone();
        tokio::task::spawn_blocking(move || {
            let mut ix = Index::with(move |rel| {
                let mut r = ureq::get(&format!("{base}sok/{rel}"))
                    .call()
                    .unwrap_or_else(|e| panic!("{rel}: {e}"));
                r.body_mut().read_to_vec().expect("body")
            });
            ix.search(q, Order::Relevance)
                .into_iter()
                .map(|id| ix.hit(id))
                .collect::<Vec<_>>()
        })
    };
    let hits = query("hemligt").await.expect("query");
    assert_eq!(hits.len(), 1, "the draft is in the preview's index");
    assert!(hits[0].draft, "and marked as a draft");
    assert_eq!(hits[0].url, "/artiklar/ett-utkast/");

    let before = handle.version();
    site.edit(
        "content/articles/2023-03-01-ett-utkast.md",
        "Inte klart än.",
        "Inte klart än, men snart om cirkusskolan.",
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while handle.version() == before && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let hits = query("cirkusskolan").await.expect("query");
    assert_eq!(hits.len(), 1, "the edit is found after the reload");
    handle.shutdown().await;
}
