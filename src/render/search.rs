//! The prebuilt search index, `sok/index.json`: one small record per article, story,
//! initiative and page, which the search page's script filters in the browser.

use serde::Serialize;

use super::context::urls;
use super::{Content, OutputFile};
use crate::link::Site;

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

fn subject_names<'a>(site: &'a Site, ids: &[String]) -> Vec<&'a str> {
    ids.iter()
        .filter_map(|id| site.config.subjects.iter().find(|s| &s.id == id))
        .map(|s| s.name.as_str())
        .collect()
}

/// The index file, newest first within each kind.
pub fn index(site: &Site) -> OutputFile {
    let base = site.config.base_path();
    let mut records = Vec::with_capacity(site.articles.len() + site.stories.len() + 64);
    for a in &site.articles {
        records.push(Record {
            t: &a.title,
            u: format!("{base}{}", urls::article(&a.slug)),
            s: &a.summary,
            k: "article",
            d: Some(a.date.to_string()),
            a: subject_names(site, &a.subjects),
        });
    }
    for st in &site.stories {
        records.push(Record {
            t: &st.title,
            u: format!("{base}{}", urls::story(&st.slug)),
            s: &st.summary,
            k: "story",
            d: Some(st.date.to_string()),
            a: subject_names(site, &st.subjects),
        });
    }
    for i in &site.initiatives {
        records.push(Record {
            t: &i.title,
            u: format!("{base}{}", urls::initiative(&i.id)),
            s: &i.summary,
            k: "initiative",
            d: None,
            a: subject_names(site, &i.subjects),
        });
    }
    for p in &site.pages {
        records.push(Record {
            t: &p.title,
            u: format!("{base}{}/", p.slug),
            s: p.summary.as_deref().unwrap_or(""),
            k: "page",
            d: None,
            a: Vec::new(),
        });
    }
    OutputFile {
        path: "sok/index.json".into(),
        content: Content::Bytes(serde_json::to_vec(&records).unwrap_or_default()),
    }
}
