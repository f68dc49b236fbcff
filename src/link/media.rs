//! Which media files the site uses: every `media/…` a text links to or shows, an article's
//! `image` and every `attachments` entry (these two are kept among the text's links when
//! loaded). Photos narrower than the smallest published width are warned about where they are
//! named; `check` lists the media files nothing names.

use std::collections::HashSet;

use super::Site;
use crate::diag::{Diagnostic, Problem};
use crate::markdown::{site_path, MdRefs, Reach};
use crate::model::Origin;

/// The media paths (`media/x.jpg`) the links of `refs` name.
fn media_of<'r>(
    refs: &'r MdRefs,
    base_path: &'r str,
) -> impl Iterator<Item = (String, &'r crate::markdown::MdLink)> + 'r {
    refs.links
        .iter()
        .filter(|l| l.reach == Reach::Internal)
        .filter_map(move |l| {
            let (path, _) = site_path(l.target(), base_path);
            let rel = path.strip_prefix('/')?;
            rel.starts_with("media/").then(|| (rel.to_string(), l))
        })
}

/// Every text of the site with the file it was written in.
fn texts(site: &Site) -> Vec<(&Origin, &MdRefs)> {
    let mut out: Vec<(&Origin, &MdRefs)> = Vec::new();
    out.extend(site.articles.iter().map(|a| (&a.origin, &a.refs)));
    out.extend(site.stories.iter().map(|s| (&s.origin, &s.refs)));
    out.extend(site.pages.iter().map(|p| (&p.origin, &p.refs)));
    out.extend(site.initiatives.iter().map(|i| (&i.origin, &i.refs)));
    if let Some(p) = &site.plan {
        out.push((&p.origin, &p.refs));
    }
    out
}

/// The media files the site names (what [`Site::used_media`] holds).
pub fn used(site: &Site) -> HashSet<String> {
    let base_path = site.config.base_path();
    texts(site)
        .into_iter()
        .flat_map(|(_, refs)| {
            media_of(refs, &base_path)
                .map(|(rel, _)| rel)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Fills [`Site::used_media`] and warns about photos too small for the smallest width.
pub(super) fn note_use(site: &mut Site) {
    let base_path = site.config.base_path();
    let mut used = HashSet::new();
    let mut warnings = Vec::new();
    let smallest = site.config.images.widths.first().copied().unwrap_or(0);
    for (origin, refs) in texts(site) {
        for (rel, link) in media_of(refs, &base_path) {
            if link.image {
                let set = site.images.as_ref().and_then(|i| i.known(&rel));
                if let Some(set) = set.filter(|s| s.width < smallest) {
                    warnings.push(Diagnostic::new(
                        &origin.file,
                        link.at.line,
                        link.at.column,
                        Problem::ImageTooSmall {
                            file: format!("content/{rel}"),
                            width: set.width,
                            smallest,
                        },
                    ));
                }
            }
            used.insert(rel);
        }
    }
    crate::diag::sort(&mut warnings);
    site.warnings.extend(warnings);
    site.used_media = used;
}

/// An error for each media file whose name a resized version of a used photo takes.
pub(super) fn taken_names(site: &Site) -> Vec<Diagnostic> {
    let Some(images) = &site.images else {
        return Vec::new();
    };
    let media: HashSet<String> = site
        .media
        .iter()
        .map(|m| m.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut used: Vec<&String> = site.used_media.iter().collect();
    used.sort();
    let mut out = Vec::new();
    for rel in used {
        let Some(set) = images.known(rel) else {
            continue;
        };
        for (path, _) in set.files() {
            if media.contains(&path) {
                out.push(Diagnostic::new(
                    std::path::Path::new("content").join(&path),
                    0,
                    0,
                    Problem::BadMediaName(crate::diag::MediaName::SameAsVariant(format!(
                        "content/{rel}"
                    ))),
                ));
            }
        }
    }
    out
}

/// A warning for each media file nothing names (for `check`; never an error).
pub fn unused(site: &Site) -> Vec<Diagnostic> {
    let publish_originals = site.config.images.publish_originals;
    site.media
        .iter()
        .filter_map(|m| {
            let rel = m.to_string_lossy().replace('\\', "/");
            if site.used_media.contains(&rel) {
                return None;
            }
            let published = publish_originals || !crate::images::is_photo(&rel);
            Some(Diagnostic::new(
                std::path::Path::new("content").join(m),
                0,
                0,
                Problem::UnusedMedia { published },
            ))
        })
        .collect()
}
