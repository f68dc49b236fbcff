//! Template values built once per render and shared by every page: the cards that list
//! articles, stories and initiatives, and the links to subjects and initiatives. Pages hold
//! cheap clones (tera values are reference-counted), never a copy of the whole site.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::images::html::ImageValue;
use crate::link::{Item, Site};
use crate::model::{Article, Initiative, Story};

/// URL paths for each kind of page, relative to the site root, ending in `/`.
pub mod urls {
    pub fn article(slug: &str) -> String {
        format!("artiklar/{slug}/")
    }
    pub fn story(slug: &str) -> String {
        format!("berattelser/{slug}/")
    }
    pub fn initiative(id: &str) -> String {
        format!("insatser/{id}/")
    }
    pub fn subject(id: &str) -> String {
        format!("amnen/{id}/")
    }
    /// Page `n` (1-based) of a subject's listing.
    pub fn subject_page(id: &str, n: usize) -> String {
        if n <= 1 {
            subject(id)
        } else {
            format!("amnen/{id}/sida/{n}/")
        }
    }
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
struct Card<'a> {
    kind: &'static str,
    title: &'a str,
    url: String,
    date: Option<String>,
    summary: &'a str,
    subjects: Vec<Value>,
    school: Option<&'a str>,
    status: Option<&'static str>,
    draft: bool,
    scheduled: bool,
    /// An article's photo (decorative on a card: the title says what it shows).
    image: Option<ImageValue>,
}

/// `sizes` of the hero image: the article's width, up to the page's.
pub const HERO_SIZES: &str = "(max-width: 62rem) 100vw, 58rem";
/// `sizes` of a card's image: one column on a phone, else about half the page.
pub const CARD_SIZES: &str = "(max-width: 40rem) 100vw, 30rem";

/// Values shared by all pages of one render.
pub struct Shared<'s> {
    site: &'s Site,
    /// The theme's UI strings, for titles set outside templates.
    pub strings: BTreeMap<String, String>,
    /// The progress roll-up shown on the home, plan and initiatives pages.
    pub overview: Value,
    pub base_path: String,
    pub subject_links: HashMap<String, Value>,
    pub initiative_links: HashMap<String, Value>,
    /// Made the first time a page lists the article or story: `serve` renders a few pages of
    /// a large site, and must not pay for ten thousand cards on each edit.
    article_cards: Vec<OnceLock<Value>>,
    story_cards: Vec<OnceLock<Value>>,
    pub initiative_cards: Vec<Value>,
}

impl<'s> Shared<'s> {
    pub fn new(site: &'s Site, strings: &BTreeMap<String, String>) -> Self {
        let base_path = site.config.base_path();
        let subject_links: HashMap<String, Value> = site
            .config
            .subjects
            .iter()
            .map(|s| {
                let link = Link {
                    id: &s.id,
                    name: &s.name,
                    url: format!("{base_path}{}", urls::subject(&s.id)),
                };
                (s.id.clone(), Value::from_serializable(&link))
            })
            .collect();
        let initiative_links = site
            .initiatives
            .iter()
            .map(|i| {
                let link = Link {
                    id: &i.id,
                    name: &i.title,
                    url: format!("{base_path}{}", urls::initiative(&i.id)),
                };
                (i.id.clone(), Value::from_serializable(&link))
            })
            .collect();
        let mut shared = Shared {
            site,
            strings: strings.clone(),
            overview: Value::from_serializable(&super::progress_view::overview(site)),
            base_path,
            subject_links,
            initiative_links,
            article_cards: site.articles.iter().map(|_| OnceLock::new()).collect(),
            story_cards: site.stories.iter().map(|_| OnceLock::new()).collect(),
            initiative_cards: Vec::new(),
        };
        shared.initiative_cards = site
            .initiatives
            .par_iter()
            .map(|i| shared.initiative_card(i))
            .collect();
        shared
    }

    /// A UI string by key; the key itself when the theme lacks it.
    pub fn string(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    pub fn subjects_of(&self, ids: &[String]) -> Vec<Value> {
        ids.iter()
            .filter_map(|id| self.subject_links.get(id).cloned())
            .collect()
    }

    pub fn initiatives_of(&self, ids: &[String]) -> Vec<Value> {
        ids.iter()
            .filter_map(|id| self.initiative_links.get(id).cloned())
            .collect()
    }

    /// The template value of the photo at `path` (`media/x.jpg`), when it is one that was
    /// processed (an SVG or GIF has none: it is shown as it is).
    pub fn image(&self, path: &str, alt: &str, sizes: &str) -> Option<ImageValue> {
        let set = self.site.images.as_ref()?.known(path)?;
        Some(ImageValue::new(&set, &self.site.config, alt, sizes))
    }

    pub fn card(&self, item: Item) -> Value {
        match item {
            Item::Article(i) => self.article_cards[i]
                .get_or_init(|| self.article_card(&self.site.articles[i]))
                .clone(),
            Item::Story(i) => self.story_cards[i]
                .get_or_init(|| self.story_card(&self.site.stories[i]))
                .clone(),
            Item::Initiative(i) => self.initiative_cards[i].clone(),
        }
    }

    fn article_card(&self, a: &Article) -> Value {
        Value::from_serializable(&Card {
            kind: "article",
            title: &a.title,
            url: self.url(&urls::article(&a.slug)),
            date: Some(a.date.to_string()),
            summary: &a.summary,
            subjects: self.subjects_of(&a.subjects),
            school: a.school.as_deref(),
            status: None,
            draft: a.draft,
            scheduled: a.scheduled,
            image: a.image.as_ref().and_then(|p| self.image(p, "", CARD_SIZES)),
        })
    }

    fn story_card(&self, s: &Story) -> Value {
        Value::from_serializable(&Card {
            kind: "story",
            title: &s.title,
            url: self.url(&urls::story(&s.slug)),
            date: Some(s.date.to_string()),
            summary: &s.summary,
            subjects: self.subjects_of(&s.subjects),
            school: s.school.as_deref(),
            status: None,
            draft: s.draft,
            scheduled: s.scheduled,
            image: None,
        })
    }

    fn initiative_card(&self, i: &Initiative) -> Value {
        Value::from_serializable(&Card {
            kind: "initiative",
            title: &i.title,
            url: self.url(&urls::initiative(&i.id)),
            date: i.period.as_ref().map(|p| p.start.to_string()),
            summary: &i.summary,
            subjects: self.subjects_of(&i.subjects),
            school: None,
            status: Some(i.status.id()),
            draft: i.draft,
            scheduled: false,
            image: None,
        })
    }
}
