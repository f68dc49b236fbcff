//! The list of pages a site has, and the small context each one reads. A page's context holds
//! only what that page shows (its item, its 20 cards, its links), built from shared values.

use serde::Serialize;
use tera::{Context, Value};

use super::context::{urls, Shared};
use super::ctx_with;
use super::meta::Share;
use crate::link::{Item, Site};

/// Items per page in a subject listing.
pub const PER_PAGE: usize = 20;
/// Entries in a feed, and latest articles on the home page.
const FEED_ENTRIES: usize = 20;
const HOME_LATEST: usize = 6;

/// One page (or feed) to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Subjects,
    /// Subject index into `site.config.subjects`, 1-based page number.
    Subject(usize, usize),
    SubjectFeed(usize),
    Article(usize),
    Story(usize),
    Initiatives,
    Initiative(usize),
    Plan,
    Page(usize),
    /// The theme's default accessibility statement, when `pages/tillganglighet.md` is absent.
    Accessibility,
    /// `/skolor/`: the schools articles and stories name.
    Schools,
    /// School index into `site.schools`: everything about it, and its feed.
    School(usize),
    SchoolFeed(usize),
    /// `/sok/`: full-text search over the index in `sok/` (see [`crate::search`]).
    Search,
    NotFound,
    Feed,
    Sitemap,
}

/// Every job of the site, in a stable order.
pub fn all(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Subjects,
        Job::Initiatives,
        Job::Search,
        Job::NotFound,
        Job::Feed,
        Job::Sitemap,
    ];
    for (i, s) in site.config.subjects.iter().enumerate() {
        for p in 1..=page_count(site, &s.id) {
            jobs.push(Job::Subject(i, p));
        }
        jobs.push(Job::SubjectFeed(i));
    }
    jobs.push(Job::Schools);
    for i in 0..site.schools.len() {
        jobs.push(Job::School(i));
        jobs.push(Job::SchoolFeed(i));
    }
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.stories.len()).map(Job::Story));
    jobs.extend((0..site.initiatives.len()).map(Job::Initiative));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    if site.plan.is_some() {
        jobs.push(Job::Plan);
    }
    if !site.pages.iter().any(|p| p.slug == "tillganglighet") {
        jobs.push(Job::Accessibility);
    }
    jobs
}

pub fn page_count(site: &Site, subject: &str) -> usize {
    let n = site.by_subject.get(subject).map_or(0, Vec::len);
    n.div_ceil(PER_PAGE).max(1)
}

impl Job {
    /// The URL path of the page (ending in `/`), or the file path for feeds and 404.
    pub fn url(&self, site: &Site) -> String {
        let subject = |i: usize| site.config.subjects[i].id.as_str();
        match *self {
            Job::Home => String::new(),
            Job::Subjects => "amnen/".into(),
            Job::Subject(i, p) => urls::subject_page(subject(i), p),
            Job::SubjectFeed(i) => format!("{}atom.xml", urls::subject(subject(i))),
            Job::Article(i) => urls::article(&site.articles[i].slug),
            Job::Story(i) => urls::story(&site.stories[i].slug),
            Job::Schools => "skolor/".into(),
            Job::School(i) => format!("skolor/{}/", site.schools[i].slug),
            Job::SchoolFeed(i) => format!("skolor/{}/atom.xml", site.schools[i].slug),
            Job::Initiatives => "insatser/".into(),
            Job::Initiative(i) => urls::initiative(&site.initiatives[i].id),
            Job::Plan => "plan/".into(),
            Job::Page(i) => format!("{}/", site.pages[i].slug),
            Job::Accessibility => "tillganglighet/".into(),
            Job::Search => "sok/".into(),
            Job::NotFound => "404.html".into(),
            Job::Feed => "atom.xml".into(),
            Job::Sitemap => "sitemap.xml".into(),
        }
    }

    /// The output file path, relative to `output/`.
    pub fn path(&self, site: &Site) -> String {
        let url = self.url(site);
        if url.is_empty() || url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url
        }
    }

    /// True for HTML pages a citizen visits (listed in the sitemap).
    pub fn is_html_page(&self) -> bool {
        !matches!(
            self,
            Job::NotFound | Job::Feed | Job::SubjectFeed(_) | Job::SchoolFeed(_) | Job::Sitemap
        )
    }
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    url: String,
    canonical: String,
    description: String,
    section: &'static str,
    #[serde(flatten)]
    share: super::meta::Share,
}

#[derive(Serialize)]
struct PageLink {
    n: usize,
    url: String,
    current: bool,
    /// True when pages were left out before this one (shown as "…").
    gap_before: bool,
}

/// Page numbers to link from page `current` of `total`: the first, the last and three on each
/// side of the current one, so a listing page stays small however long the listing grows.
pub fn shown_pages(current: usize, total: usize) -> Vec<usize> {
    (1..=total)
        .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= 3)
        .collect()
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
}

fn meta(
    site: &Site,
    shared: &Shared,
    job: &Job,
    title: &str,
    description: &str,
    section: &'static str,
) -> Value {
    let url = job.url(site);
    let canonical = site.config.absolute(&url);
    let share = match *job {
        Job::Home => Share::home(site),
        Job::Article(i) => Share::article(site, &site.articles[i], &canonical),
        Job::Story(_) => Share::story(),
        _ => Share::website(),
    };
    Value::from_serializable(&PageMeta {
        title: title.to_string(),
        url: shared.url(&url),
        canonical,
        description: description.to_string(),
        section,
        share,
    })
}

fn cards(shared: &Shared, items: impl IntoIterator<Item = Item>) -> Value {
    Value::from(
        items
            .into_iter()
            .map(|i| shared.card(i))
            .collect::<Vec<_>>(),
    )
}

/// The template and context of a job.
pub fn context(job: &Job, site: &Site, shared: &Shared) -> (&'static str, Context) {
    match *job {
        Job::Home => {
            let latest = (0..site.articles.len())
                .take(HOME_LATEST)
                .map(Item::Article);
            let ctx = ctx_with(vec![
                (
                    "page",
                    meta(
                        site,
                        shared,
                        job,
                        &site.config.title,
                        &site.config.description,
                        "home",
                    ),
                ),
                ("latest", cards(shared, latest)),
                (
                    "plan",
                    Value::from_serializable(&super::progress_view::plan_brief(site)),
                ),
                ("progress", shared.overview.clone()),
            ]);
            ("index.html", ctx)
        }
        Job::Subjects => {
            let subjects: Vec<Value> = site
                .config
                .subjects
                .iter()
                .map(|sub| {
                    let items = site
                        .by_subject
                        .get(&sub.id)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    let mut m = tera::Map::new();
                    m.insert("id".into(), Value::from(sub.id.as_str()));
                    m.insert("name".into(), Value::from(sub.name.as_str()));
                    m.insert(
                        "description".into(),
                        Value::from_serializable(&sub.description),
                    );
                    m.insert(
                        "url".into(),
                        Value::from(shared.url(&urls::subject(&sub.id))),
                    );
                    m.insert("count".into(), Value::from(items.len()));
                    m.insert(
                        "latest".into(),
                        cards(shared, items.iter().copied().take(3)),
                    );
                    Value::from(m)
                })
                .collect();
            let title = shared.string("subjects_title");
            let ctx = ctx_with(vec![
                ("page", meta(site, shared, job, &title, "", "subjects")),
                ("subjects", Value::from(subjects)),
            ]);
            ("subjects.html", ctx)
        }
        Job::Subject(i, p) => {
            let sub = &site.config.subjects[i];
            let items = site
                .by_subject
                .get(&sub.id)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let total = page_count(site, &sub.id);
            let start = (p - 1) * PER_PAGE;
            let page_items = items.iter().copied().skip(start).take(PER_PAGE);
            let link = |n: usize| shared.url(&urls::subject_page(&sub.id, n));
            let pagination = Pagination {
                current: p,
                total,
                pages: {
                    let shown = shown_pages(p, total);
                    let mut prev_n = 0;
                    shown
                        .into_iter()
                        .map(|n| {
                            let gap_before = n > prev_n + 1;
                            prev_n = n;
                            PageLink {
                                n,
                                url: link(n),
                                current: n == p,
                                gap_before,
                            }
                        })
                        .collect()
                },
                prev: (p > 1).then(|| link(p - 1)),
                next: (p < total).then(|| link(p + 1)),
            };
            let ctx = ctx_with(vec![
                (
                    "page",
                    meta(
                        site,
                        shared,
                        job,
                        &sub.name,
                        sub.description.as_deref().unwrap_or(""),
                        "subjects",
                    ),
                ),
                (
                    "subject",
                    shared
                        .subject_links
                        .get(&sub.id)
                        .cloned()
                        .unwrap_or(Value::none()),
                ),
                (
                    "feed_url",
                    Value::from(shared.url(&format!("{}atom.xml", urls::subject(&sub.id)))),
                ),
                ("items", cards(shared, page_items)),
                ("item_count", Value::from(items.len())),
                ("pagination", Value::from_serializable(&pagination)),
                (
                    "initiative_status",
                    Value::from_serializable(&super::progress_view::subject_status(site, &sub.id)),
                ),
            ]);
            ("subject.html", ctx)
        }
        Job::SubjectFeed(i) => {
            let sub = &site.config.subjects[i];
            let items = site
                .by_subject
                .get(&sub.id)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .copied()
                .filter(|it| !matches!(it, Item::Initiative(_)))
                .take(FEED_ENTRIES);
            let title = format!("{} – {}", site.config.title, sub.name);
            super::feeds::feed(site, job, &title, items)
        }
        Job::Schools => {
            let schools: Vec<Value> = site
                .schools
                .iter()
                .map(|sc| {
                    let mut m = tera::Map::new();
                    m.insert("name".into(), Value::from(sc.name.as_str()));
                    m.insert(
                        "url".into(),
                        Value::from(shared.url(&urls::school(&sc.name))),
                    );
                    m.insert("count".into(), Value::from(sc.items.len()));
                    Value::from(m)
                })
                .collect();
            let title = shared.string("schools_title");
            let ctx = ctx_with(vec![
                ("page", meta(site, shared, job, &title, "", "schools")),
                ("schools", Value::from(schools)),
            ]);
            ("schools.html", ctx)
        }
        Job::School(i) => {
            let sc = &site.schools[i];
            let ctx = ctx_with(vec![
                ("page", meta(site, shared, job, &sc.name, "", "schools")),
                (
                    "feed_url",
                    Value::from(shared.url(&format!("{}atom.xml", urls::school(&sc.name)))),
                ),
                ("items", cards(shared, sc.items.iter().copied())),
                ("item_count", Value::from(sc.items.len())),
            ]);
            ("school.html", ctx)
        }
        Job::SchoolFeed(i) => {
            let sc = &site.schools[i];
            let items = sc.items.iter().copied().take(FEED_ENTRIES);
            let title = format!("{} – {}", site.config.title, sc.name);
            super::feeds::feed(site, job, &title, items)
        }
        Job::Feed => {
            let mut items: Vec<Item> = (0..site.articles.len()).map(Item::Article).collect();
            items.extend((0..site.stories.len()).map(Item::Story));
            items.sort_by_key(|it| (std::cmp::Reverse(site.item_date(*it)), *it));
            items.truncate(FEED_ENTRIES);
            super::feeds::feed(site, job, &site.config.title, items)
        }
        Job::Article(i) => {
            let a = &site.articles[i];
            let related = site.by_initiative_items(&a.initiatives, Item::Article(i));
            let ctx = ctx_with(vec![
                (
                    "page",
                    meta(site, shared, job, &a.title, &a.summary, "articles"),
                ),
                ("article", Value::from_serializable(a)),
                (
                    "school_url",
                    Value::from_serializable(&shared.school_url(a.school.as_deref())),
                ),
                (
                    "image",
                    Value::from_serializable(&a.image.as_ref().and_then(|p| {
                        let alt = a.image_alt.as_deref().unwrap_or("");
                        shared.image(p, alt, super::context::HERO_SIZES)
                    })),
                ),
                (
                    "image_url",
                    Value::from_serializable(&a.image.as_ref().map(|p| {
                        match shared.image(p, "", super::context::HERO_SIZES) {
                            Some(img) => img.src,
                            None => crate::images::html::url(&shared.base_path, p),
                        }
                    })),
                ),
                ("subjects", Value::from(shared.subjects_of(&a.subjects))),
                (
                    "initiatives",
                    Value::from(shared.initiatives_of(&a.initiatives)),
                ),
                ("related", cards(shared, related)),
            ]);
            ("article.html", ctx)
        }
        Job::Story(i) => {
            let st = &site.stories[i];
            let related = site.by_initiative_items(&st.initiatives, Item::Story(i));
            let ctx = ctx_with(vec![
                (
                    "page",
                    meta(site, shared, job, &st.title, &st.summary, "stories"),
                ),
                ("story", Value::from_serializable(st)),
                (
                    "school_url",
                    Value::from_serializable(&shared.school_url(st.school.as_deref())),
                ),
                ("subjects", Value::from(shared.subjects_of(&st.subjects))),
                (
                    "initiatives",
                    Value::from(shared.initiatives_of(&st.initiatives)),
                ),
                ("related", cards(shared, related)),
            ]);
            ("story.html", ctx)
        }
        Job::Initiatives => {
            let title = shared.string("initiatives_title");
            let ctx = ctx_with(vec![
                ("page", meta(site, shared, job, &title, "", "initiatives")),
                ("initiatives", Value::from(shared.initiative_cards.clone())),
                (
                    "groups",
                    Value::from_serializable(&super::progress_view::initiative_groups(
                        site, shared,
                    )),
                ),
                (
                    "by_subject",
                    Value::from_serializable(&super::progress_view::subject_groups(site, shared)),
                ),
                ("progress", shared.overview.clone()),
            ]);
            ("initiatives.html", ctx)
        }
        Job::Initiative(i) => {
            let init = &site.initiatives[i];
            let related = site
                .by_initiative
                .get(&init.id)
                .cloned()
                .unwrap_or_default();
            let ctx = ctx_with(vec![
                (
                    "page",
                    meta(site, shared, job, &init.title, &init.summary, "initiatives"),
                ),
                (
                    "initiative",
                    Value::from_serializable(&super::progress_view::initiative(site, init)),
                ),
                ("subjects", Value::from(shared.subjects_of(&init.subjects))),
                ("related", cards(shared, related)),
            ]);
            ("initiative.html", ctx)
        }
        Job::Plan => {
            let plan = site.plan.as_ref();
            let title = plan.map_or("", |p| p.title.as_str());
            let ctx = ctx_with(vec![
                ("page", meta(site, shared, job, title, "", "plan")),
                (
                    "plan",
                    Value::from_serializable(&super::progress_view::plan(site, shared)),
                ),
                ("progress", shared.overview.clone()),
            ]);
            ("plan.html", ctx)
        }
        Job::Page(i) => {
            let p = &site.pages[i];
            let ctx = ctx_with(vec![
                (
                    "page",
                    meta(
                        site,
                        shared,
                        job,
                        &p.title,
                        p.summary.as_deref().unwrap_or(""),
                        "page",
                    ),
                ),
                ("content", Value::from_serializable(p)),
            ]);
            ("page.html", ctx)
        }
        Job::Accessibility => {
            let title = shared.string("accessibility_title");
            let ctx = ctx_with(vec![
                ("page", meta(site, shared, job, &title, "", "page")),
                ("statement", statement(site)),
            ]);
            ("accessibility.html", ctx)
        }
        Job::Search => {
            let title = shared.string("search_title");
            let ctx = ctx_with(vec![
                ("page", meta(site, shared, job, &title, "", "search")),
                ("search_base", Value::from(shared.url("sok/"))),
                ("schools", search_schools(site)),
                ("years", search_years(site)),
            ]);
            ("search.html", ctx)
        }
        Job::NotFound => {
            let title = shared.string("not_found_title");
            let ctx = ctx_with(vec![("page", meta(site, shared, job, &title, "", "404"))]);
            ("404.html", ctx)
        }
        Job::Sitemap => super::feeds::sitemap(site),
    }
}

/// The accessibility statement's values: `site.yaml`'s `accessibility`, and `checked`, the
/// build's day in words (the date of the last automated check).
fn statement(site: &Site) -> Value {
    #[derive(Serialize)]
    struct Statement<'a> {
        #[serde(flatten)]
        accessibility: &'a crate::model::Accessibility,
        /// `organisation`, else the site's title.
        organisation: &'a str,
        checked: String,
        checked_iso: String,
    }
    let today = site
        .config
        .today
        .unwrap_or_else(|| crate::load::today().unwrap_or_else(|_| crate::load::local_today()));
    Value::from_serializable(&Statement {
        accessibility: &site.config.accessibility,
        organisation: site
            .config
            .organisation
            .as_deref()
            .unwrap_or(&site.config.title),
        checked: crate::format::date_long(today, site.config.language),
        checked_iso: today.to_string(),
    })
}

/// The schools of the search page's filter, in name order.
fn search_schools(site: &Site) -> Value {
    let list: Vec<Value> = site
        .schools
        .iter()
        .map(|s| {
            let mut m = tera::Map::new();
            m.insert("name".into(), Value::from(s.name.as_str()));
            m.insert("slug".into(), Value::from(s.slug.as_str()));
            Value::from(m)
        })
        .collect();
    Value::from(list)
}

/// The years of articles and stories, newest first, for the search page's filter.
fn search_years(site: &Site) -> Value {
    let years: std::collections::BTreeSet<i16> = site
        .articles
        .iter()
        .map(|a| a.date.year())
        .chain(site.stories.iter().map(|s| s.date.year()))
        .collect();
    Value::from(years.into_iter().rev().map(i64::from).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::shown_pages;

    #[test]
    fn pagination_links_a_bounded_number_of_pages() {
        assert_eq!(shown_pages(1, 3), [1, 2, 3]);
        assert_eq!(shown_pages(1, 500), [1, 2, 3, 4, 500]);
        assert_eq!(
            shown_pages(250, 500),
            [1, 247, 248, 249, 250, 251, 252, 253, 500]
        );
        assert_eq!(shown_pages(500, 500), [1, 497, 498, 499, 500]);
    }
}
