//! Stage 2, link: resolve every id across files (subjects, initiatives, goals, indicators),
//! refuse duplicates, and build the indexes the pages need (by subject, by date, by
//! initiative) into one immutable [`Site`]. Nothing here reads templates or writes files.

pub mod media;
mod refs;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{suggest, Diagnostic, Hint, IdKind, Problem};
use crate::load::{Loaded, Pos, Text};
use crate::model::{Article, Indicator, Initiative, Origin, Page, Plan, SiteConfig, Story};

/// One entry in a listing: an article, a story or an initiative, by index into the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Article(usize),
    Story(usize),
    Initiative(usize),
}

/// Where an indicator is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorHome {
    Plan(usize),
    Initiative(usize, usize),
}

/// The whole site, resolved. Articles and stories are sorted newest first.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub articles: Vec<Arc<Article>>,
    pub stories: Vec<Arc<Story>>,
    pub pages: Vec<Arc<Page>>,
    /// In title order.
    pub initiatives: Vec<Arc<Initiative>>,
    pub plan: Option<Arc<Plan>>,
    /// Relative to `content/`.
    pub media: Vec<PathBuf>,
    /// Subject id → its articles, stories and initiatives, newest first.
    pub by_subject: BTreeMap<String, Vec<Item>>,
    /// Initiative id → articles and stories that name it, newest first.
    pub by_initiative: HashMap<String, Vec<Item>>,
    pub initiative_index: HashMap<String, usize>,
    pub indicators: BTreeMap<String, IndicatorHome>,
    /// Things the communicator should know that do not stop the build (stale or disagreeing
    /// indicator values, photos smaller than the smallest width), with file and line.
    pub warnings: Vec<Diagnostic>,
    /// The photos shown, processed at load (see [`crate::images`]).
    pub images: Option<Arc<crate::images::Images>>,
    /// Media files (relative to `content/`, `/`-separated) that a text, an `image` or an
    /// `attachments` list names.
    pub used_media: HashSet<String>,
}

/// Top-level URL segments that a free page may not take.
pub const RESERVED: &[&str] = &[
    "amnen",
    "artiklar",
    "berattelser",
    "insatser",
    "plan",
    "sok",
    "data",
    "media",
    "static",
    "__framsteg",
];

impl Site {
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        match self.indicators.get(id)? {
            IndicatorHome::Plan(i) => self.plan.as_ref()?.indicators.get(*i),
            IndicatorHome::Initiative(n, i) => self.initiatives.get(*n)?.indicators.get(*i),
        }
    }

    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        self.initiative_index
            .get(id)
            .map(|i| &*self.initiatives[*i])
    }

    /// Articles and stories that share one of `initiatives`, newest first, without `this`.
    pub fn by_initiative_items(&self, initiatives: &[String], this: Item) -> Vec<Item> {
        let mut out: Vec<Item> = initiatives
            .iter()
            .filter_map(|id| self.by_initiative.get(id))
            .flatten()
            .copied()
            .filter(|it| *it != this)
            .collect();
        out.sort_by_key(|it| (std::cmp::Reverse(self.item_date(*it)), *it));
        out.dedup();
        out.truncate(6);
        out
    }

    /// The date an item is listed by.
    pub fn item_date(&self, item: Item) -> Option<jiff::civil::Date> {
        match item {
            Item::Article(i) => Some(self.articles[i].date),
            Item::Story(i) => Some(self.stories[i].date),
            Item::Initiative(i) => self.initiatives[i].period.as_ref().map(|p| p.start),
        }
    }
}

/// Collects mistakes with positions found by reading the source again.
struct Checker<'a> {
    root: &'a Path,
    diags: Vec<Diagnostic>,
    texts: HashMap<PathBuf, String>,
    /// Drafts left out of this build: naming one is a [`Problem::DraftReference`].
    held_back: HashSet<(IdKind, String)>,
}

impl Checker<'_> {
    fn text(&mut self, origin: &Origin) -> Text<'_> {
        let text = self
            .texts
            .entry(origin.file.clone())
            .or_insert_with(|| crate::load::read_text(self.root, &origin.file).unwrap_or_default());
        Text::new(text, 0)
    }

    fn pos(&mut self, origin: &Origin, key: &str, value: &str) -> Pos {
        let from = Pos {
            line: origin.line.max(1),
            column: 1,
        };
        self.text(origin).value(from, key, value)
    }

    /// The position of an id that may be written as a top-level `key:` or implied by the
    /// file name (then the file's first line).
    fn implied_pos(&mut self, origin: &Origin, key: &str, value: &str) -> Pos {
        let start = Pos { line: 1, column: 1 };
        if self.text(origin).top_key(key).is_some() {
            self.pos(origin, key, value)
        } else {
            start
        }
    }

    fn error(
        &mut self,
        origin: &Origin,
        key: &str,
        value: &str,
        problem: Problem,
        hint: Option<String>,
    ) {
        let p = self.pos(origin, key, value);
        self.diags
            .push(Diagnostic::new(&origin.file, p.line, p.column, problem).with_suggestion(hint));
    }

    /// Reports each id in `ids` that is not among `known`.
    fn refs(&mut self, origin: &Origin, key: &str, ids: &[String], kind: IdKind, known: &Known) {
        for (i, id) in ids.iter().enumerate() {
            if !known.set.contains(id.as_str()) {
                if self.held_back.contains(&(kind, id.clone())) {
                    let problem = Problem::DraftReference {
                        kind,
                        id: id.clone(),
                    };
                    self.error(origin, key, id, problem, None);
                    continue;
                }
                let near = known
                    .by_name(id)
                    .or_else(|| known.by_split_name(ids, i))
                    .or_else(|| suggest(id, known.list.iter().copied()));
                let problem = Problem::UnknownId {
                    kind,
                    id: id.clone(),
                };
                self.error(origin, key, id, problem, near);
                if kind == IdKind::Subject {
                    if let Some(d) = self.diags.last_mut() {
                        let ids = known.list.iter().map(|s| s.to_string()).collect();
                        d.hint = Some(Box::new(Hint::SubjectIds(ids)));
                    }
                }
            }
        }
    }

    /// Records `id` as seen at `origin`, reporting it if it was seen before.
    fn unique<'o>(
        &mut self,
        seen: &mut HashMap<&'o str, &'o Origin>,
        origin: &'o Origin,
        key: &str,
        id: &'o str,
        kind: IdKind,
    ) -> bool {
        if let Some(first) = seen.get(id) {
            let first = format!("{}:{}", first.file.to_string_lossy(), first.line);
            let problem = Problem::DuplicateId {
                kind,
                id: id.to_string(),
                first,
            };
            let p = match kind {
                IdKind::Slug | IdKind::Initiative if origin.line <= 1 => {
                    self.implied_pos(origin, key, id)
                }
                _ => self.pos(origin, key, id),
            };
            self.diags
                .push(Diagnostic::new(&origin.file, p.line, p.column, problem));
            return false;
        }
        seen.insert(id, origin);
        true
    }
}

/// The ids a reference may name: in order (for "did you mean"), and as a set (to look up);
/// for subjects also their display names, since a communicator may write `Språk` for `sprak`.
struct Known<'a> {
    list: Vec<&'a str>,
    set: HashSet<&'a str>,
    /// Display name and id.
    names: Vec<(&'a str, &'a str)>,
}

impl<'a> Known<'a> {
    fn new(list: Vec<&'a str>) -> Self {
        let set = list.iter().copied().collect();
        Known {
            list,
            set,
            names: Vec::new(),
        }
    }

    fn with_names(mut self, names: Vec<(&'a str, &'a str)>) -> Self {
        self.names = names;
        self
    }

    /// The id of a display name with commas that a `[…]` list split into several items, of
    /// which `ids[i]` is one: `[SO, NO och Matte]` reads as `SO` and `NO och Matte`.
    fn by_split_name(&self, ids: &[String], i: usize) -> Option<String> {
        (0..=i).find_map(|from| {
            (i..ids.len()).find_map(|to| {
                let joined = ids[from..=to].join(", ");
                (to > from)
                    .then(|| {
                        self.names
                            .iter()
                            .find(|(name, _)| name.to_lowercase() == joined.to_lowercase())
                    })
                    .flatten()
                    .map(|(_, id)| id.to_string())
            })
        })
    }

    /// The id whose display name `written` is (in any case), or whose id it becomes as a slug.
    fn by_name(&self, written: &str) -> Option<String> {
        let w = written.trim().to_lowercase();
        self.names
            .iter()
            .find(|(name, _)| name.to_lowercase() == w)
            .map(|(_, id)| id.to_string())
            .or_else(|| {
                let slug = slug::slugify(written);
                self.set.contains(slug.as_str()).then_some(slug)
            })
    }
}

/// Resolves and indexes the loaded content, or lists every broken reference.
pub fn link(root: &Path, config: SiteConfig, loaded: Loaded) -> Result<Site, Vec<Diagnostic>> {
    let Loaded {
        mut articles,
        mut stories,
        pages,
        mut initiatives,
        mut plan,
        media,
        held_back,
        fetched,
        imported,
        images,
    } = loaded;
    let mut c = Checker {
        root,
        diags: crate::load::names::media_name_problems(&media),
        texts: HashMap::new(),
        held_back,
    };
    let subject_ids = Known::new(config.subjects.iter().map(|s| s.id.as_str()).collect())
        .with_names(
            config
                .subjects
                .iter()
                .map(|s| (s.name.as_str(), s.id.as_str()))
                .collect(),
        );
    let initiative_ids = Known::new(initiatives.iter().map(|i| i.id.as_str()).collect());
    let goal_ids = Known::new(
        plan.iter()
            .flat_map(|p| p.goals.iter().map(|g| g.id.as_str()))
            .collect(),
    );

    for a in &articles {
        if a.subjects.is_empty() {
            let p = c.pos(&a.origin, "subjects", "");
            c.diags.push(Diagnostic::new(
                &a.origin.file,
                p.line,
                p.column,
                Problem::MissingField("subjects".into()),
            ));
        }
        c.refs(
            &a.origin,
            "subjects",
            &a.subjects,
            IdKind::Subject,
            &subject_ids,
        );
        c.refs(
            &a.origin,
            "initiatives",
            &a.initiatives,
            IdKind::Initiative,
            &initiative_ids,
        );
    }
    for s in &stories {
        c.refs(
            &s.origin,
            "subjects",
            &s.subjects,
            IdKind::Subject,
            &subject_ids,
        );
        c.refs(
            &s.origin,
            "initiatives",
            &s.initiatives,
            IdKind::Initiative,
            &initiative_ids,
        );
    }
    for i in &initiatives {
        c.refs(
            &i.origin,
            "subjects",
            &i.subjects,
            IdKind::Subject,
            &subject_ids,
        );
        c.refs(&i.origin, "goals", &i.goals, IdKind::Goal, &goal_ids);
    }

    // Ids and slugs that must be unique.
    let mut seen = HashMap::new();
    for a in &articles {
        c.unique(&mut seen, &a.origin, "slug", &a.slug, IdKind::Slug);
    }
    let mut seen = HashMap::new();
    for s in &stories {
        c.unique(&mut seen, &s.origin, "title", &s.slug, IdKind::Slug);
    }
    let mut seen = HashMap::new();
    for i in &initiatives {
        c.unique(&mut seen, &i.origin, "id", &i.id, IdKind::Initiative);
    }
    let reserved = Origin {
        file: PathBuf::from("framsteg"),
        line: 0,
    };
    let mut seen: HashMap<&str, &Origin> = RESERVED.iter().map(|r| (*r, &reserved)).collect();
    for p in &pages {
        c.unique(&mut seen, &p.origin, "slug", &p.slug, IdKind::Slug);
    }
    let mut indicators = BTreeMap::new();
    let mut seen = HashMap::new();
    if let Some(plan) = &plan {
        let mut goals_seen = HashMap::new();
        for g in &plan.goals {
            c.unique(&mut goals_seen, &plan.origin, "id", &g.id, IdKind::Goal);
        }
        for (n, ind) in plan.indicators.iter().enumerate() {
            if c.unique(&mut seen, &plan.origin, "id", &ind.id, IdKind::Indicator) {
                indicators.insert(ind.id.clone(), IndicatorHome::Plan(n));
            }
        }
    }
    initiatives.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id)));
    for (n, init) in initiatives.iter().enumerate() {
        for (k, ind) in init.indicators.iter().enumerate() {
            if c.unique(&mut seen, &init.origin, "id", &ind.id, IdKind::Indicator) {
                indicators.insert(ind.id.clone(), IndicatorHome::Initiative(n, k));
            }
        }
    }
    if let Some(plan) = &plan {
        let known = Known::new(indicators.keys().map(String::as_str).collect());
        for g in &plan.goals {
            c.refs(
                &plan.origin,
                "indicators",
                &g.indicators,
                IdKind::Indicator,
                &known,
            );
        }
    }

    if !c.diags.is_empty() {
        let mut d = c.diags;
        crate::diag::sort(&mut d);
        return Err(d);
    }

    let warnings = crate::data::apply::apply(
        root,
        &config,
        &mut plan,
        &mut initiatives,
        fetched.as_deref(),
        imported.as_deref(),
    );
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    stories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let initiative_index = initiatives
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.clone(), i))
        .collect();

    let mut site = Site {
        config,
        articles,
        stories,
        pages,
        initiatives,
        plan,
        media,
        by_subject: BTreeMap::new(),
        by_initiative: HashMap::new(),
        initiative_index,
        indicators,
        warnings,
        images,
        used_media: HashSet::new(),
    };
    index(&mut site);
    media::note_use(&mut site);
    c.diags.extend(media::taken_names(&site));
    c.diags.extend(refs::check(&site, root));
    if !c.diags.is_empty() {
        let mut d = c.diags;
        crate::diag::sort(&mut d);
        return Err(d);
    }
    Ok(site)
}

/// Fills the listings, newest first; ties keep articles before stories before initiatives.
fn index(site: &mut Site) {
    let mut by_subject: BTreeMap<String, Vec<Item>> = site
        .config
        .subjects
        .iter()
        .map(|s| (s.id.clone(), Vec::new()))
        .collect();
    let mut by_initiative: HashMap<String, Vec<Item>> = HashMap::new();
    for (i, a) in site.articles.iter().enumerate() {
        for s in &a.subjects {
            by_subject
                .entry(s.clone())
                .or_default()
                .push(Item::Article(i));
        }
        for x in &a.initiatives {
            by_initiative
                .entry(x.clone())
                .or_default()
                .push(Item::Article(i));
        }
    }
    for (i, st) in site.stories.iter().enumerate() {
        for s in &st.subjects {
            by_subject
                .entry(s.clone())
                .or_default()
                .push(Item::Story(i));
        }
        for x in &st.initiatives {
            by_initiative
                .entry(x.clone())
                .or_default()
                .push(Item::Story(i));
        }
    }
    for (i, init) in site.initiatives.iter().enumerate() {
        for s in &init.subjects {
            by_subject
                .entry(s.clone())
                .or_default()
                .push(Item::Initiative(i));
        }
    }
    for list in by_subject.values_mut().chain(by_initiative.values_mut()) {
        list.sort_by_key(|it| (std::cmp::Reverse(site.item_date(*it)), *it));
        list.dedup();
    }
    site.by_subject = by_subject;
    site.by_initiative = by_initiative;
}
