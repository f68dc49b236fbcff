//! Raw HTML inside Markdown: sanitised with ammonia (one shared, allow-listed configuration)
//! unless the site sets `unsafe_html: true`, and every raw `<img>` checked for an `alt`.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::urls::SCHEMES;

/// The one sanitiser: ammonia's defaults (no scripts, styles, event handlers or frames) plus
/// `id` and `class`, table alignment, and only the URL schemes Markdown links may use.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .url_schemes(SCHEMES.iter().copied().collect());
    b
});

/// Only `<img>` and its `alt`, for finding images without one.
static IMAGES: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.add_tags(["img"]).add_tag_attributes("img", ["alt"]);
    b
});

/// How deep raw HTML may nest (tags opened and not yet closed). html5ever, under ammonia,
/// takes time in proportion to the depth for every tag, so 100,000 nested `<div>` would take
/// minutes; no real page needs more than a few dozen levels.
pub const MAX_DEPTH: usize = 200;

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Follows the nesting of raw HTML across the pieces of one text. Only a guard, not a parser:
/// it counts start tags that are not void or self-closed against end tags.
#[derive(Default)]
pub struct Depth {
    depth: usize,
}

impl Depth {
    /// Reads one piece; true when the nesting has now gone past [`MAX_DEPTH`].
    pub fn too_deep(&mut self, raw: &str) -> bool {
        let b = raw.as_bytes();
        let mut i = 0;
        while let Some(rel) = b[i..].iter().position(|&c| c == b'<') {
            i += rel + 1;
            let closing = b.get(i) == Some(&b'/');
            let name_start = i + usize::from(closing);
            let name_len = b[name_start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
                continue;
            }
            let name = &raw[name_start..name_start + name_len];
            if closing {
                self.depth = self.depth.saturating_sub(1);
                continue;
            }
            let end = b[i..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |e| i + e);
            let self_closed = end > 0 && b.get(end - 1) == Some(&b'/');
            if !self_closed && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return true;
                }
            }
        }
        false
    }
}

pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// How many `<img>` tags in a piece of raw HTML have no `alt` attribute at all. `alt=""` is
/// HTML's own way to mark an image as decorative and is accepted.
pub fn images_without_alt(raw: &str) -> usize {
    if !contains_img(raw) {
        return 0;
    }
    let normal = IMAGES.clean(raw).to_string();
    normal
        .split("<img")
        .skip(1)
        .filter(|tag| {
            let tag = tag.split('>').next().unwrap_or("");
            !tag.contains(" alt=\"")
        })
        .count()
}

/// A quick test before parsing: does the text mention `<img` in any case?
pub fn contains_img(raw: &str) -> bool {
    raw.as_bytes()
        .windows(4)
        .any(|w| w[0] == b'<' && w[1..].eq_ignore_ascii_case(b"img"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_images_with_no_alt_attribute() {
        assert_eq!(images_without_alt("<IMG src=x>"), 1);
        assert_eq!(
            images_without_alt("<img src=x alt=\"Elever\"><img src=y>"),
            1
        );
        assert_eq!(images_without_alt("<img src=x alt=\"\">"), 0);
        assert_eq!(images_without_alt("<p>ingen bild</p>"), 0);
    }

    #[test]
    fn nesting_counts_open_tags_not_void_or_closed_ones() {
        let mut d = Depth::default();
        assert!(!d.too_deep(&"<div><br><img src=x/><p>a</p>".repeat(MAX_DEPTH - 1)));
        assert!(!d.too_deep("<div>"));
        assert!(d.too_deep("<div>"));
        let mut d = Depth::default();
        assert!(!d.too_deep(&"<div>".repeat(MAX_DEPTH)));
        assert!(!d.too_deep(&"</div>".repeat(MAX_DEPTH)));
        assert!(!d.too_deep(&"<div>".repeat(MAX_DEPTH)));
    }

    #[test]
    fn keeps_table_alignment_and_drops_other_styles() {
        let out = sanitize(
            "<table><tr><td style=\"text-align: center; position: fixed\">a</td></tr></table>",
        );
        assert!(
            out.contains("text-align") && !out.contains("position"),
            "{out}"
        );
    }
}
