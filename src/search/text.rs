//! The plain text of what a document says, for the search index: the words of rendered
//! Markdown (framsteg's own, sanitized HTML) with the weight of where they stand, and the
//! sections its headings make, which search results link to (`/artiklar/x/#rubrik`).

use std::borrow::Cow;

use memchr::{memchr, memmem};

use super::words::words;

/// How much a word counts where it stands.
pub const TITLE: u8 = 8;
pub const LEAD: u8 = 3;
pub const HEADING: u8 = 3;
pub const BODY: u8 = 1;

/// A part of a document: the text before its first heading (anchor and heading empty), or a
/// heading with an id and the text under it.
#[derive(Debug, Default, PartialEq)]
pub struct Section {
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// Collects a document's sections, and hands each word, with its weight, to `word` (the word,
/// the text from its start on, and the weight; see [`words`]).
pub struct Sections<F: FnMut(&str, &[u8], u8)> {
    pub sections: Vec<Section>,
    word: F,
    /// Where the text of the current block starts in the string it is written to (the last
    /// section's text, or its heading): its words are counted when the block ends.
    block: usize,
    in_heading: bool,
}

impl<F: FnMut(&str, &[u8], u8)> Sections<F> {
    pub fn new(word: F) -> Self {
        Sections {
            sections: vec![Section::default()],
            word,
            block: 0,
            in_heading: false,
        }
    }

    /// Words that count but are not shown in a section (the title).
    pub fn words_only(&mut self, text: &str, weight: u8) {
        words(text, |w, rest| (self.word)(w, rest, weight));
    }

    /// Plain text, shown in the current section as a block of its own.
    pub fn text(&mut self, text: &str, weight: u8) {
        self.target().push_str(text);
        self.end_block(weight);
    }

    /// The string the current block is written to.
    fn target(&mut self) -> &mut String {
        let in_heading = self.in_heading;
        let s = self
            .sections
            .last_mut()
            .expect("there is always a first section");
        if in_heading {
            &mut s.heading
        } else {
            &mut s.text
        }
    }

    /// Rendered Markdown: its text in the sections, `h2` and `h3` with an id starting new ones.
    pub fn html(&mut self, html: &str) {
        let mut rest = html;
        let mut weight = BODY;
        while let Some(lt) = memchr(b'<', rest.as_bytes()) {
            push_text(self.target(), &rest[..lt]);
            let Some(gt) = memchr(b'>', &rest.as_bytes()[lt..]) else {
                rest = "";
                break;
            };
            let tag = &rest[lt + 1..lt + gt];
            rest = &rest[lt + gt + 1..];
            if let Some(after) = tag.strip_prefix("!--") {
                // A comment: it ends at `-->`, which may be past this `>`.
                if !after.ends_with("--") {
                    rest = memmem::find(rest.as_bytes(), b"-->").map_or("", |e| &rest[e + 3..]);
                }
                continue;
            }
            let closing = tag.starts_with('/');
            let bare = tag.trim_start_matches('/');
            let name = &bare[..bare
                .bytes()
                .position(|b| b.is_ascii_whitespace() || b == b'/')
                .unwrap_or(bare.len())];
            if inline(name) {
                continue;
            }
            self.end_block(weight);
            match name {
                "h2" | "h3" if !closing => {
                    weight = HEADING;
                    if let Some(id) = attribute(tag, "id") {
                        self.sections.push(Section {
                            anchor: id.into_owned(),
                            ..Section::default()
                        });
                        self.in_heading = true;
                        self.block = 0;
                    }
                }
                "h1" | "h4" | "h5" | "h6" if !closing => weight = HEADING,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    weight = BODY;
                    if self.in_heading {
                        self.in_heading = false;
                        self.block = self.target().len();
                    }
                }
                "script" | "style" if !closing => {
                    let end = format!("</{name}");
                    rest = memmem::find(rest.as_bytes(), end.as_bytes()).map_or("", |e| &rest[e..]);
                }
                _ => {}
            }
        }
        push_text(self.target(), rest);
        self.end_block(weight);
    }

    /// Counts the words of the block that ends here, and parts it from what comes next.
    fn end_block(&mut self, weight: u8) {
        let from = self.block;
        let last = self.sections.len() - 1;
        let s = &self.sections[last];
        let into = if self.in_heading { &s.heading } else { &s.text };
        if into.len() > from {
            let word = &mut self.word;
            words(&into[from..], |w, rest| word(w, rest, weight));
        }
        let into = self.target();
        if !into.is_empty() && !into.ends_with(' ') {
            into.push(' ');
        }
        self.block = into.len();
    }
}

/// Text of the HTML, its character references decoded, appended.
fn push_text(into: &mut String, raw: &str) {
    if !raw.is_empty() {
        into.push_str(&unescape(raw));
    }
}

/// Elements that do not part words: `fo<em>o</em>` is one word.
fn inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
    )
}

/// Text with its character references decoded (framsteg's HTML has the XML ones, numeric
/// ones and `&nbsp;`); as it is if one is unknown.
fn unescape(raw: &str) -> Cow<'_, str> {
    if memchr(b'&', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    quick_xml::escape::unescape_with(raw, |e| {
        quick_xml::escape::resolve_predefined_entity(e).or((e == "nbsp").then_some("\u{a0}"))
    })
    .unwrap_or(Cow::Borrowed(raw))
}

/// The value of attribute `name` in a start tag's text (`h2 id="x" class="y"`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<Cow<'t, str>> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = tag[..start].ends_with(|c: char| c.is_ascii_whitespace());
        if let Some(value) = tag[from..].strip_prefix("=\"") {
            if before_ok {
                let end = value.find('"')?;
                return Some(unescape(&value[..end])).filter(|v| !v.is_empty());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> (Vec<Section>, Vec<(String, u8)>) {
        let mut seen = Vec::new();
        let mut s = Sections::new(|w: &str, _: &[u8], weight| seen.push((w.to_string(), weight)));
        s.html(html);
        let sections = std::mem::take(&mut s.sections);
        drop(s);
        (sections, seen)
    }

    #[test]
    fn headings_with_an_id_start_sections_and_weigh_more() {
        let (sections, words) = run(
            "<p>Läsa &amp; skriva.</p>\n<h2 id=\"varfor\">Varför <em>läsa</em>?</h2>\n<p>Därför.</p>",
        );
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].text.trim(), "Läsa & skriva.");
        assert_eq!(sections[1].anchor, "varfor");
        assert_eq!(sections[1].heading.trim(), "Varför läsa?");
        assert_eq!(sections[1].text.trim(), "Därför.");
        assert!(words.contains(&("Varför".to_string(), HEADING)));
        assert!(words.contains(&("Läsa".to_string(), BODY)));
        assert!(words.contains(&("Därför".to_string(), BODY)));
    }

    #[test]
    fn blocks_part_words_and_inline_elements_do_not() {
        let (sections, words) =
            run("<ul><li>ett</li><li>två</li></ul><p>fo<strong>tboll</strong></p>");
        let w: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(w, ["ett", "två", "fotboll"]);
        assert_eq!(sections[0].text.trim(), "ett två fotboll");
    }

    #[test]
    fn scripts_comments_and_single_letters_are_not_words() {
        let (_, words) = run("<!-- dolt ord --><p>a b cd</p><script>hemligt()</script>");
        let w: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(w, ["cd"]);
    }
}
