//! Schools as a way in: the schools that articles and stories name (`school`), each with an
//! address made by the `slug` crate (`/skolor/<slug>/`) and its items newest first. Two
//! different names that give the same address, or a name that gives none, are content errors.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Checker, Item, Site};
use crate::diag::{Diagnostic, Problem};
use crate::model::{Article, Origin, Story};

/// One school and everything that names it.
#[derive(Debug, Clone)]
pub struct School {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub items: Vec<Item>,
}

/// The address segment of a school's name.
pub fn slug(name: &str) -> String {
    slug::slugify(name)
}

/// Refuses school names that give no address, or the address of another name.
pub(super) fn check(c: &mut Checker<'_>, articles: &[Arc<Article>], stories: &[Arc<Story>]) {
    let named = articles
        .iter()
        .filter_map(|a| Some((&a.origin, a.school.as_deref()?)))
        .chain(
            stories
                .iter()
                .filter_map(|s| Some((&s.origin, s.school.as_deref()?))),
        );
    let mut seen: BTreeMap<String, (&str, &Origin)> = BTreeMap::new();
    for (origin, name) in named {
        let s = slug(name);
        let first = match seen.get(&s) {
            Some((other, _)) if *other == name => continue,
            Some(&(other, at)) => {
                let p = c.pos(at, "school", other);
                Some(format!(
                    "{other} ({}:{})",
                    at.file.to_string_lossy(),
                    p.line
                ))
            }
            None if s.is_empty() => None,
            None => {
                seen.insert(s, (name, origin));
                continue;
            }
        };
        let p = c.pos(origin, "school", name);
        c.diags.push(Diagnostic::new(
            &origin.file,
            p.line,
            p.column,
            Problem::SchoolSlug {
                name: name.to_string(),
                slug: s,
                other: first,
            },
        ));
    }
}

/// The schools of a linked site, in name order, each with its items newest first.
pub(super) fn index(site: &Site) -> Vec<School> {
    let mut by_name: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
    for (i, a) in site.articles.iter().enumerate() {
        if let Some(n) = a.school.as_deref() {
            by_name.entry(n).or_default().push(Item::Article(i));
        }
    }
    for (i, s) in site.stories.iter().enumerate() {
        if let Some(n) = s.school.as_deref() {
            by_name.entry(n).or_default().push(Item::Story(i));
        }
    }
    by_name
        .into_iter()
        .map(|(name, mut items)| {
            items.sort_by_key(|it| (std::cmp::Reverse(site.item_date(*it)), *it));
            School {
                name: name.to_string(),
                slug: slug(name),
                items,
            }
        })
        .collect()
}
