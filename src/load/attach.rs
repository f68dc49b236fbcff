//! `attachments:` on articles and initiatives: a list of documents (`title`, `file`) shown
//! under the text with their type and size. A file that is not in `content/media/` is an
//! error at its line; each file found is kept among the text's links, so the link stage
//! counts it as used.

use std::path::{Component, Path};

use super::fields::{Ctx, Obj};
use super::{Loader, Pos};
use crate::attachments::{self, Attachment};
use crate::diag::Problem;
use crate::images::{html, Lookup};
use crate::markdown::{MdLink, MdPos, MdRefs, Reach};

pub(super) const ATTACHMENT_KEYS: &[&str] = &["title", "file"];

/// Keeps a media file named at `pos` among `refs`' links.
pub fn note(refs: &mut MdRefs, file: &str, pos: Pos, image: bool) {
    refs.links.push(MdLink {
        url: file.to_string(),
        at: MdPos {
            line: pos.line,
            column: pos.column,
        },
        image,
        reach: Reach::Internal,
        resolved: None,
    });
}

/// The `attachments` of the mapping `o`.
pub fn list(loader: &Loader, ctx: &Ctx, o: &Obj, refs: &mut MdRefs) -> Vec<Attachment> {
    let mut out = Vec::new();
    let lang = loader.config.language;
    let base_path = &loader.md.base_path;
    for a in o.list_obj("attachments", ATTACHMENT_KEYS) {
        let (Some(title), Some(file)) = (a.text_req("title"), a.str_req("file")) else {
            continue;
        };
        let rel = file.trim_start_matches("./");
        let pos = a.value_pos("file", &file);
        let inside = rel.starts_with("media/")
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        let meta = std::fs::metadata(loader.root.join("content").join(rel))
            .ok()
            .filter(|m| inside && m.is_file());
        let Some(meta) = meta else {
            ctx.error(pos, Problem::MissingFile(format!("content/{rel}")), None);
            continue;
        };
        let mut url = html::url(base_path, rel);
        if let Some(images) = loader.images() {
            if !images.settings.publish_originals {
                if let Lookup::Photo(set) = images.get(rel) {
                    let w = set.largest().width;
                    url = html::url(base_path, &set.out_path(w, set.fallback.ext()));
                }
            }
        }
        let kind = attachments::kind(rel)
            .map(str::to_string)
            .or_else(|| rel.rsplit_once('.').map(|(_, e)| e.to_ascii_uppercase()))
            .unwrap_or_default();
        let size = attachments::size(meta.len(), lang);
        let label = if kind.is_empty() {
            size.clone()
        } else {
            format!("{kind}, {size}")
        };
        note(refs, rel, pos, false);
        out.push(Attachment {
            title,
            file: rel.to_string(),
            url,
            kind,
            size,
            label,
        });
    }
    out
}
