//! Markdown files with YAML front matter: articles (`content/articles/`) and free pages
//! (`content/pages/`).

use std::path::Path;
use std::sync::Arc;

use super::fields::Ctx;
use super::text;
use super::{is_slug, Loader, Parsed};
use crate::diag::{Diagnostic, Problem};
use crate::markdown::MdOrigin;
use crate::model::{Article, Origin, Page};
use crate::render::context::urls;

pub(super) const ARTICLE_KEYS: &[&str] = &[
    "title",
    "date",
    "subjects",
    "initiatives",
    "summary",
    "school",
    "author",
    "image",
    "image_alt",
    "updated",
    "draft",
    "slug",
    "attachments",
];
pub(super) const PAGE_KEYS: &[&str] = &["title", "summary", "slug"];

type Out = (Option<Parsed>, Vec<Diagnostic>);

/// Splits `---\nyaml\n---\nbody` into the YAML, the body and the body's first line number.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    if let Some(body) = rest.strip_prefix("---\n") {
        return Some(("", body));
    }
    let end = rest
        .find("\n---\n")
        .map(|i| (i, i + 5))
        .or_else(|| rest.strip_suffix("\n---").map(|s| (s.len(), rest.len())))?;
    Some((&rest[..end.0 + 1], &rest[end.1..]))
}

/// The front matter as YAML and a reading context, or the diagnostics that stop the file.
fn front_matter<'a>(
    rel: &'a Path,
    text: &'a str,
) -> Result<(serde_yaml::Value, Ctx<'a>, &'a str), Vec<Diagnostic>> {
    let Some((yaml, body)) = split_front_matter(text) else {
        return Err(vec![Diagnostic::new(rel, 1, 1, Problem::FrontMatter)]);
    };
    let value: serde_yaml::Value = if yaml.trim().is_empty() {
        serde_yaml::Value::Mapping(Default::default())
    } else {
        super::fields::parse_yaml(rel, yaml, 1).map_err(|d| vec![d])?
    };
    Ok((value, Ctx::new(rel, yaml, 1), body))
}

/// The slug a file name gives: the stem less a `YYYY-MM-DD-` prefix, transliterated.
pub fn slug_from_file(rel: &Path) -> String {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    slug::slugify(if dated { &stem[11..] } else { stem })
}

/// The date a file name starts with, if any.
fn date_from_file(rel: &Path) -> Option<jiff::civil::Date> {
    let stem = rel.file_stem()?.to_str()?;
    super::fields::parse_date(stem.get(..10)?)
}

/// A given slug, checked; or the one derived from the file name.
fn slug_of(ctx: &Ctx, o: &super::fields::Obj, rel: &Path) -> Option<String> {
    match o.str_opt("slug") {
        Some(s) => match super::slug_problem(&s) {
            None => Some(s),
            Some(p) => {
                let better = matches!(p, Problem::BadSlug(_))
                    .then(|| slug::slugify(&s))
                    .filter(|b| is_slug(b));
                ctx.error(o.value_pos("slug", &s), p, better);
                None
            }
        },
        None => {
            let s = slug_from_file(rel);
            match super::slug_problem(&s) {
                None => Some(s),
                Some(p) => {
                    ctx.error(o.at, p, None);
                    None
                }
            }
        }
    }
}

pub fn article(loader: &Loader, rel: &Path, text: &str) -> Out {
    let (value, ctx, body) = match front_matter(rel, text) {
        Ok(x) => x,
        Err(d) => return (None, d),
    };
    let Some(o) = ctx.obj(&value, ctx.text.start(), "front matter", ARTICLE_KEYS) else {
        return (None, ctx.into_diags());
    };
    let title = o.text_req("title");
    let date = match o.get("date") {
        Some(_) => o.date_opt("date"),
        None => date_from_file(rel).or_else(|| o.date_req("date")),
    };
    let slug = slug_of(&ctx, &o, rel);
    let subjects = o.list_str_req("subjects");
    let image = o.str_opt("image");
    let image_alt = o.str_opt("image_alt").filter(|s| !s.trim().is_empty());
    if let Some(img) = &image {
        if image_alt.is_none() {
            ctx.error(o.key_pos("image"), Problem::ImageWithoutAlt, None);
        }
        check_media_path(&ctx, &o, loader, img);
    }
    let page = slug.as_deref().map(|s| format!("/{}", urls::article(s)));
    let origin = body_origin(text, body);
    let mut rendered = match &image {
        Some(_) => text::render(loader, &ctx, body, origin, page.as_deref()),
        None => text::render_main(loader, &ctx, body, origin, page.as_deref()),
    };
    if let Some(img) = &image {
        let rel = img.trim_start_matches("./");
        if loader.root.join("content").join(rel).is_file() && rel.starts_with("media/") {
            super::attach::note(&mut rendered.refs, rel, o.value_pos("image", img), true);
        }
    }
    let attachments = super::attach::list(loader, &ctx, &o, &mut rendered.refs);
    let summary = text::given_summary(&o).unwrap_or(rendered.first_paragraph);
    let article = (|| {
        Some(Article {
            origin: Origin {
                file: rel.to_path_buf(),
                line: 1,
            },
            slug: slug?,
            title: title?,
            date: date?,
            updated: o.date_opt("updated"),
            subjects,
            initiatives: o.list_str("initiatives"),
            summary,
            school: o.str_opt("school"),
            author: o.str_opt("author"),
            image: image.map(|i| i.trim_start_matches("./").to_string()),
            image_alt,
            draft: o.bool_opt("draft"),
            scheduled: date? > loader.today,
            body_html: rendered.html,
            refs: rendered.refs,
            attachments,
        })
    })();
    let diags = ctx.into_diags();
    (article.map(|a| Parsed::Article(Arc::new(a))), diags)
}

/// Where the body (a slice of the file's text) starts: the line after the front matter.
fn body_origin(text: &str, body: &str) -> MdOrigin {
    let offset = (body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let before = text.get(..offset).unwrap_or("");
    MdOrigin {
        line: before.bytes().filter(|b| *b == b'\n').count() + 1,
        column: 1,
        block: false,
    }
}

/// An image path must stay inside `content/` and exist there; a photo must be one that can be
/// published (it is processed now).
fn check_media_path(ctx: &Ctx, o: &super::fields::Obj, loader: &Loader, img: &str) {
    let root = loader.root;
    let p = Path::new(img);
    let inside = !img.contains('\\')
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
    if !inside || !root.join("content").join(p).is_file() {
        ctx.error(
            o.value_pos("image", img),
            Problem::MissingFile(format!("content/{img}")),
            None,
        );
    } else if let Some(images) = loader.images() {
        let rel = img.trim_start_matches("./");
        text::image_problem(ctx, o.value_pos("image", img), images, rel);
    }
}

pub fn page(loader: &Loader, rel: &Path, text: &str) -> Out {
    let (value, ctx, body) = match front_matter(rel, text) {
        Ok(x) => x,
        Err(d) => return (None, d),
    };
    let Some(o) = ctx.obj(&value, ctx.text.start(), "front matter", PAGE_KEYS) else {
        return (None, ctx.into_diags());
    };
    let title = o.text_req("title");
    let slug = slug_of(&ctx, &o, rel);
    let page = slug.as_deref().map(|s| format!("/{s}/"));
    let rendered = text::render_main(loader, &ctx, body, body_origin(text, body), page.as_deref());
    let summary = text::given_summary(&o);
    let page = (|| {
        Some(Page {
            origin: Origin {
                file: rel.to_path_buf(),
                line: 1,
            },
            slug: slug?,
            title: title?,
            summary,
            body_html: rendered.html,
            refs: rendered.refs,
        })
    })();
    let diags = ctx.into_diags();
    (page.map(|p| Parsed::Page(Arc::new(p))), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_drops_the_date_and_transliterates() {
        assert_eq!(
            slug_from_file(Path::new(
                "content/articles/2022-10-24-fn-dagen-ängåsskolan.md"
            )),
            "fn-dagen-angasskolan"
        );
        assert_eq!(slug_from_file(Path::new("x/Om oss.md")), "om-oss");
    }

    #[test]
    fn splits_front_matter_from_body() {
        let (fm, body) = split_front_matter("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(fm, "title: A\n");
        assert_eq!(body, "Body\n");
        assert!(split_front_matter("title: A\n").is_none());
    }
}
