//! Machine-read outputs that list pages: the Atom feeds (the site's and one per subject) and
//! the sitemap, with absolute URLs and dates taken from the content, never from the clock.

use serde::Serialize;
use tera::{Context, Value};

use super::context::urls;
use super::ctx_with;
use super::jobs::{all, Job};
use crate::link::{Item, Site};

/// The sitemap: every HTML page a citizen visits, with its last change where known.
pub fn sitemap(site: &Site) -> (&'static str, Context) {
    let entries: Vec<Value> = all(site)
        .iter()
        .filter(|j| j.is_html_page())
        .map(|j| {
            let mut m = tera::Map::new();
            m.insert(
                "loc".into(),
                Value::from(site.config.absolute(&j.url(site))),
            );
            let lastmod = match *j {
                Job::Article(i) => {
                    let a = &site.articles[i];
                    Some(a.updated.unwrap_or(a.date).to_string())
                }
                Job::Story(i) => Some(site.stories[i].date.to_string()),
                _ => None,
            };
            m.insert("lastmod".into(), Value::from_serializable(&lastmod));
            Value::from(m)
        })
        .collect();
    (
        "sitemap.xml",
        ctx_with(vec![("entries", Value::from(entries))]),
    )
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    published: String,
    updated: String,
    summary: &'a str,
    content: &'a str,
    author: Option<&'a str>,
}

pub fn feed(
    site: &Site,
    job: &Job,
    title: &str,
    items: impl IntoIterator<Item = Item>,
) -> (&'static str, Context) {
    let stamp = |d: jiff::civil::Date| format!("{d}T00:00:00Z");
    let entries: Vec<Entry> = items
        .into_iter()
        .filter_map(|it| match it {
            Item::Article(i) => {
                let a = &site.articles[i];
                Some(Entry {
                    title: &a.title,
                    url: site.config.absolute(&urls::article(&a.slug)),
                    published: stamp(a.date),
                    updated: stamp(a.updated.unwrap_or(a.date)),
                    summary: &a.summary,
                    content: &a.body_html,
                    author: a.author.as_deref(),
                })
            }
            Item::Story(i) => {
                let s = &site.stories[i];
                Some(Entry {
                    title: &s.title,
                    url: site.config.absolute(&urls::story(&s.slug)),
                    published: stamp(s.date),
                    updated: stamp(s.date),
                    summary: &s.summary,
                    content: &s.body_html,
                    author: None,
                })
            }
            Item::Initiative(_) => None,
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let ctx = ctx_with(vec![
        ("feed_title", Value::from(title)),
        (
            "feed_url",
            Value::from(site.config.absolute(&job.url(site))),
        ),
        ("updated", Value::from(updated)),
        ("entries", Value::from_serializable(&entries)),
    ]);
    ("atom.xml", ctx)
}
