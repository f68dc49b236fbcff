//! How a processed photo is shown: the `<picture>` written for images in Markdown texts, and
//! the value templates get for an article's `image` (the same variants, for the hero image,
//! cards and the Open Graph image).

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;

use super::ImageSet;
use crate::escape::markup;

/// What a path segment may not hold in a URL inside `srcset` (a space or comma would split
/// the list) or an attribute.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b',')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The URL path (under `base_path`) of an output file such as `media/x-480w.jpg`.
pub fn url(base_path: &str, path: &str) -> String {
    format!("{base_path}{}", utf8_percent_encode(path, PATH))
}

fn srcset(set: &ImageSet, base_path: &str, ext: &str) -> String {
    set.variants
        .iter()
        .map(|v| {
            format!(
                "{} {}w",
                url(base_path, &set.out_path(v.width, ext)),
                v.width
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An article's image for templates: every value the `<picture>` of the built-in theme uses,
/// and an Open Graph image (the widest fallback variant, with its absolute URL).
#[derive(Debug, Clone, Serialize)]
pub struct ImageValue {
    /// The fallback variant for browsers without `srcset`; `width` and `height` are its size.
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// Fallback variants, `url 480w, …`.
    pub srcset: String,
    /// WebP variants, `url 480w, …`.
    pub webp_srcset: String,
    /// MIME type of the fallback format (`image/jpeg`, `image/png`).
    pub mime: &'static str,
    pub sizes: String,
    pub alt: String,
    /// Absolute URL of the widest fallback variant, for `og:image`.
    pub og_url: String,
    pub og_width: u32,
    pub og_height: u32,
}

impl ImageValue {
    pub fn new(set: &ImageSet, config: &crate::model::SiteConfig, alt: &str, sizes: &str) -> Self {
        let base = config.base_path();
        let ext = set.fallback.ext();
        let shown = set.default_variant();
        let largest = set.largest();
        ImageValue {
            src: url(&base, &set.out_path(shown.width, ext)),
            width: shown.width,
            height: shown.height,
            srcset: srcset(set, &base, ext),
            webp_srcset: srcset(set, &base, "webp"),
            mime: set.fallback.mime(),
            sizes: sizes.to_string(),
            alt: alt.to_string(),
            og_url: og_url(set, config),
            og_width: largest.width,
            og_height: largest.height,
        }
    }
}

/// The absolute URL of the widest fallback variant: the image to share (`og:image`).
pub fn og_url(set: &ImageSet, config: &crate::model::SiteConfig) -> String {
    let path = set.out_path(set.largest().width, set.fallback.ext());
    format!("{}{}", config.base_url, utf8_percent_encode(&path, PATH))
}

/// The `<picture>` for an image in a text: WebP first, the fallback in `<img>` with its size,
/// lazily loaded unless `eager` (the first thing on a page).
pub fn picture(set: &ImageSet, base_path: &str, alt: &str, sizes: &str, eager: bool) -> String {
    let ext = set.fallback.ext();
    let shown = set.default_variant();
    let loading = if eager {
        ""
    } else {
        " loading=\"lazy\" decoding=\"async\""
    };
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{sizes}\">\
         <img src=\"{src}\" srcset=\"{fallback}\" sizes=\"{sizes}\" width=\"{w}\" height=\"{h}\" \
         alt=\"{alt}\"{loading}></picture>",
        webp = markup(&srcset(set, base_path, "webp")),
        sizes = markup(sizes),
        src = markup(&url(base_path, &set.out_path(shown.width, ext))),
        fallback = markup(&srcset(set, base_path, ext)),
        w = shown.width,
        h = shown.height,
        alt = markup(alt),
    )
}
