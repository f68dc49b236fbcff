//! Media in Markdown: an image in `media/` that is a photo becomes the `<picture>` of its
//! published variants (see [`crate::images`]); a link to a photo whose original is not
//! published leads to its widest variant; a link to a document (PDF, DOCX, …) gets its type
//! and size after the link text. Pictures are put in after sanitising, in place of a marker
//! no text contains, so that the sanitiser never needs to allow `<picture>`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::urls::{site_path, Reach};
use super::MdOptions;
use crate::escape::markup;
use crate::images::{html, is_photo, Lookup};

/// The marker of the `n`th picture of a text (private-use characters around it).
fn marker(n: usize) -> String {
    format!("\u{E000}framsteg-picture-{n}\u{E000}")
}

pub struct Media<'o> {
    opts: &'o MdOptions,
    pictures: Vec<String>,
    /// What to write at the end of the current link (its document type and size).
    pending: Option<String>,
    seen_image: bool,
}

impl<'o> Media<'o> {
    pub fn new(opts: &'o MdOptions) -> Self {
        Media {
            opts,
            pictures: Vec::new(),
            pending: None,
            seen_image: false,
        }
    }

    /// The media path (`media/x.jpg`) a URL as written names, if any.
    fn rel(&self, written: &str, reach: Reach) -> Option<String> {
        if reach != Reach::Internal || self.opts.images.is_none() {
            return None;
        }
        let (path, _) = site_path(written, &self.opts.base_path);
        let rest = path.strip_prefix("/media/")?;
        Some(format!("media/{rest}"))
    }

    /// The URL a link should lead to instead of the one written, if another.
    pub fn link(&mut self, written: &str, reach: Reach) -> Option<String> {
        self.pending = None;
        let rel = self.rel(written, reach)?;
        let images = self.opts.images.as_ref()?;
        if is_photo(&rel) {
            if images.settings.publish_originals {
                return None;
            }
            return match images.get(&rel) {
                Lookup::Photo(set) => {
                    let w = set.largest().width;
                    let path = set.out_path(w, set.fallback.ext());
                    Some(html::url(&self.opts.base_path, &path))
                }
                _ => None,
            };
        }
        if let Some(label) = images.document_label(&rel, self.opts.lang) {
            self.pending = Some(format!(
                " <span class=\"file-meta\">({})</span></a>",
                markup(&label)
            ));
        }
        None
    }

    /// What replaces the `</a>` of the link just closed, if anything.
    pub fn link_end(&mut self) -> Option<String> {
        self.pending.take()
    }

    /// Replaces the image whose events start `events` (at its `Start(Image)`) with the marker
    /// of its `<picture>`, when it is a photo.
    pub fn image(&mut self, written: &str, reach: Reach, events: &mut [(Event, Range<usize>)]) {
        let eager = self.opts.eager_first && !self.seen_image;
        self.seen_image = true;
        let Some(rel) = self.rel(written, reach) else {
            return;
        };
        let Some(images) = self.opts.images.as_ref() else {
            return;
        };
        let Lookup::Photo(set) = images.get(&rel) else {
            return;
        };
        // The image's own events, up to its `End(Image)`, give way to the picture.
        let (inner_end, alt) = super::image_alt(&events[1..]);
        let end = (inner_end + 1).min(events.len() - 1);
        let sizes = &images.settings.sizes;
        let picture = html::picture(&set, &self.opts.base_path, alt.trim(), sizes, eager);
        events[0].0 = Event::InlineHtml(CowStr::from(marker(self.pictures.len())));
        self.pictures.push(picture);
        for (e, _) in &mut events[1..=end] {
            *e = Event::Text(CowStr::Borrowed(""));
        }
    }

    /// The finished HTML with every picture in place.
    pub fn fill(&self, mut html: String) -> String {
        for (n, p) in self.pictures.iter().enumerate() {
            html = html.replacen(&marker(n), p, 1);
        }
        html
    }
}
