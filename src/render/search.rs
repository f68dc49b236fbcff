//! Full-text search: the site's pagefind index under `pagefind/`, made in memory with the
//! `pagefind` crate. Every article, story, initiative and free page, and the plan (its
//! goals and indicators), becomes one small HTML document made from what the site already
//! holds (title, summary, the rendered Markdown with its heading ids, so that a result can
//! point to a heading), with the filters kind, subject, school and year, and a date to sort
//! by. pagefind stems the words (Swedish, or English on `language: en` sites) and splits the
//! index into chunks that the browser loads only as a query needs them; its own search
//! runtime (`pagefind.js`, the WebAssembly for the language) comes from the crate and is
//! served from the site. The search page's interface is the theme's (`sok.js`).
//!
//! [`SearchInput`] holds what the index is made from (shared, cheap to take: `serve` takes
//! it on each rebuild and indexes after the browser has been told to reload).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use super::context::urls;
use super::{Content, OutputFile};
use crate::escape::markup;
use crate::link::Site;
use crate::model::{Article, Initiative, Lang, Page, Plan, Story};

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// The files of pagefind's bundle the site serves: the search runtime, the language's
/// WebAssembly and the index. Its own interfaces (`pagefind-ui.js`, …) are left out.
fn wanted(name: &str) -> bool {
    matches!(
        name,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || name.starts_with("wasm.")
        || name.ends_with(".pf_meta")
        || name.starts_with("index/")
        || name.starts_with("filter/")
        || name.starts_with("fragment/")
}

/// One searchable item, shared with the site it came from.
#[derive(Clone)]
enum Doc {
    Article(Arc<Article>),
    Story(Arc<Story>),
    Initiative(Arc<Initiative>),
    Page(Arc<Page>),
    Plan(Arc<Plan>),
}

/// What the index of a site is made from.
#[derive(Clone)]
pub struct SearchInput {
    docs: Vec<Doc>,
    lang: Lang,
    /// Subject id → name.
    subjects: BTreeMap<String, String>,
    /// Kind labels (from the theme's UI strings): article, story, initiative, page, plan.
    kinds: [String; 5],
}

impl SearchInput {
    /// Everything of `site` that search finds; `strings` are the theme's UI strings.
    pub fn new(site: &Site, strings: &BTreeMap<String, String>) -> SearchInput {
        let mut docs = Vec::with_capacity(
            site.articles.len() + site.stories.len() + site.initiatives.len() + site.pages.len(),
        );
        docs.extend(site.articles.iter().cloned().map(Doc::Article));
        docs.extend(site.stories.iter().cloned().map(Doc::Story));
        docs.extend(site.initiatives.iter().cloned().map(Doc::Initiative));
        docs.extend(site.pages.iter().cloned().map(Doc::Page));
        docs.extend(site.plan.iter().cloned().map(Doc::Plan));
        let label = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.into());
        SearchInput {
            docs,
            lang: site.config.language,
            subjects: site
                .config
                .subjects
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
            kinds: [
                label("kind_article"),
                label("kind_story"),
                label("kind_initiative"),
                label("search_kind_page"),
                label("nav_plan"),
            ],
        }
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Makes the index: the files of `pagefind/`, sorted by path. Call it from a thread that
    /// is not one of rayon's workers: pagefind uses rayon's pool, and waits for it.
    pub fn index(&self) -> Result<Vec<OutputFile>, String> {
        // pagefind is asynchronous; it gets a runtime of its own on a thread of its own, so
        // that this works as well inside `serve`'s runtime as in `build`.
        std::thread::scope(|s| {
            s.spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())?
                    .block_on(self.index_async())
            })
            .join()
            .unwrap_or_else(|_| Err("the search index could not be made".into()))
        })
    }

    async fn index_async(&self) -> Result<Vec<OutputFile>, String> {
        use pagefind::api::PagefindIndex;
        use pagefind::options::PagefindServiceConfig;
        let config = PagefindServiceConfig::builder()
            .force_language(self.lang.code().to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for doc in &self.docs {
            let (url, html) = self.document(doc);
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| e.to_string())?;
        }
        let mut files: Vec<OutputFile> = index
            .get_files()
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                wanted(&name).then(|| OutputFile {
                    path: format!("{DIR}/{name}"),
                    content: Content::Bytes(f.contents),
                })
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// One item as the URL path pagefind gives as its result (relative to the site's base
    /// path) and a small HTML document: everything in it is escaped or is the site's own
    /// sanitised Markdown HTML.
    fn document(&self, doc: &Doc) -> (String, String) {
        let mut d = DocWriter::new(self.lang);
        let url = match doc {
            Doc::Article(a) => {
                d.head(
                    &a.title,
                    &self.kinds[0],
                    Some(a.date),
                    a.draft || a.scheduled,
                );
                d.subjects(&self.subjects, &a.subjects);
                d.school(a.school.as_deref());
                d.text("p", &a.summary);
                d.raw(&a.body_html);
                urls::article(&a.slug)
            }
            Doc::Story(s) => {
                d.head(
                    &s.title,
                    &self.kinds[1],
                    Some(s.date),
                    s.draft || s.scheduled,
                );
                d.subjects(&self.subjects, &s.subjects);
                d.school(s.school.as_deref());
                d.text("p", &s.summary);
                d.raw(&s.body_html);
                urls::story(&s.slug)
            }
            Doc::Initiative(i) => {
                let start = i.period.as_ref().map(|p| p.start);
                d.head(&i.title, &self.kinds[2], start, i.draft);
                d.subjects(&self.subjects, &i.subjects);
                d.text("p", &i.summary);
                if let Some(owner) = &i.owner {
                    d.text("p", owner);
                }
                d.raw(&i.description_html);
                for m in &i.milestones {
                    d.text("p", &m.title);
                }
                for ind in &i.indicators {
                    d.text("p", &ind.title);
                }
                urls::initiative(&i.id)
            }
            Doc::Page(p) => {
                d.head(&p.title, &self.kinds[3], None, false);
                d.text("p", p.summary.as_deref().unwrap_or(""));
                d.raw(&p.body_html);
                format!("{}/", p.slug)
            }
            Doc::Plan(p) => {
                d.head(&p.title, &self.kinds[4], None, false);
                d.raw(&p.summary_html);
                for g in &p.goals {
                    d.text("h2", &g.title);
                }
                for ind in &p.indicators {
                    d.text("p", &ind.title);
                }
                "plan/".into()
            }
        };
        (format!("/{url}"), d.finish())
    }
}

/// The schools (sorted) and years (newest first) the search page offers as filters: those
/// of the site's articles and stories (and the years initiatives start).
pub fn filter_values(site: &Site) -> (Vec<String>, Vec<String>) {
    let mut schools = std::collections::BTreeSet::new();
    let mut years = std::collections::BTreeSet::new();
    for a in &site.articles {
        schools.extend(a.school.clone());
        years.insert(a.date.year());
    }
    for s in &site.stories {
        schools.extend(s.school.clone());
        years.insert(s.date.year());
    }
    for i in &site.initiatives {
        years.extend(i.period.as_ref().map(|p| p.start.year()));
    }
    (
        schools.into_iter().collect(),
        years.into_iter().rev().map(|y| y.to_string()).collect(),
    )
}

/// Writes one search document.
struct DocWriter {
    html: String,
}

impl DocWriter {
    fn new(lang: Lang) -> DocWriter {
        let mut html = String::with_capacity(8 * 1024);
        let _ = write!(html, "<html lang=\"{}\"><body>", lang.code());
        DocWriter { html }
    }

    /// The title (pagefind's `title`), the kind as a filter and as metadata, the date as
    /// metadata, a filter (`year`) and a sort key, and `draft` for what only `serve` shows.
    fn head(&mut self, title: &str, kind: &str, date: Option<jiff::civil::Date>, draft: bool) {
        self.text("h1", title);
        self.attr("data-pagefind-filter", "kind", kind);
        self.attr("data-pagefind-meta", "kind", kind);
        if let Some(date) = date {
            let date = date.to_string();
            self.attr("data-pagefind-meta", "date", &date);
            self.attr("data-pagefind-sort", "date", &date);
            self.attr("data-pagefind-filter", "year", &date[..4]);
        }
        if draft {
            self.attr("data-pagefind-meta", "draft", "1");
        }
    }

    fn subjects(&mut self, names: &BTreeMap<String, String>, ids: &[String]) {
        for id in ids {
            if let Some(name) = names.get(id) {
                self.attr("data-pagefind-filter", "subject", name);
            }
        }
    }

    fn school(&mut self, school: Option<&str>) {
        if let Some(school) = school {
            self.attr("data-pagefind-filter", "school", school);
            self.attr("data-pagefind-meta", "school", school);
            // The name is also found as a word.
            self.text("p", school);
        }
    }

    /// An empty element whose attribute says `key:value` (pagefind keeps the value whole).
    fn attr(&mut self, attr: &str, key: &str, value: &str) {
        let _ = write!(
            self.html,
            "<span {attr}=\"{key}:{}\"></span>",
            markup(value)
        );
    }

    fn text(&mut self, tag: &str, text: &str) {
        if !text.is_empty() {
            let _ = write!(self.html, "<{tag}>{}</{tag}>", markup(text));
        }
    }

    fn raw(&mut self, html: &str) {
        self.html.push_str(html);
    }

    fn finish(mut self) -> String {
        self.html.push_str("</body></html>");
        self.html
    }
}
