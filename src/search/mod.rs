//! The site's full-text search index, the files under `sok/` that the search page's script
//! reads a piece at a time: `meta.json`, term chunks `ord/<n>.json` (stems, Snowball Swedish
//! or English, with the words of the site that have them and the documents they stand in),
//! `filter.json` (kind, subject and school of every document) and the fragments, a document's
//! address, title, facts and text by section for results and snippets, two documents to a
//! file `f/<n>.json` ([`index::FRAGMENTS_PER_FILE`]).
//! The format is documented for theme authors in docs/teman.md.
//!
//! Documents are read on every core; each word is stemmed once per index ([`lexicon`]).

mod fragment;
mod index;
mod lexicon;
mod short;
mod text;
mod words;

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;

use crate::link::Site;
use crate::model::{Article, Initiative, Lang, Page, Plan, Story};
use crate::render::context::urls;
use crate::render::{Content, OutputFile};
use lexicon::{Known, Lexicon};
use text::{Sections, BODY, HEADING, LEAD, TITLE};

/// The folder of the index in the output.
pub const DIR: &str = "sok";

/// True for the path of a file of the index (`sok/meta.json`, `sok/ord/3.json`, …; not the
/// search page `sok/index.html`), relative to the output.
pub fn is_index_file(rel: &str) -> bool {
    rel.strip_prefix(DIR)
        .and_then(|r| r.strip_prefix('/'))
        .is_some_and(|r| {
            matches!(r, "meta.json" | "filter.json") || r.starts_with("ord/") || r.starts_with("f/")
        })
}

/// What a site's index is made from: its documents, shared with the site rather than copied,
/// so that `serve` can keep it and make the index when a browser first asks for it.
#[derive(Clone)]
pub struct SearchInput {
    /// In index order: dated (articles and stories, newest first), initiatives, pages, plan.
    docs: Vec<Doc>,
    lang: Lang,
    base: String,
    /// Subject id → name.
    subjects: Arc<HashMap<String, String>>,
}

#[derive(Clone)]
enum Doc {
    Article(Arc<Article>),
    Story(Arc<Story>),
    Initiative(Arc<Initiative>),
    Page(Arc<Page>),
    Plan(Arc<Plan>),
}

/// What a few documents in a row give the index: those of one fragment file.
struct Read {
    /// Of each document, stem id and weight ([`index::term`]), one per stem (in no particular
    /// order: each stem's postings are made in document order whatever the order of a
    /// document's terms).
    terms: Vec<Box<[u32]>>,
    /// The fragment file, `[fragment, …]` (made on the thread that read the documents, at
    /// about its size: a copy would hold the site's text twice), until handed on.
    file: Vec<u8>,
    /// Of the file, for the index's build hash: a fast hash (FxHash) of its bytes, as the
    /// build hash only tells one version of the index from another, and a cryptographic hash
    /// of every file would be a tenth of the index's time.
    hash: u64,
}

impl SearchInput {
    pub fn new(site: &Site) -> SearchInput {
        let mut docs = Vec::with_capacity(
            site.articles.len()
                + site.stories.len()
                + site.initiatives.len()
                + site.pages.len()
                + 1,
        );
        // Articles and stories are each newest first: merged, newest first over both.
        let (mut a, mut s) = (
            site.articles.iter().peekable(),
            site.stories.iter().peekable(),
        );
        loop {
            let take_article = match (a.peek(), s.peek()) {
                (Some(x), Some(y)) => x.date >= y.date,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_article {
                docs.extend(a.next().cloned().map(Doc::Article));
            } else {
                docs.extend(s.next().cloned().map(Doc::Story));
            }
        }
        docs.extend(site.initiatives.iter().cloned().map(Doc::Initiative));
        docs.extend(site.pages.iter().cloned().map(Doc::Page));
        docs.extend(site.plan.iter().cloned().map(Doc::Plan));
        SearchInput {
            docs,
            lang: site.config.language,
            base: site.config.base_path(),
            subjects: Arc::new(
                site.config
                    .subjects
                    .iter()
                    .map(|s| (s.id.clone(), s.name.clone()))
                    .collect(),
            ),
        }
    }

    /// The index's files.
    pub fn files(&self) -> Vec<OutputFile> {
        let (fragments, mut files) = self.files_with(|path, bytes| OutputFile {
            path,
            content: Content::Bytes(bytes),
        });
        files.extend(fragments);
        files
    }

    /// The index's files, the fragment files handed to `put` (path and bytes) on the thread
    /// that made each, as soon as it is made, so that a build writes each file and lets it go
    /// rather than holding the text of the whole site until the last is made (tens of
    /// megabytes at 10,000 articles). Returns what `put` gave for each fragment file, in
    /// order, and the other files.
    pub fn files_with<T: Send>(
        &self,
        put: impl Fn(String, Vec<u8>) -> T + Sync,
    ) -> (Vec<T>, Vec<OutputFile>) {
        let lexicon = Lexicon::new(self.lang);
        let read: Vec<(Read, T)> = self
            .docs
            .par_chunks(index::FRAGMENTS_PER_FILE)
            .enumerate()
            .with_min_len(8)
            .map(|(n, docs)| {
                let mut r = lexicon.with_known(|known| self.read(docs, known));
                let file = std::mem::take(&mut r.file);
                (r, put(index::fragment_path(n), file))
            })
            .collect();
        let facts: Vec<index::Facts> = self.docs.iter().map(|d| self.facts(d)).collect();
        let mut terms = Vec::with_capacity(self.docs.len());
        let mut put_back = Vec::with_capacity(read.len());
        let mut hash = blake3::Hasher::new();
        for (r, p) in read {
            terms.extend(r.terms);
            hash.update(&r.hash.to_le_bytes());
            put_back.push(p);
        }
        let files = index::files(self.lang, &facts, terms, hash, lexicon.finish());
        (put_back, files)
    }

    /// The paths of the fragment files (`sok/f/<n>.json`), known before they are made, and of
    /// `meta.json` and `filter.json`; not those of the word chunks, whose number is known when
    /// every document is read.
    pub fn known_paths(&self) -> Vec<String> {
        let files = self.docs.len().div_ceil(index::FRAGMENTS_PER_FILE);
        (0..files)
            .map(index::fragment_path)
            .chain(["meta.json", "filter.json"].map(|f| format!("{DIR}/{f}")))
            .collect()
    }

    /// The words and the fragment file of documents in a row.
    fn read(&self, docs: &[Doc], known: &mut Known) -> Read {
        let mut file = Vec::new();
        file.push(b'[');
        let terms = docs
            .iter()
            .enumerate()
            .map(|(n, d)| {
                if n > 0 {
                    file.push(b',');
                }
                self.read_with(d, known, &mut file)
            })
            .collect();
        file.push(b']');
        file.shrink_to_fit();
        let mut h = rustc_hash::FxHasher::default();
        h.write(&file);
        Read {
            terms,
            hash: h.finish(),
            file,
        }
    }

    fn facts<'d>(&'d self, d: &'d Doc) -> index::Facts<'d> {
        let (kind, date, school, subjects): (_, _, Option<&str>, &[String]) = match d {
            Doc::Article(a) => ("article", Some(a.date), a.school.as_deref(), &a.subjects),
            Doc::Story(s) => ("story", Some(s.date), s.school.as_deref(), &s.subjects),
            Doc::Initiative(i) => ("initiative", None, None, &i.subjects),
            Doc::Page(_) => ("page", None, None, &[]),
            Doc::Plan(_) => ("plan", None, None, &[]),
        };
        index::Facts {
            kind,
            date,
            school,
            subjects,
        }
    }

    /// A document's terms; its fragment is appended to `file`.
    fn read_with(&self, d: &Doc, known: &mut Known, file: &mut Vec<u8>) -> Box<[u32]> {
        let mut s = Sections::new(|w: &str, rest: &[u8], weight: u8| known.count(w, rest, weight));
        let facts = self.facts(d);
        let (title, url, draft) = match d {
            Doc::Article(a) => {
                s.text(&a.summary, LEAD);
                s.html(&a.body_html);
                (&a.title, urls::article(&a.slug), a.draft)
            }
            Doc::Story(st) => {
                s.text(&st.summary, LEAD);
                s.html(&st.body_html);
                (&st.title, urls::story(&st.slug), st.draft)
            }
            Doc::Initiative(i) => {
                s.text(&i.summary, LEAD);
                s.html(&i.description_html);
                for m in &i.milestones {
                    s.text(&m.title, BODY);
                }
                for ind in &i.indicators {
                    s.text(&ind.title, BODY);
                }
                if let Some(owner) = &i.owner {
                    s.words_only(owner, BODY);
                }
                (&i.title, urls::initiative(&i.id), i.draft)
            }
            Doc::Page(p) => {
                s.text(p.summary.as_deref().unwrap_or(""), LEAD);
                s.html(&p.body_html);
                (&p.title, format!("{}/", p.slug), false)
            }
            Doc::Plan(p) => {
                s.html(&p.summary_html);
                for g in &p.goals {
                    s.text(&g.title, HEADING);
                }
                for ind in &p.indicators {
                    s.text(&ind.title, BODY);
                }
                (&p.title, "plan/".to_string(), false)
            }
        };
        s.words_only(title, TITLE);
        if let Some(school) = facts.school {
            s.words_only(school, LEAD);
        }
        let sections = std::mem::take(&mut s.sections);
        drop(s);
        let terms = known.terms();
        let url = format!("{}{url}", self.base);
        let head = fragment::Head {
            url: &url,
            title,
            kind: facts.kind,
            date: facts.date.map(|d| d.to_string()),
            school: facts.school,
            subjects: facts
                .subjects
                .iter()
                .filter_map(|id| self.subjects.get(id).map(String::as_str))
                .collect(),
            draft,
        };
        fragment::json(file, &head, &sections);
        terms
    }
}
