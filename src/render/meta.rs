//! Meta for sharing and search engines: the Open Graph and Twitter card values of a page and
//! its JSON-LD (`NewsArticle` for an article, `WebSite` on the home page, published by the
//! site's `organisation` as a `GovernmentOrganization`). JSON-LD is serialised here with
//! serde_json and made inert inside `<script>`, never written by hand in a template.

use serde::Serialize;
use serde_json::json;

use crate::link::Site;
use crate::model::{Article, Lang};

/// A page's sharing values, flattened into the template's `page`.
#[derive(Serialize)]
pub struct Share {
    /// `og:type`: `article` for articles and stories, else `website`.
    pub og_type: &'static str,
    /// `og:image`: the absolute URL of the page's image, when it has one.
    pub image: Option<String>,
    /// `og:image:alt`: the image's text alternative, when it has one.
    pub image_alt: Option<String>,
    /// The JSON-LD, ready to go between `<script type="application/ld+json">` tags.
    pub json_ld: Option<String>,
}

impl Share {
    /// An ordinary page: a website, no image, no JSON-LD.
    pub fn website() -> Share {
        Share {
            og_type: "website",
            image: None,
            image_alt: None,
            json_ld: None,
        }
    }

    /// A story: shared as an article (stories have no image).
    pub fn story() -> Share {
        Share {
            og_type: "article",
            ..Share::website()
        }
    }

    /// The home page: a `WebSite`.
    pub fn home(site: &Site) -> Share {
        let c = &site.config;
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": c.title,
            "url": c.base_url,
            "inLanguage": c.language.code(),
            "publisher": publisher(site),
        });
        if !c.description.is_empty() {
            ld["description"] = json!(c.description);
        }
        Share {
            json_ld: Some(script_json(&ld)),
            ..Share::website()
        }
    }

    /// An article: a `NewsArticle` with its image, dates and author.
    pub fn article(site: &Site, a: &Article, url: &str) -> Share {
        let c = &site.config;
        // A photo is shared as its widest published variant (the original is not published).
        let image =
            a.image
                .as_deref()
                .map(|p| match site.images.as_ref().and_then(|i| i.known(p)) {
                    Some(set) => crate::images::html::og_url(&set, c),
                    None => c.absolute(p),
                });
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": a.date.to_string(),
            "dateModified": a.updated.unwrap_or(a.date).to_string(),
            "url": url,
            "inLanguage": c.language.code(),
            "publisher": publisher(site),
        });
        if !a.summary.is_empty() {
            ld["description"] = json!(a.summary);
        }
        if let Some(img) = &image {
            ld["image"] = json!(img);
        }
        if let Some(author) = &a.author {
            ld["author"] = json!({ "@type": "Person", "name": author });
        }
        Share {
            og_type: "article",
            image,
            image_alt: a.image_alt.clone().filter(|s| !s.is_empty()),
            json_ld: Some(script_json(&ld)),
        }
    }
}

/// `og:locale` of the site's language.
pub fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "sv_SE",
        Lang::En => "en_GB",
    }
}

/// The organisation that publishes the site: `organisation` in site.yaml, else its title.
fn publisher(site: &Site) -> serde_json::Value {
    let c = &site.config;
    json!({
        "@type": "GovernmentOrganization",
        "name": c.organisation.as_deref().unwrap_or(&c.title),
        "url": c.base_url,
    })
}

/// JSON that stays inert inside `<script>`: `<`, `>` and `&` (which JSON only has inside
/// strings) written as `\u003c`, `\u003e`, `\u0026`, so no text can close the element.
pub fn script_json(v: &serde_json::Value) -> String {
    let text = v.to_string();
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script_json;

    #[test]
    fn script_json_escapes_what_could_close_the_script_and_still_parses() {
        let v = serde_json::json!({ "t": "</script><script>alert(1)</script> & co" });
        let s = script_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
