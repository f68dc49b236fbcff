//! Reading `content/site.yaml`: the site's title, address, language, theme and ordered subjects.
//! It is read before everything else, since the language and HTML policy shape all the rest.

use std::collections::HashSet;
use std::path::Path;

use super::fields::Ctx;
use super::{is_slug, read_text};
use crate::diag::{Diagnostic, IdKind, Problem, Shape};
use crate::images::ImageSettings;
use crate::model::{Lang, License, SiteConfig, Subject};

pub(super) const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "subjects",
    "unsafe_html",
    "data_license",
    "stale_after_years",
    "link_check",
    "images",
    "organisation",
    "contact",
    "accessibility",
];
pub(super) const SUBJECT_KEYS: &[&str] = &["id", "name", "description"];
pub(super) const LICENSE_KEYS: &[&str] = &["name", "url"];
pub(super) const LINK_CHECK_KEYS: &[&str] = &["skip"];
pub(super) const IMAGES_KEYS: &[&str] =
    &["widths", "max_mb", "quality", "sizes", "publish_originals"];

/// Loads `content/site.yaml`, or every mistake in it.
pub fn load_config(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let rel = Path::new("content/site.yaml");
    if !root.join(rel).is_file() {
        return Err(vec![Diagnostic::new(
            rel,
            0,
            0,
            Problem::MissingFile(rel.to_string_lossy().into_owned()),
        )]);
    }
    let text = read_text(root, rel).map_err(|d| vec![d])?;
    let value = super::fields::parse_yaml(rel, &text, 0).map_err(|d| vec![d])?;
    let ctx = Ctx::new(rel, &text, 0);
    let config = parse(&ctx, &value);
    let diags = ctx.into_diags();
    match config {
        Some(c) if diags.is_empty() => Ok(c),
        _ => Err(diags),
    }
}

fn parse(ctx: &Ctx, value: &serde_yaml::Value) -> Option<SiteConfig> {
    let o = ctx.obj(value, ctx.text.start(), "site.yaml", SITE_KEYS)?;
    let title = o.str_req("title");
    let base_url = o.str_req("base_url");
    let language = match o.str_opt("language").as_deref() {
        None | Some("sv") => Lang::Sv,
        Some("en") => Lang::En,
        Some(other) => {
            ctx.error(
                o.value_pos("language", other),
                Problem::BadLanguage(other.to_string()),
                crate::diag::suggest(other, ["sv", "en"]),
            );
            Lang::Sv
        }
    };
    let mut seen = HashSet::new();
    let mut subjects = Vec::new();
    for s in o.list_obj("subjects", SUBJECT_KEYS) {
        let (Some(id), Some(name)) = (s.str_req("id"), s.str_req("name")) else {
            continue;
        };
        if !is_slug(&id) {
            ctx.error(
                s.value_pos("id", &id),
                Problem::BadSlug(id.clone()),
                Some(slug::slugify(&id)).filter(|x| is_slug(x)),
            );
            continue;
        }
        if !seen.insert(id.clone()) {
            ctx.error(
                s.value_pos("id", &id),
                Problem::DuplicateId {
                    kind: IdKind::Subject,
                    id: id.clone(),
                    first: "site.yaml".into(),
                },
                None,
            );
            continue;
        }
        subjects.push(Subject {
            id,
            name,
            description: s.str_opt("description"),
        });
    }
    if o.get("subjects").is_none() {
        ctx.error(o.at, Problem::MissingField("subjects".into()), None);
    }
    let data_license = match o.get("data_license") {
        Some(serde_yaml::Value::String(s)) => Some(License {
            name: s.clone(),
            url: None,
        }),
        Some(_) => o.obj("data_license", LICENSE_KEYS).and_then(|l| {
            Some(License {
                name: l.str_req("name")?,
                url: l.url_opt("url", "data_license.url"),
            })
        }),
        None => None,
    };
    let stale_after_years = match o.int_opt("stale_after_years") {
        None => 2,
        Some(n) if (0..=100).contains(&n) => n as i32,
        Some(_) => {
            ctx.error(
                o.key_pos("stale_after_years"),
                Problem::WrongType {
                    key: "stale_after_years".into(),
                    expected: crate::diag::Shape::Integer,
                },
                None,
            );
            2
        }
    };
    let base_url = match super::urls::base_url(&base_url?) {
        Some(b) => b,
        None => {
            let raw = o.str_opt("base_url").unwrap_or_default();
            ctx.error(
                o.value_pos("base_url", &raw),
                Problem::BadBaseUrl(raw.clone()),
                None,
            );
            return None;
        }
    };
    let statement = super::statement::parse(&o);
    Some(SiteConfig {
        title: title?,
        description: o.str_opt("description").unwrap_or_default(),
        base_url,
        language,
        theme: o.str_opt("theme").unwrap_or_else(|| "default".into()),
        subjects,
        unsafe_html: o.bool_opt("unsafe_html"),
        data_license,
        stale_after_years,
        link_check_skip: o
            .obj("link_check", LINK_CHECK_KEYS)
            .map(|l| l.list_str("skip"))
            .unwrap_or_default(),
        images: o
            .obj("images", IMAGES_KEYS)
            .map(|i| image_settings(ctx, &i))
            .unwrap_or_default(),
        organisation: statement.organisation,
        contact: statement.contact,
        accessibility: statement.accessibility,
        statement_gaps: statement.gaps,
        today: None,
    })
}

/// `images:` in site.yaml; what is left out keeps its default.
fn image_settings(ctx: &Ctx, o: &super::fields::Obj) -> ImageSettings {
    let mut s = ImageSettings::default();
    let wrong = |key: &str, expected: Shape| {
        ctx.error(
            o.key_pos(key),
            Problem::WrongType {
                key: format!("images.{key}"),
                expected,
            },
            None,
        )
    };
    if let Some(v) = o.get("widths") {
        let widths: Option<Vec<u32>> = v.as_sequence().and_then(|items| {
            items
                .iter()
                .map(|x| {
                    x.as_u64()
                        .filter(|w| (16..=8192).contains(w))
                        .map(|w| w as u32)
                })
                .collect()
        });
        match widths {
            Some(mut w) if !w.is_empty() => {
                w.sort_unstable();
                w.dedup();
                s.widths = w;
            }
            _ => wrong("widths", Shape::List),
        }
    }
    if let Some(mb) = o.int_opt("max_mb") {
        match u64::try_from(mb) {
            Ok(mb) if mb > 0 => s.max_bytes = mb * 1_000_000,
            _ => wrong("max_mb", Shape::Integer),
        }
    }
    if let Some(q) = o.int_opt("quality") {
        match u8::try_from(q) {
            Ok(q) if (1..=100).contains(&q) => s.quality = q,
            _ => wrong("quality", Shape::Integer),
        }
    }
    if let Some(sizes) = o.str_opt("sizes") {
        s.sizes = sizes;
    }
    s.publish_originals = o.bool_opt("publish_originals");
    s
}
