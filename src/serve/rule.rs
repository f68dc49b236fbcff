//! The rule that decides which pages a change can alter, kept deliberately simple.
//!
//! An article edited in place (same file, slug, date and subjects) renders again: its own
//! page; the subject listing page that shows it and the feeds of its subjects; the pages of
//! the initiatives it names before and after the edit, and every article and story that
//! shares one of those initiatives (their "related" lists); and every page that lists the
//! whole site (home, subject index, initiatives, feeds, sitemap, and any page kind this rule
//! does not know). Generated data files (search index, open data) are always made again.
//! Anything else — a file added or removed, a new slug, date or subject list, an initiative,
//! the plan, stories, free pages, the theme, `site.yaml` — renders everything. The engine also
//! renders everything when the site's output paths differ from the last good build.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::link::{Item, Site};
use crate::load::{ContentSet, Parsed};
use crate::model::Article;
use crate::render::{Job, PER_PAGE};

/// The jobs to render for the changed files, or `None` for all of them.
pub fn select(
    site: &Site,
    old: &ContentSet,
    new: &ContentSet,
    dirty: &BTreeSet<PathBuf>,
    all: &[Job],
) -> Option<Vec<Job>> {
    let mut edited = Vec::new();
    for p in dirty {
        let before = old.files.get(p).and_then(|f| f.parsed.as_ref());
        let after = new.files.get(p).and_then(|f| f.parsed.as_ref());
        match (before, after) {
            (Some(Parsed::Article(a)), Some(Parsed::Article(b))) if same_place(a, b) => {
                edited.push((a, b));
            }
            // Media bytes are read when served; the file list did not change.
            (Some(Parsed::Media), Some(Parsed::Media)) => {}
            (None | Some(Parsed::Ignored), None | Some(Parsed::Ignored)) => {}
            _ => return None,
        }
    }
    let mut items: HashSet<Item> = HashSet::new();
    let mut subjects: HashSet<&str> = HashSet::new();
    let mut initiatives: HashSet<&str> = HashSet::new();
    let mut listing_pages: HashSet<(usize, usize)> = HashSet::new();
    for (before, after) in &edited {
        let i = site
            .articles
            .iter()
            .position(|a| a.origin.file.as_os_str() == after.origin.file.as_os_str())?;
        let item = Item::Article(i);
        items.insert(item);
        initiatives.extend(before.initiatives.iter().map(String::as_str));
        initiatives.extend(after.initiatives.iter().map(String::as_str));
        for s in &after.subjects {
            subjects.insert(s);
            let n = site.config.subjects.iter().position(|x| x.id == *s)?;
            let pos = site.by_subject.get(s)?.iter().position(|it| *it == item)?;
            listing_pages.insert((n, pos / PER_PAGE + 1));
        }
    }
    for id in &initiatives {
        if let Some(list) = site.by_initiative.get(*id) {
            items.extend(list.iter().copied());
        }
    }
    let jobs = all
        .iter()
        .copied()
        .filter(|job| match *job {
            Job::Article(i) => items.contains(&Item::Article(i)),
            Job::Story(i) => items.contains(&Item::Story(i)),
            Job::Initiative(i) => initiatives.contains(site.initiatives[i].id.as_str()),
            Job::Subject(n, p) => listing_pages.contains(&(n, p)),
            Job::SubjectFeed(n) => subjects.contains(site.config.subjects[n].id.as_str()),
            Job::Page(_) | Job::Plan | Job::Accessibility | Job::NotFound => false,
            // Home, the subject and initiative indexes, feeds, sitemap, and page kinds added
            // after this rule was written.
            _ => true,
        })
        .collect();
    Some(jobs)
}

/// An article still at the same place in every listing: same slug, date and subjects.
fn same_place(a: &Article, b: &Article) -> bool {
    a.slug == b.slug && a.date == b.date && a.subjects == b.subjects
}

/// The edited articles, when every changed file is an article that loaded without mistakes
/// and kept its slug, date, subjects, initiatives and draft flag. Linking cannot then find a
/// new mistake nor move anything: the last good site with these articles put in its place is
/// the site that linking again would make.
pub fn relink_free<'a>(
    old: &ContentSet,
    new: &'a ContentSet,
    dirty: &BTreeSet<PathBuf>,
) -> Option<Vec<&'a Arc<Article>>> {
    dirty
        .iter()
        .map(|p| {
            let before = old.files.get(p)?;
            let after = new.files.get(p)?;
            match (&before.parsed, &after.parsed) {
                (Some(Parsed::Article(a)), Some(Parsed::Article(b)))
                    if after.diags.is_empty()
                        && same_place(a, b)
                        && a.initiatives == b.initiatives
                        && a.draft == b.draft =>
                {
                    Some(b)
                }
                _ => None,
            }
        })
        .collect()
}
