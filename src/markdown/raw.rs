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
