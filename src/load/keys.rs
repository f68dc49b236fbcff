//! Every mapping the loader reads and the keys it accepts there. Anywhere else a key is an
//! error (with the near key suggested), so this is the whole list: the content reference,
//! `docs/innehall.md`, is tested against it (`tests/docs_reference.rs`).

use super::{attach, content, data, manifest, site, statement};

/// One kind of YAML mapping and the keys it accepts.
#[derive(Debug, Clone, Copy)]
pub struct KeyList {
    /// Where the mapping is written, as the content reference heads its section:
    /// `site.yaml`, `site.yaml subjects`, `indicator source`, …
    pub mapping: &'static str,
    pub keys: &'static [&'static str],
}

const fn list(mapping: &'static str, keys: &'static [&'static str]) -> KeyList {
    KeyList { mapping, keys }
}

/// Every key list of the loader, file by file.
pub const ACCEPTED_KEYS: &[KeyList] = &[
    list("site.yaml", site::SITE_KEYS),
    list("site.yaml subjects", site::SUBJECT_KEYS),
    list("site.yaml data_license", site::LICENSE_KEYS),
    list("site.yaml link_check", site::LINK_CHECK_KEYS),
    list("site.yaml images", site::IMAGES_KEYS),
    list("site.yaml contact", statement::CONTACT_KEYS),
    list("site.yaml accessibility", statement::ACCESSIBILITY_KEYS),
    list("article", content::ARTICLE_KEYS),
    list("article attachments", attach::ATTACHMENT_KEYS),
    list("page", content::PAGE_KEYS),
    list("plan.yaml", data::PLAN_KEYS),
    list("plan.yaml period", data::YEAR_RANGE_KEYS),
    list("plan.yaml decided", data::DECIDED_KEYS),
    list("plan.yaml goals", data::GOAL_KEYS),
    list("indicator", data::INDICATOR_KEYS),
    list("indicator source", data::SOURCE_KEYS),
    list("indicator baseline", data::YEAR_VALUE_KEYS),
    list("indicator target", data::YEAR_VALUE_KEYS),
    list("initiative", data::INITIATIVE_KEYS),
    list("initiative period", data::YEAR_RANGE_KEYS),
    list("initiative budget", data::BUDGET_KEYS),
    list("initiative milestones", data::MILESTONE_KEYS),
    list("initiative attachments", attach::ATTACHMENT_KEYS),
    list("story", data::STORY_KEYS),
    list("theme.yaml", manifest::THEME_KEYS),
];
