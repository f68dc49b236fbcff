//! Links and images inside Markdown, checked at link stage. Every internal link (`/…`,
//! `media/…`, the base path's own form, `#…`) must name something the build writes: a page
//! (article, story, initiative, subject and its numbered pages, free page, listings, plan,
//! search), a feed, open data, a media file, a file of the theme's `static/`. An `#anchor`
//! on an article, story or free page (or on the same text) must name one of its headings or
//! footnotes; anchors on generated pages (plan, initiatives, subjects) are the theme's and are
//! not checked. A page-relative link is checked at the site path it resolved to (a
//! `../../etc/passwd` climbs no higher than the root, and is then unknown). A link with a
//! scheme other than http(s), mailto and tel (`javascript:`) is an error. Lookups are in
//! hash sets; suggestions are computed only for mistakes.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::Path;

use super::Site;
use crate::diag::{suggest, Diagnostic, Problem};
use crate::markdown::{site_path, MdRefs, Reach};
use crate::model::Origin;
use crate::render::Job;

/// Files the build writes besides pages and media.
const FILES: &[&str] = &[
    "/robots.txt",
    "/sok/meta.json",
    "/data/plan.json",
    "/data/plan.schema.json",
    "/data/initiatives.csv",
    "/data/indicators.csv",
];

/// Suggestions look through every target; past this many mistakes they are left out.
const MAX_SUGGESTIONS: usize = 200;

struct Targets<'s> {
    /// Every path the build writes; for a page with a Markdown text of its own (article,
    /// story, free page), that text, for its anchors.
    paths: HashMap<String, Option<&'s MdRefs>>,
    root: &'s Path,
    theme: &'s str,
    suggested: std::cell::Cell<usize>,
    /// `paths` in order, made at the first mistake (suggestions must not depend on hashing).
    sorted: std::cell::OnceCell<Vec<String>>,
}

impl<'s> Targets<'s> {
    fn new(site: &'s Site, root: &'s Path) -> Self {
        let jobs = crate::render::all_jobs(site);
        let mut paths: HashMap<String, Option<&MdRefs>> =
            HashMap::with_capacity(jobs.len() + FILES.len() + site.media.len());
        for j in &jobs {
            let text = match *j {
                Job::Article(i) => Some(&site.articles[i].refs),
                Job::Story(i) => Some(&site.stories[i].refs),
                Job::Page(i) => Some(&site.pages[i].refs),
                _ => None,
            };
            let mut path = j.url(site);
            path.insert(0, '/');
            match paths.entry(path) {
                Entry::Vacant(e) => {
                    e.insert(text);
                }
                // Two pages at one path: the later page's text counts.
                Entry::Occupied(mut e) => {
                    if text.is_some() {
                        e.insert(text);
                    }
                }
            }
        }
        for f in FILES {
            paths.entry(f.to_string()).or_insert(None);
        }
        for m in &site.media {
            let path = format!("/{}", m.to_string_lossy().replace('\\', "/"));
            paths.entry(path).or_insert(None);
        }
        Targets {
            paths,
            root,
            theme: &site.config.theme,
            suggested: Default::default(),
            sorted: Default::default(),
        }
    }

    fn sorted(&self) -> &[String] {
        self.sorted.get_or_init(|| {
            let mut v: Vec<String> = self.paths.keys().cloned().collect();
            v.sort_unstable();
            v
        })
    }

    /// The known path `path` names: itself, with a `/` added, or without `index.html`.
    fn resolve<'p>(&self, path: &'p str) -> Option<Cow<'p, str>> {
        if self.paths.contains_key(path) {
            return Some(path.into());
        }
        if let Some(dir) = path.strip_suffix("index.html") {
            return self.paths.contains_key(dir).then_some(dir.into());
        }
        let with_slash = format!("{path}/");
        if self.paths.contains_key(&with_slash) {
            return Some(with_slash.into());
        }
        let rel = path.trim_start_matches('/');
        let in_theme = !rel.is_empty()
            && !rel.split('/').any(|s| s == ".." || s == ".")
            && self
                .root
                .join("themes")
                .join(self.theme)
                .join("static")
                .join(rel)
                .is_file();
        in_theme.then_some(path.into())
    }

    fn near<'c>(
        &self,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<String> {
        if self.suggested.get() >= MAX_SUGGESTIONS {
            return None;
        }
        self.suggested.set(self.suggested.get() + 1);
        suggest(wrong, candidates)
    }
}

/// Checks the links of one Markdown text, found in `origin`'s file. `own_page`: the text is
/// the page's own, so a `#anchor` link names one of its headings (false when the text is shown
/// on a page whose ids the theme gives).
fn check_text<'s>(
    t: &Targets<'s>,
    base_path: &str,
    origin: &Origin,
    refs: &'s MdRefs,
    own_page: bool,
    diags: &mut Vec<Diagnostic>,
) {
    for link in refs.links.iter().filter(|l| checked(l.reach)) {
        let mut report = |problem, hint| {
            diags.push(
                Diagnostic::new(&origin.file, link.at.line, link.at.column, problem)
                    .with_suggestion(hint),
            )
        };
        if link.reach == Reach::Unsafe {
            report(
                Problem::UnsafeLink {
                    url: link.url.clone(),
                },
                None,
            );
            continue;
        }
        let (path, fragment) = match &link.resolved {
            Some(site) => site_path(site, "/"),
            None => site_path(&link.url, base_path),
        };
        let target: Option<Cow<str>> = if path.is_empty() {
            None
        } else {
            match t.resolve(&path) {
                Some(p) => Some(p),
                None => {
                    let hint = t.near(&path, t.sorted().iter().map(String::as_str));
                    let problem = Problem::UnknownLink {
                        url: link.url.clone(),
                        image: link.image,
                    };
                    report(problem, hint);
                    continue;
                }
            }
        };
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            continue;
        };
        let anchors = match &target {
            Some(target) => t.paths.get(target.as_ref()).copied().flatten(),
            None if own_page => Some(refs),
            None => None,
        };
        if let Some(text) = anchors {
            if !text.anchors.iter().any(|a| a == fragment) {
                let hint = t
                    .near(fragment, text.anchors.iter().map(String::as_str))
                    .map(|a| {
                        let shown = link.url.split('#').next().unwrap_or("");
                        format!("{shown}#{a}")
                    });
                report(
                    Problem::UnknownAnchor {
                        url: link.url.clone(),
                    },
                    hint,
                );
            }
        }
    }
}

/// Whether the link stage looks at a link that reaches this far.
fn checked(reach: Reach) -> bool {
    matches!(reach, Reach::Internal | Reach::Unsafe)
}

/// Every broken internal link and anchor in the site's Markdown, and every link whose scheme
/// is not allowed.
pub(super) fn check(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let has_links = |r: &MdRefs| r.links.iter().any(|l| checked(l.reach));
    let any = site.articles.iter().any(|a| has_links(&a.refs))
        || site.stories.iter().any(|s| has_links(&s.refs))
        || site.pages.iter().any(|p| has_links(&p.refs))
        || site.initiatives.iter().any(|i| has_links(&i.refs))
        || site.plan.as_ref().is_some_and(|p| has_links(&p.refs));
    let mut diags = Vec::new();
    if !any {
        return diags;
    }
    let base_path = site.config.base_path();
    let t = Targets::new(site, root);
    for a in &site.articles {
        check_text(&t, &base_path, &a.origin, &a.refs, true, &mut diags);
    }
    for s in &site.stories {
        check_text(&t, &base_path, &s.origin, &s.refs, true, &mut diags);
    }
    for p in &site.pages {
        check_text(&t, &base_path, &p.origin, &p.refs, true, &mut diags);
    }
    // The theme gives initiative pages (and the plan's) ids of their own: same-page anchors
    // there are not checked.
    for i in &site.initiatives {
        check_text(&t, &base_path, &i.origin, &i.refs, false, &mut diags);
    }
    if let Some(plan) = &site.plan {
        check_text(&t, &base_path, &plan.origin, &plan.refs, false, &mut diags);
    }
    diags
}
