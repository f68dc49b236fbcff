//! The prebuilt search index, `sok/index.json`: one small record per article, story,
//! initiative and page, which the search page's script filters in the browser.
//!
//! The index is kept as one serialized record per entry: `serve` replaces the records of
//! the articles an edit changed and joins the rest as they were, instead of serializing a
//! 5 MB index again for every keystroke saved on a 10,000-article site.

use rayon::prelude::*;
use serde::Serialize;

use super::context::urls;
use super::{Content, OutputFile};
use crate::link::Site;
use crate::model::Article;

pub const PATH: &str = "sok/index.json";

#[derive(Serialize)]
struct Record<'a> {
    /// Title.
    t: &'a str,
    /// URL path.
    u: String,
    /// Summary.
    s: &'a str,
    /// Kind: article, story, initiative, page.
    k: &'static str,
    /// Date, `YYYY-MM-DD`, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    /// Subject names.
    a: Vec<&'a str>,
}

/// The records of a site in index order: articles, stories, initiatives, pages, each in
/// site order (newest first for articles and stories).
pub struct SearchIndex {
    records: Vec<Vec<u8>>,
}

impl SearchIndex {
    pub fn new(site: &Site) -> SearchIndex {
        let base = site.config.base_path();
        let mut records = Vec::with_capacity(
            site.articles.len() + site.stories.len() + site.initiatives.len() + site.pages.len(),
        );
        // Most of the records, made on every core: serializing them is a part of a build
        // that nothing else runs beside.
        records.par_extend(site.articles.par_iter().map(|a| article(site, &base, a)));
        records.extend(site.stories.iter().map(|st| {
            json(&Record {
                t: &st.title,
                u: format!("{base}{}", urls::story(&st.slug)),
                s: &st.summary,
                k: "story",
                d: Some(st.date.to_string()),
                a: subject_names(site, &st.subjects),
            })
        }));
        records.extend(site.initiatives.iter().map(|i| {
            json(&Record {
                t: &i.title,
                u: format!("{base}{}", urls::initiative(&i.id)),
                s: &i.summary,
                k: "initiative",
                d: None,
                a: subject_names(site, &i.subjects),
            })
        }));
        records.extend(site.pages.iter().map(|p| {
            json(&Record {
                t: &p.title,
                u: format!("{base}{}/", p.slug),
                s: p.summary.as_deref().unwrap_or(""),
                k: "page",
                d: None,
                a: Vec::new(),
            })
        }));
        SearchIndex { records }
    }

    /// Serializes again the records of the articles at these indexes of `site.articles`,
    /// for a site that differs from the one this index was made from only in what those
    /// articles say (the same articles in the same order).
    pub fn update_articles(&mut self, site: &Site, articles: &[usize]) {
        let base = site.config.base_path();
        for &i in articles {
            if let (Some(record), Some(a)) = (self.records.get_mut(i), site.articles.get(i)) {
                *record = article(site, &base, a);
            }
        }
    }

    /// The index file: a JSON array of the records.
    pub fn file(&self) -> OutputFile {
        let size = self.records.iter().map(|r| r.len() + 1).sum::<usize>() + 2;
        let mut bytes = Vec::with_capacity(size);
        bytes.push(b'[');
        for (n, r) in self.records.iter().enumerate() {
            if n > 0 {
                bytes.push(b',');
            }
            bytes.extend_from_slice(r);
        }
        bytes.push(b']');
        OutputFile {
            path: PATH.into(),
            content: Content::Bytes(bytes),
        }
    }
}

fn article(site: &Site, base: &str, a: &Article) -> Vec<u8> {
    json(&Record {
        t: &a.title,
        u: format!("{base}{}", urls::article(&a.slug)),
        s: &a.summary,
        k: "article",
        d: Some(a.date.to_string()),
        a: subject_names(site, &a.subjects),
    })
}

/// One record as compact JSON. Serializing strings and numbers into memory cannot fail.
fn json(r: &Record) -> Vec<u8> {
    serde_json::to_vec(r).unwrap_or_default()
}

fn subject_names<'a>(site: &'a Site, ids: &[String]) -> Vec<&'a str> {
    ids.iter()
        .filter_map(|id| site.config.subjects.iter().find(|s| &s.id == id))
        .map(|s| s.name.as_str())
        .collect()
}
