//! Which URLs from YAML may be put into an `href`: links (a data licence, an indicator's
//! source) must be absolute http(s) URLs or paths on the site itself, and `base_url` must be an
//! absolute http(s) URL whose path cannot turn into another host. Anything else (a
//! `javascript:` or `data:` URL, `//other.host/`) would run or load something a citizen did not
//! ask for.

use url::Url;

/// True for a link a page may carry: `http://` or `https://` with a host and no user name or
/// password, or a path on the site (`/om/`, never `//host/`). No spaces or control characters.
pub fn is_safe_link(s: &str) -> bool {
    if s.is_empty()
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    if let Some(rest) = s.strip_prefix('/') {
        return !rest.starts_with('/');
    }
    match Url::parse(s) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some_and(|h| !h.is_empty())
                && u.username().is_empty()
                && u.password().is_none()
                && has_scheme_prefix(s)
        }
        Err(_) => false,
    }
}

/// `s` starts with `http://` or `https://` as written (the parser forgives `https:x.se`).
fn has_scheme_prefix(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `base_url` checked and written the one way the site uses it: `https://host/path/`, ending
/// with `/`. None when it is not an absolute http(s) URL with a host, or its path has empty,
/// `.` or `..` segments, or it has a user, a query or a fragment.
pub fn base_url(s: &str) -> Option<String> {
    if !is_safe_link(s) || s.starts_with('/') || s.contains(['?', '#']) {
        return None;
    }
    let after_host = s.split_once("://")?.1;
    let path = after_host.find('/').map_or("", |i| &after_host[i..]);
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let clean = segments.iter().enumerate().all(|(i, seg)| {
        let last = i + 1 == segments.len();
        (last || !seg.is_empty()) && !matches!(*seg, "." | ".." | "%2e" | "%2E" | "%2e%2e")
    });
    if !clean {
        return None;
    }
    let mut u = Url::parse(s).ok()?;
    if !u.path().ends_with('/') {
        let p = format!("{}/", u.path());
        u.set_path(&p);
    }
    Some(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_http_or_on_the_site() {
        assert!(is_safe_link("https://www.kolada.se/"));
        assert!(is_safe_link("http://example.se/a?b=c#d"));
        assert!(is_safe_link("/om/"));
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "//evil.example/",
            "https:evil.example",
            "https://user@x.se/",
            "mailto:a@b.se",
            "kolada.se",
            "",
        ] {
            assert!(!is_safe_link(bad), "{bad}");
        }
    }

    #[test]
    fn base_url_is_absolute_with_a_clean_path() {
        assert_eq!(
            base_url("https://test.example.se").as_deref(),
            Some("https://test.example.se/")
        );
        assert_eq!(
            base_url("https://x.se/portal").as_deref(),
            Some("https://x.se/portal/")
        );
        for bad in [
            "https://x.se//cdn.evil.example/",
            "https://x.se/a//b/",
            "https://x.se/./",
            "https://x.se/%2e%2e/",
            "/portal/",
            "https://x.se/#a",
        ] {
            assert_eq!(base_url(bad), None, "{bad}");
        }
    }
}
