//! Link and image URLs in Markdown: only http(s), mailto and tel schemes survive (anything else
//! becomes `#`), site-absolute paths and `media/…` are rooted at the site's base path, and
//! each URL is classified for the link-stage checks (internal target, external, or neither).

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
    /// Neither: `mailto:`, `tel:`, a page-relative path, a neutralised URL.
    Other,
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

/// The URL to write, and what it reaches. Unsafe schemes become `#`.
pub fn prepare<'a>(url: &CowStr<'a>, base_path: &str) -> (CowStr<'a>, Reach) {
    if let Some((buf, n)) = scheme(url) {
        let s = std::str::from_utf8(&buf[..n]).unwrap_or("");
        return match s {
            "http" | "https" => (url.clone(), Reach::External),
            s if SCHEMES.contains(&s) => (url.clone(), Reach::Other),
            _ => (CowStr::from("#"), Reach::Other),
        };
    }
    if url.starts_with("//") {
        return (url.clone(), Reach::External);
    }
    if url.starts_with('#') {
        return (url.clone(), Reach::Internal);
    }
    if let Some(rest) = url.strip_prefix('/') {
        if base_path == "/" || url.starts_with(base_path) {
            return (url.clone(), Reach::Internal);
        }
        return (CowStr::from(format!("{base_path}{rest}")), Reach::Internal);
    }
    let media = url.strip_prefix("./").unwrap_or(url);
    if media.starts_with("media/") {
        return (CowStr::from(format!("{base_path}{media}")), Reach::Internal);
    }
    (url.clone(), Reach::Other)
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
        let (u, r) = prepare(&CowStr::from(url.to_string()), base);
        (u.to_string(), r)
    }

    #[test]
    fn keeps_only_the_allowed_schemes() {
        assert_eq!(p("JavaScript:alert(1)", "/").0, "#");
        assert_eq!(p(" java\tscript:x", "/").0, "#");
        assert_eq!(p("data:text/html,x", "/").0, "#");
        assert_eq!(p("file:///etc/passwd", "/").0, "#");
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
