//! Link and image URLs in Markdown: only http(s), mailto and tel schemes survive (anything else
//! becomes `#` and is reported), site-absolute paths and `media/…` are rooted at the site's
//! base path, page-relative paths (`../fn-dagen/`) are resolved against the page the text
//! belongs to and written site-absolute (so they work wherever the text is shown, feeds
//! included), and each URL is classified for the link-stage checks.

use pulldown_cmark::CowStr;

/// The URL schemes a Markdown link or image may use.
pub const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// What a URL points at, for the checks after loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A page, file or anchor of this site (`/…`, `media/…`, `#…`): checked at link stage.
    Internal,
    /// An http(s) URL of another site: checked by `check --external`.
    External,
    /// A scheme that is not allowed (`javascript:`, `data:`, `file:` …): written as `#` and
    /// reported at link stage.
    Unsafe,
    /// Neither: `mailto:`, `tel:`, a page-relative path in a text without a page of its own.
    Other,
}

/// A URL as it is to be written, what it reaches, and for a page-relative URL the site path
/// (rooted at `/`, without the base path) it resolved to.
pub struct Prepared<'a> {
    pub url: CowStr<'a>,
    pub reach: Reach,
    pub resolved: Option<String>,
}

/// The URL's scheme, lowercased, ignoring the whitespace and control characters browsers
/// ignore; None for a URL without one (a path or an anchor).
fn scheme(url: &str) -> Option<([u8; 16], usize)> {
    let mut buf = [0u8; 16];
    let mut n = 0;
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() {
            continue;
        }
        if c == ':' {
            return (n > 0).then_some((buf, n));
        }
        let ok = if n == 0 {
            c.is_ascii_alphabetic()
        } else {
            c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
        };
        if !ok || n == buf.len() {
            return None;
        }
        buf[n] = c.to_ascii_lowercase() as u8;
        n += 1;
    }
    None
}

/// The URL to write, and what it reaches. Unsafe schemes become `#`. `page` is the site path
/// (`/artiklar/x/`) of the page the text belongs to, for resolving page-relative URLs.
pub fn prepare<'a>(url: &CowStr<'a>, base_path: &str, page: Option<&str>) -> Prepared<'a> {
    let plain = |url: CowStr<'a>, reach| Prepared {
        url,
        reach,
        resolved: None,
    };
    if let Some((buf, n)) = scheme(url) {
        let s = std::str::from_utf8(&buf[..n]).unwrap_or("");
        return match s {
            "http" | "https" => plain(url.clone(), Reach::External),
            s if SCHEMES.contains(&s) => plain(url.clone(), Reach::Other),
            _ => plain(CowStr::from("#"), Reach::Unsafe),
        };
    }
    if url.starts_with("//") {
        return plain(url.clone(), Reach::External);
    }
    if url.starts_with('#') {
        return plain(url.clone(), Reach::Internal);
    }
    if let Some(rest) = url.strip_prefix('/') {
        if base_path == "/" || url.starts_with(base_path) {
            return plain(url.clone(), Reach::Internal);
        }
        return plain(CowStr::from(format!("{base_path}{rest}")), Reach::Internal);
    }
    let media = url.strip_prefix("./").unwrap_or(url);
    if media.starts_with("media/") {
        return plain(CowStr::from(format!("{base_path}{media}")), Reach::Internal);
    }
    match page.and_then(|p| resolve(p, url)) {
        Some(site) => Prepared {
            url: CowStr::from(format!("{base_path}{}", &site[1..])),
            reach: Reach::Internal,
            resolved: Some(site),
        },
        None => plain(url.clone(), Reach::Other),
    }
}

/// `rel` resolved against the site path `page`, as a site path with query and fragment
/// (`..` never climbs above the site's root). By the url crate's rules, as a browser would.
fn resolve(page: &str, rel: &str) -> Option<String> {
    let root = url::Url::parse("https://site.invalid/").ok()?;
    let joined = root.join(page).ok()?.join(rel).ok()?;
    if joined.host_str() != Some("site.invalid") {
        return None;
    }
    let mut out = joined.path().to_string();
    if let Some(q) = joined.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = joined.fragment() {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// A link as written, split into the site path it names (rooted at `/`, without the base
/// path, query or fragment) and its fragment. `media/x` and `/media/x` give the same path.
pub fn site_path<'u>(
    url: &'u str,
    base_path: &str,
) -> (std::borrow::Cow<'u, str>, Option<&'u str>) {
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let before = before.split('?').next().unwrap_or("");
    let path: std::borrow::Cow<str> = if before.is_empty() {
        "".into()
    } else if let Some(m) = before
        .strip_prefix("./")
        .or(Some(before))
        .filter(|m| m.starts_with("media/"))
    {
        format!("/{m}").into()
    } else if base_path != "/" && before.starts_with(base_path) {
        format!("/{}", &before[base_path.len()..]).into()
    } else {
        before.into()
    };
    let path = if path.contains('%') {
        match percent_encoding::percent_decode_str(&path).decode_utf8() {
            Ok(d) => d.into_owned().into(),
            Err(_) => path,
        }
    } else {
        path
    };
    (path, fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(url: &str, base: &str) -> (String, Reach) {
        let p = prepare(&CowStr::from(url.to_string()), base, None);
        (p.url.to_string(), p.reach)
    }

    fn on_page(url: &str, base: &str, page: &str) -> (String, Reach, Option<String>) {
        let p = prepare(&CowStr::from(url.to_string()), base, Some(page));
        (p.url.to_string(), p.reach, p.resolved)
    }

    #[test]
    fn keeps_only_the_allowed_schemes() {
        assert_eq!(p("JavaScript:alert(1)", "/").0, "#");
        assert_eq!(p(" java\tscript:x", "/").0, "#");
        assert_eq!(p("data:text/html,x", "/").0, "#");
        assert_eq!(p("file:///etc/passwd", "/"), ("#".into(), Reach::Unsafe));
        assert_eq!(
            p("https://a.se/", "/"),
            ("https://a.se/".into(), Reach::External)
        );
        assert_eq!(
            p("mailto:a@b.se", "/"),
            ("mailto:a@b.se".into(), Reach::Other)
        );
    }

    #[test]
    fn roots_media_and_site_paths_at_the_base_path() {
        assert_eq!(p("media/a.jpg", "/x/").0, "/x/media/a.jpg");
        assert_eq!(p("./media/a.jpg", "/").0, "/media/a.jpg");
        assert_eq!(p("/plan/", "/x/").0, "/x/plan/");
        assert_eq!(p("/x/plan/", "/x/").0, "/x/plan/");
        assert_eq!(p("fn-dagen/", "/").1, Reach::Other);
    }

    #[test]
    fn page_relative_urls_resolve_against_their_page_and_never_above_the_root() {
        assert_eq!(
            on_page("../fn-dagen/#bilder", "/x/", "/artiklar/a/"),
            (
                "/x/artiklar/fn-dagen/#bilder".into(),
                Reach::Internal,
                Some("/artiklar/fn-dagen/#bilder".into())
            )
        );
        let climb = on_page("../../../../etc/passwd", "/", "/artiklar/a/");
        assert_eq!(climb.2.as_deref(), Some("/etc/passwd"));
        assert_eq!(climb.1, Reach::Internal);
        assert_eq!(p("fn-dagen/", "/").1, Reach::Other);
    }

    #[test]
    fn site_path_drops_base_path_query_and_fragment() {
        assert_eq!(
            site_path("/x/plan/?a=1#mal", "/x/"),
            ("/plan/".into(), Some("mal"))
        );
        assert_eq!(
            site_path("media/min%20bild.jpg", "/"),
            ("/media/min bild.jpg".into(), None)
        );
        assert_eq!(site_path("#rubrik", "/"), ("".into(), Some("rubrik")));
    }
}
