//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, smart punctuation and
//! unique heading ids. The output is safe by construction under `unsafe_html: false`: headings
//! keep only their id (no author-given attributes or classes), link and image URLs keep only
//! http(s), mailto and tel schemes, and raw HTML goes through ammonia. Besides the HTML, a
//! render gives what the later checks need: the links and images with their positions, the
//! heading ids, and the accessibility mistakes found in the text.

mod headings;
mod media;
mod raw;
mod summary;
mod urls;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::Lang;
pub use summary::{shorten as shorten_summary, MAX_CHARS as SUMMARY_MAX_CHARS};
pub use urls::{site_path, Reach};

/// How Markdown is turned into HTML for one site.
#[derive(Debug, Clone)]
pub struct MdOptions {
    pub unsafe_html: bool,
    /// The path part of the site's base URL, always ending in `/` (`/` for a site at the root).
    pub base_path: String,
    pub lang: Lang,
    /// The site's photos: images in `media/` become `<picture>`s of their variants, links to
    /// documents get their type and size. None leaves every URL as written (a bare render).
    pub images: Option<std::sync::Arc<crate::images::Images>>,
    /// The first image of the text may be the first thing on the page: not lazily loaded.
    pub eager_first: bool,
}

/// A place in a Markdown text: 1-based line and 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MdPos {
    pub line: usize,
    pub column: usize,
}

/// A link or image worth checking: to this site (`/…`, `media/…`, `#…`) or to another (http).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdLink {
    /// As written.
    pub url: String,
    pub at: MdPos,
    pub image: bool,
    pub reach: Reach,
    /// For a page-relative URL, the site path it resolved to (`/artiklar/x/#a`).
    pub resolved: Option<String>,
}

impl MdLink {
    /// The URL to check: the resolved site path of a page-relative URL, else as written.
    pub fn target(&self) -> &str {
        self.resolved.as_deref().unwrap_or(&self.url)
    }
}

/// A mistake in the text itself, found while rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MdIssue {
    /// `![](…)`, or a raw `<img>` without `alt`.
    ImageWithoutAlt,
    /// A heading more than one level deeper than the one before it.
    HeadingSkip { from: u8, to: u8 },
    /// Raw HTML nested deeper than [`MAX_HTML_DEPTH`]: the text is not rendered.
    HtmlTooDeep,
}

pub use raw::MAX_DEPTH as MAX_HTML_DEPTH;

/// What the link stage needs of a Markdown field: its links (positions in the file, once
/// loaded) and the anchors a link to it may name.
#[derive(Debug, Clone, Default)]
pub struct MdRefs {
    pub links: Vec<MdLink>,
    /// Heading ids and footnote names.
    pub anchors: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph as plain text, shortened for summaries.
    pub first_paragraph: String,
    /// Positions are in the Markdown text until [`Rendered::place`] moves them into the file.
    pub refs: MdRefs,
    pub issues: Vec<(MdPos, MdIssue)>,
}

/// Where a Markdown text starts in its file: the file position of its first character, and
/// whether every line is indented by that column (a YAML block scalar) or only the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MdOrigin {
    pub line: usize,
    pub column: usize,
    pub block: bool,
}

impl MdOrigin {
    /// The file position of a position in the text.
    pub fn place(&self, p: MdPos) -> MdPos {
        let column = if self.block || p.line == 1 {
            self.column - 1 + p.column
        } else {
            p.column
        };
        MdPos {
            line: self.line + p.line - 1,
            column,
        }
    }
}

impl Rendered {
    /// Moves every position from the text into its file.
    pub fn place(&mut self, origin: MdOrigin) {
        for l in &mut self.refs.links {
            l.at = origin.place(l.at);
        }
        for (at, _) in &mut self.issues {
            *at = origin.place(*at);
        }
    }
}

/// Alt texts that mark an image as decorative: it is written with `alt=""`.
pub const DECORATIVE: &[&str] = &["dekorativ", "decorative"];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Byte offsets to lines and columns. Positions are asked for in the order of the text (links
/// and issues as the events come), so a cursor moves forward through it: each byte is looked
/// at about once per text, however many positions are asked for. Going back starts over.
struct Lines<'a> {
    text: &'a str,
    /// The byte offset the cursor is at, its 1-based line, the byte offset where that line
    /// starts, and the characters from the line's start to the cursor.
    at: usize,
    line: usize,
    line_start: usize,
    column: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            at: 0,
            line: 1,
            line_start: 0,
            column: 0,
        }
    }

    /// The 1-based line and column (in characters) of the byte at `offset` (the end of the
    /// text if past it; column 1 if `offset` is inside a character).
    fn pos(&mut self, offset: usize) -> MdPos {
        let offset = offset.min(self.text.len());
        if !self.text.is_char_boundary(offset) {
            // Never from the parser's offsets; counted from the start, the cursor left as is.
            let line = 1 + memchr::memchr_iter(b'\n', &self.text.as_bytes()[..offset]).count();
            return MdPos { line, column: 1 };
        }
        if offset < self.at {
            *self = Lines::new(self.text);
        }
        let skipped = &self.text[self.at..offset];
        match memchr::memrchr(b'\n', skipped.as_bytes()) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', skipped.as_bytes()).count();
                self.line_start = self.at + last + 1;
                self.column = self.text[self.line_start..offset].chars().count();
            }
            None => self.column += skipped.chars().count(),
        }
        self.at = offset;
        MdPos {
            line: self.line,
            column: self.column + 1,
        }
    }
}

/// Renders a text that belongs to no page of its own: page-relative links are left as written
/// and not checked.
pub fn render(md: &str, opts: &MdOptions) -> Rendered {
    render_on(md, opts, None)
}

/// Renders a text that belongs to the page at site path `page` (`/artiklar/x/`): its
/// page-relative links are resolved against it and written site-absolute.
pub fn render_on(md: &str, opts: &MdOptions, page: Option<&str>) -> Rendered {
    let mut events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(md, options()).into_offset_iter().collect();
    let demote = events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    let mut lines = Lines::new(md);
    let mut out = Rendered::default();
    let mut has_raw_html = false;
    let mut depth = raw::Depth::default();
    let mut first = summary::Collector::default();
    let mut paragraph_state = 0u8; // 0: not seen, 1: inside the first, 2: done
    let mut ids = headings::Ids::default();
    let mut levels = headings::Levels::default();
    let mut media = media::Media::new(opts);
    for i in 0..events.len() {
        let span = events[i].1.clone();
        let offset = span.start;
        match &mut events[i].0 {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                classes.clear();
                attrs.clear();
                if demote {
                    *level = headings::demoted(*level);
                }
                let level = *level;
                let given = id.take();
                if let Some(from) = levels.skip(level) {
                    let issue = MdIssue::HeadingSkip {
                        from,
                        to: level as u8,
                    };
                    out.issues.push((lines.pos(offset), issue));
                }
                let wanted = match given {
                    Some(given) => slug::slugify(given.as_ref()),
                    None => slug::slugify(heading_text(&events[i + 1..])),
                };
                let unique = ids.unique(wanted);
                out.refs.anchors.push(unique.clone());
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                    *id = Some(CowStr::from(unique));
                }
            }
            Event::End(TagEnd::Heading(level)) if demote => *level = headings::demoted(*level),
            Event::Start(Tag::FootnoteDefinition(name)) => out.refs.anchors.push(name.to_string()),
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                let written = dest_url.to_string();
                let p = urls::prepare(dest_url, &opts.base_path, page);
                let target = p.resolved.as_deref().unwrap_or(&written);
                *dest_url = media.link(target, p.reach).map_or(p.url, CowStr::from);
                record(
                    &mut out,
                    &mut lines,
                    written,
                    span,
                    (p.reach, p.resolved),
                    false,
                );
            }
            Event::End(TagEnd::Link) => {
                if let Some(after) = media.link_end() {
                    events[i].0 = Event::InlineHtml(CowStr::from(after));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let written = dest_url.to_string();
                let p = urls::prepare(dest_url, &opts.base_path, page);
                *dest_url = p.url;
                if !alt_text(&mut events[i + 1..]) {
                    out.issues
                        .push((lines.pos(offset), MdIssue::ImageWithoutAlt));
                }
                let target = p.resolved.as_deref().unwrap_or(&written);
                media.image(target, p.reach, &mut events[i..]);
                record(
                    &mut out,
                    &mut lines,
                    written,
                    span,
                    (p.reach, p.resolved),
                    true,
                );
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                has_raw_html = true;
                if depth.too_deep(h) {
                    out.issues.push((lines.pos(offset), MdIssue::HtmlTooDeep));
                    out.html.clear();
                    return out;
                }
                for _ in 0..raw::images_without_alt(h) {
                    out.issues
                        .push((lines.pos(offset), MdIssue::ImageWithoutAlt));
                }
            }
            Event::Start(Tag::Paragraph) if paragraph_state == 0 => paragraph_state = 1,
            Event::End(TagEnd::Paragraph) if paragraph_state == 1 => paragraph_state = 2,
            Event::Text(t) => {
                // “ and ‘ both start with the byte E2: one memchr pass rules most texts out.
                if opts.lang == Lang::Sv
                    && memchr::memchr(0xE2, t.as_bytes()).is_some()
                    && (t.contains('“') || t.contains('‘'))
                {
                    *t = CowStr::from(t.replace('“', "”").replace('‘', "’"));
                }
                if paragraph_state == 1 {
                    first.push(t);
                }
            }
            Event::Code(t) if paragraph_state == 1 => first.push(t),
            Event::SoftBreak | Event::HardBreak if paragraph_state == 1 => first.push(" "),
            _ => {}
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    if has_raw_html && !opts.unsafe_html {
        html = raw::sanitize(&html);
    }
    out.html = media.fill(html);
    out.first_paragraph = first.finish();
    out
}

/// Keeps a link worth checking, placed at its URL when the URL is written inside `span`
/// (an inline link), else at the start of the link.
fn record(
    out: &mut Rendered,
    lines: &mut Lines,
    url: String,
    span: std::ops::Range<usize>,
    (reach, resolved): (Reach, Option<String>),
    image: bool,
) {
    if reach != Reach::Other {
        let written = lines.text.get(span.clone()).and_then(|s| {
            // An inline link: the URL follows the last `](` (or `](<`); else search for it.
            let after = memchr::memrchr_iter(b'(', s.as_bytes())
                .find(|&i| i > 0 && s.as_bytes()[i - 1] == b']')
                .map(|i| i + 1);
            match after {
                Some(i) if s[i..].starts_with(url.as_str()) => Some(i),
                Some(i) if s[i..].starts_with('<') && s[i + 1..].starts_with(url.as_str()) => {
                    Some(i + 1)
                }
                _ => memchr::memmem::rfind(s.as_bytes(), url.as_bytes()),
            }
        });
        let offset = span.start + written.unwrap_or(0);
        out.refs.links.push(MdLink {
            url,
            at: lines.pos(offset),
            image,
            reach,
            resolved,
        });
    }
}

/// The alt text of the image whose inner events start `rest` (just after its `Start(Image)`),
/// and the index in `rest` of its `End(Image)` (`rest.len()` when the text ends first).
pub(crate) fn image_alt(rest: &[(Event, std::ops::Range<usize>)]) -> (usize, String) {
    let mut depth = 0usize;
    let mut text = String::new();
    for (n, (e, _)) in rest.iter().enumerate() {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => return (n, text),
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    (rest.len(), text)
}

/// Whether the image whose inner events start `rest` has a usable alt text. A decorative
/// marker (`![dekorativ](…)`) is emptied, and counts as usable.
fn alt_text(rest: &mut [(Event, std::ops::Range<usize>)]) -> bool {
    let (end, text) = image_alt(rest);
    let alt = text.trim();
    if DECORATIVE.iter().any(|d| alt.eq_ignore_ascii_case(d)) {
        for (e, _) in &mut rest[..end] {
            if let Event::Text(t) | Event::Code(t) = e {
                *t = CowStr::Borrowed("");
            }
        }
        return true;
    }
    !alt.is_empty()
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

fn heading_text(rest: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (e, _) in rest {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> MdOptions {
        MdOptions {
            unsafe_html: false,
            base_path: "/".into(),
            lang: Lang::Sv,
            images: None,
            eager_first: false,
        }
    }

    /// Line and column counted from the start of the text, the plain way.
    fn counted(text: &str, offset: usize) -> MdPos {
        let before = &text[..offset];
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        MdPos {
            line: 1 + before.matches('\n').count(),
            column: 1 + before[start..].chars().count(),
        }
    }

    #[test]
    fn positions_are_right_in_any_order_of_asking() {
        let text = "Första raden\nandra: åäö [länk](/x/)\n\n\ntredje ä\nsista";
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut lines = Lines::new(text);
        for &o in &ends {
            assert_eq!(lines.pos(o), counted(text, o), "forward, offset {o}");
        }
        let mut lines = Lines::new(text);
        for &o in ends.iter().rev().step_by(3) {
            assert_eq!(lines.pos(o), counted(text, o), "backward, offset {o}");
            let next = (o + 1).min(text.len());
            let want = if text.is_char_boundary(next) {
                counted(text, next)
            } else {
                MdPos {
                    column: 1,
                    ..counted(text, o)
                }
            };
            assert_eq!(lines.pos(o + 1), want, "one byte on, offset {o}");
        }
        assert_eq!(lines.pos(text.len() + 5), counted(text, text.len()));
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
