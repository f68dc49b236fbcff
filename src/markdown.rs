//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, smart punctuation and
//! unique heading ids, site-absolute links made relative to the site's base path, dangerous
//! URLs neutralised, and raw HTML sanitised with ammonia unless the site allows it.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::Lang;

/// How Markdown is turned into HTML for one site.
#[derive(Debug, Clone)]
pub struct MdOptions {
    pub unsafe_html: bool,
    /// The path part of the site's base URL, always ending in `/` (`/` for a site at the root).
    pub base_path: String,
    pub lang: Lang,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph as plain text, for summaries.
    pub first_paragraph: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(md: &str, opts: &MdOptions) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(md, options()).collect();
    let demote = events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    let mut has_raw_html = false;
    let mut first_paragraph = String::new();
    let mut paragraph_state = 0u8; // 0: not seen, 1: inside the first, 2: done
    let mut used_ids = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        match &mut events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if demote {
                    *level = demoted(*level);
                }
                let wanted = match id.take() {
                    Some(given) => slug::slugify(given.as_ref()),
                    None => slug::slugify(heading_text(&events[i + 1..])),
                };
                let unique = unique_id(&wanted, &mut used_ids);
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                    *id = Some(CowStr::from(unique));
                }
            }
            Event::End(TagEnd::Heading(level)) if demote => *level = demoted(*level),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                *dest_url = safe_url(dest_url, &opts.base_path);
            }
            Event::Html(_) | Event::InlineHtml(_) => has_raw_html = true,
            Event::Start(Tag::Paragraph) if paragraph_state == 0 => paragraph_state = 1,
            Event::End(TagEnd::Paragraph) if paragraph_state == 1 => paragraph_state = 2,
            Event::Text(t) => {
                if opts.lang == Lang::Sv && (t.contains('“') || t.contains('‘')) {
                    *t = CowStr::from(t.replace('“', "”").replace('‘', "’"));
                }
                if paragraph_state == 1 {
                    first_paragraph.push_str(t);
                }
            }
            Event::Code(t) if paragraph_state == 1 => first_paragraph.push_str(t),
            Event::SoftBreak | Event::HardBreak if paragraph_state == 1 => {
                first_paragraph.push(' ')
            }
            _ => {}
        }
        i += 1;
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html && !opts.unsafe_html {
        html = sanitize(&html);
    }
    Rendered {
        html,
        first_paragraph: first_paragraph.trim().to_string(),
    }
}

/// Plain text of a short Markdown string (a summary may contain *emphasis*).
pub fn plain_text(md: &str) -> String {
    let mut out = String::new();
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn demoted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn heading_text(rest: &[Event]) -> String {
    let mut text = String::new();
    for e in rest {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn unique_id(wanted: &str, used: &mut HashSet<String>) -> String {
    let base = if wanted.is_empty() { "rubrik" } else { wanted };
    let mut id = base.to_string();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Neutralises script URLs and roots site-absolute paths at the base path.
fn safe_url<'a>(url: &CowStr<'a>, base_path: &str) -> CowStr<'a> {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| compact.starts_with(s))
    {
        return CowStr::from("#");
    }
    if url.starts_with('/') && !url.starts_with("//") && base_path != "/" {
        return CowStr::from(format!("{}{}", base_path, &url[1..]));
    }
    url.clone()
}

fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> MdOptions {
        MdOptions {
            unsafe_html: false,
            base_path: "/".into(),
            lang: Lang::Sv,
        }
    }

    #[test]
    fn gives_headings_unique_ids() {
        let r = render("## Språk i fokus\n\n## Språk i fokus\n", &opts());
        assert!(r.html.contains(r#"<h2 id="sprak-i-fokus">"#), "{}", r.html);
        assert!(
            r.html.contains(r#"<h2 id="sprak-i-fokus-1">"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn demotes_h1_so_the_page_title_stays_the_only_h1() {
        let r = render("# A\n\n## B\n", &opts());
        assert!(r.html.contains("<h2 id=\"a\">") && r.html.contains("<h3 id=\"b\">"));
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_urls() {
        let md = "Hej <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[klick](javascript:alert(3))";
        let r = render(md, &opts());
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
    }

    #[test]
    fn keeps_raw_html_when_the_site_allows_it() {
        let mut o = opts();
        o.unsafe_html = true;
        let r = render("<div class=\"x\" onclick=\"f()\">a</div>", &o);
        assert!(r.html.contains("onclick"));
    }

    #[test]
    fn takes_the_first_paragraph_as_plain_text() {
        let r = render("## Rubrik\n\nEtt *första*\nstycke.\n\nAndra.", &opts());
        assert_eq!(r.first_paragraph, "Ett första stycke.");
    }

    #[test]
    fn uses_swedish_quotation_marks() {
        let r = render("Hon sa \"hej\".", &opts());
        assert!(r.html.contains("”hej”"), "{}", r.html);
    }

    #[test]
    fn roots_site_links_at_the_base_path() {
        let mut o = opts();
        o.base_path = "/likvardig/".into();
        let r = render("[Planen](/plan/)", &o);
        assert!(r.html.contains(r#"href="/likvardig/plan/""#), "{}", r.html);
    }
}
