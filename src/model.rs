//! The typed content of a site after loading: what the `load` stage produces and the `link`
//! stage connects. Plain data, no behaviour beyond small helpers; every later stage reads these.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

pub use crate::markdown::MdRefs;

/// The site's UI language, from `site.yaml`'s `language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// `content/site.yaml`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: Lang,
    pub theme: String,
    pub subjects: Vec<Subject>,
    pub unsafe_html: bool,
    pub data_license: Option<License>,
    /// `build` warns about an indicator whose newest value is more than this many years older
    /// than the current year (`stale_after_years`, default 2).
    pub stale_after_years: i32,
    /// `link_check.skip`: URL patterns `check --external` leaves alone (`*` matches anything).
    #[serde(skip)]
    pub link_check_skip: Vec<String>,
    /// `images:`: widths, size limit, quality, `sizes`, whether originals are published.
    #[serde(skip)]
    pub images: crate::images::ImageSettings,
    /// Who runs the site (`organisation`), named in the accessibility statement.
    pub organisation: Option<String>,
    /// Where readers report an accessibility problem (`contact`).
    pub contact: Option<Contact>,
    /// The accessibility statement's own facts (`accessibility`).
    pub accessibility: Accessibility,
    /// What the theme's default accessibility statement lacks (a missing or placeholder
    /// `organisation` or `contact`), with file and line: an error in a production build, a
    /// warning with `--drafts` and in `serve` (see `pipeline`).
    #[serde(skip)]
    pub statement_gaps: Vec<crate::diag::Diagnostic>,
    /// The build's day, the date of the statement's last automated check; set by the
    /// pipeline (`FRAMSTEG_TODAY` respected), else today when rendered.
    #[serde(skip)]
    pub today: Option<Date>,
}

/// `site.yaml`'s `contact`: how a reader reaches the organisation.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// How far the site meets the accessibility requirements (Digg's three levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    /// Fully compliant ("fullt förenlig").
    Full,
    /// Partially compliant ("delvis förenlig").
    #[default]
    Partial,
    /// Not compliant ("inte förenlig").
    None,
}

/// `site.yaml`'s `accessibility`: the facts of the accessibility statement.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Accessibility {
    pub compliance: Compliance,
    /// Known shortcomings, one sentence each.
    pub shortcomings: Vec<String>,
    /// How the site was assessed; the theme's wording when absent.
    pub assessed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct License {
    pub name: String,
    pub url: Option<String>,
}

/// Where a piece of content came from: a path relative to the site root, and the 1-based line
/// its record starts on (for a story in a list, the line of its `-`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub origin: Origin,
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub subjects: Vec<String>,
    pub initiatives: Vec<String>,
    /// Plain text: the `summary` key, else the first paragraph of the body.
    pub summary: String,
    pub school: Option<String>,
    pub author: Option<String>,
    /// Site-relative path such as `media/fn-dagen.jpg`.
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub draft: bool,
    /// Dated after the build's day: published on that day (or with `--future`).
    pub scheduled: bool,
    pub body_html: String,
    #[serde(skip)]
    pub refs: MdRefs,
    /// `attachments:`: documents listed under the text.
    pub attachments: Vec<crate::attachments::Attachment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Story {
    pub origin: Origin,
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub school: Option<String>,
    pub subjects: Vec<String>,
    pub initiatives: Vec<String>,
    pub summary: String,
    pub body_html: String,
    #[serde(skip)]
    pub refs: MdRefs,
    pub draft: bool,
    /// Dated after the build's day: published on that day (or with `--future`).
    pub scheduled: bool,
}

/// A free page from `content/pages/*.md`, served at `/<slug>/`.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub origin: Origin,
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
    #[serde(skip)]
    pub refs: MdRefs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Planned,
    Ongoing,
    Completed,
    Paused,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Ongoing,
        Status::Completed,
        Status::Paused,
        Status::Cancelled,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Ongoing => "ongoing",
            Status::Completed => "completed",
            Status::Paused => "paused",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.id() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Percent,
    Count,
    Sek,
    Ratio,
}

impl Unit {
    pub const ALL: [Unit; 4] = [Unit::Percent, Unit::Count, Unit::Sek, Unit::Ratio];

    pub fn id(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Sek => "sek",
            Unit::Ratio => "ratio",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.id() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSource {
    pub name: String,
    pub url: Option<String>,
    pub kpi: Option<String>,
    pub municipality: Option<String>,
    /// A school unit (Kolada's "organisatorisk enhet", `ou`), for KPIs measured per school.
    pub ou: Option<String>,
    /// Kolada's gender split: `T` (total, the default), `K` (women) or `M` (men).
    pub gender: Option<String>,
}

impl IndicatorSource {
    /// The Kolada series this source names: a KPI and a municipality (and maybe a school unit).
    pub fn kolada(&self) -> Option<KoladaSeries> {
        Some(KoladaSeries {
            kpi: self.kpi.clone()?,
            municipality: self.municipality.clone()?,
            ou: self.ou.clone(),
            gender: self.gender.clone().unwrap_or_else(|| "T".into()),
        })
    }
}

/// One series of values in Kolada: a KPI for a municipality or a school unit, one gender.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct KoladaSeries {
    pub kpi: String,
    pub municipality: String,
    pub ou: Option<String>,
    pub gender: String,
}

/// Where the value shown for a year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueFrom {
    /// Typed in `plan.yaml` or an initiative (and not the same as Kolada's).
    Hand,
    /// From `content/plan/data/import.yaml` (`framsteg data import`).
    Import,
    /// From `content/plan/data/kolada.yaml` (`framsteg data kolada`), unchanged.
    Kolada,
}

/// How an indicator's values were put together from the hand-typed YAML and the data files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Provenance {
    /// Year → where its value came from.
    pub from: std::collections::BTreeMap<i32, ValueFrom>,
    /// When the Kolada values were fetched, if any value shown is Kolada's.
    pub kolada_fetched: Option<Date>,
    /// Kolada's title of the KPI.
    pub kolada_title: Option<String>,
    /// When values were last imported from a spreadsheet, if any value shown is imported.
    pub imported: Option<Date>,
    /// The latest of: Kolada's fetch date, the import date, the indicator's `updated:`.
    pub updated: Option<Date>,
}

impl Provenance {
    /// The years whose values are Kolada's, unchanged.
    pub fn kolada_years(&self) -> Vec<i32> {
        self.from
            .iter()
            .filter(|(_, f)| **f == ValueFrom::Kolada)
            .map(|(y, _)| *y)
            .collect()
    }
}

/// A measured indicator, in `plan.yaml` or in an initiative.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    pub unit: Unit,
    pub higher_is_better: bool,
    pub source: Option<IndicatorSource>,
    pub baseline: Option<YearValue>,
    pub target: Option<YearValue>,
    /// Year → value; `None` is a year whose value is not published (e.g. secrecy).
    pub values: BTreeMap<i32, Option<f64>>,
    /// Year → note, such as "Uppgiften sekretessbelagd".
    pub notes: BTreeMap<i32, String>,
    /// The 1-based line of the indicator's list item in its file (plan or initiative).
    pub line: usize,
    /// `updated:`, the date the hand-typed values were last brought up to date.
    pub updated: Option<Date>,
    /// Where the values came from; filled in by `link` from the data files.
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    pub year: i32,
    /// Whole kronor.
    pub amount: i64,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    pub date: Date,
    pub title: String,
    pub done: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateRange {
    pub start: Date,
    pub end: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    pub origin: Origin,
    pub id: String,
    pub title: String,
    pub subjects: Vec<String>,
    pub status: Status,
    pub owner: Option<String>,
    pub period: Option<DateRange>,
    pub goals: Vec<String>,
    pub budget: Vec<BudgetRow>,
    pub summary: String,
    pub description_html: String,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Indicator>,
    /// Links and heading ids of `description`.
    #[serde(skip)]
    pub refs: MdRefs,
    pub draft: bool,
    /// `attachments:`: documents listed under the description.
    pub attachments: Vec<crate::attachments::Attachment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub id: String,
    pub title: String,
    pub indicators: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearRange {
    pub start: i32,
    pub end: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub date: Date,
    pub by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub origin: Origin,
    pub title: String,
    pub period: YearRange,
    pub decided: Option<Decision>,
    pub summary_html: String,
    pub goals: Vec<Goal>,
    pub indicators: Vec<Indicator>,
    /// Links and heading ids of `summary`.
    #[serde(skip)]
    pub refs: MdRefs,
}

impl SiteConfig {
    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }

    /// An absolute URL for a site path such as `artiklar/fn-dagen/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}
