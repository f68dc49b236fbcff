//! The first-paragraph summary: plain text, collected only up to a bound (a 200 MB paragraph
//! is not copied), then shortened at a word boundary with an ellipsis.

/// The longest first-paragraph summary, in characters (a card or a meta description needs
/// no more; search engines show about 160, and the default theme cuts meta descriptions at 200).
pub const MAX_CHARS: usize = 200;

/// Collects plain text up to a little more than [`MAX_CHARS`] characters as written, each run
/// of whitespace made one space as it comes (one pass over the bytes, no second copy).
#[derive(Default)]
pub struct Collector {
    /// The text so far, without leading whitespace or runs of it.
    text: String,
    /// Characters taken as written (whitespace runs counted in full), at most `MAX_CHARS + 1`.
    chars: usize,
    /// Whitespace was seen after the last character kept.
    space: bool,
}

impl Collector {
    pub fn push(&mut self, s: &str) {
        if self.chars > MAX_CHARS {
            return;
        }
        let room = MAX_CHARS + 1 - self.chars;
        // A string of no more bytes than there is room for characters fits whole.
        let end = if s.len() <= room {
            s.len()
        } else {
            s.char_indices().nth(room).map_or(s.len(), |(i, _)| i)
        };
        let taken = &s[..end];
        self.chars += taken.chars().count();
        let bytes = taken.as_bytes();
        let mut word = 0;
        let mut i = 0;
        while i < bytes.len() {
            let space = space_at(taken, i);
            if space == 0 {
                i += 1;
                continue;
            }
            self.word(&taken[word..i]);
            self.space = true;
            i += space;
            word = i;
        }
        self.word(&taken[word..]);
    }

    /// Appends a piece of a word, after one space if whitespace came before it.
    fn word(&mut self, w: &str) {
        if w.is_empty() {
            return;
        }
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(w);
    }

    /// The collected text, shortened.
    pub fn finish(self) -> String {
        if self.chars <= MAX_CHARS {
            // Never longer than what was collected: nothing to shorten.
            return self.text;
        }
        shorten(&self.text)
    }
}

/// The length in bytes of the whitespace character (as `char::is_whitespace` sees it) that
/// starts at byte `i` of `s`, 0 if there is none. Only four lead bytes can start a
/// whitespace character outside ASCII (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000); a
/// continuation byte is never one of them, so `i` may be any byte.
fn space_at(s: &str, i: usize) -> usize {
    match s.as_bytes()[i] {
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => s
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// `text` if it fits in [`MAX_CHARS`], else cut at the last word boundary before, plus `…`.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(MAX_CHARS - 1)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..limit];
    let cut = head.rfind(char::is_whitespace).unwrap_or(head.len());
    let head = head[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:–-".contains(c));
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_paragraph_is_cut_at_a_word_with_an_ellipsis() {
        let mut c = Collector::default();
        for _ in 0..100_000 {
            c.push("ordet ");
        }
        let s = c.finish();
        assert!(s.chars().count() <= MAX_CHARS, "{}", s.len());
        assert!(s.ends_with("ordet…"), "{s}");
    }

    #[test]
    fn whitespace_of_any_kind_and_length_becomes_one_space() {
        let mut c = Collector::default();
        c.push("  Ett\u{a0}\u{a0}två\t");
        c.push("\u{3000}tre");
        c.push("fyra\u{2009}");
        c.push("åäö\u{85}\n");
        assert_eq!(c.finish(), "Ett två trefyra åäö");
    }

    #[test]
    fn the_same_as_splitting_on_whitespace_whatever_the_pieces() {
        let text = "Ett\u{a0} långt   stycke,\tmed\u{2003}blandat\nvitt – och ord. ".repeat(9);
        for piece in [1, 2, 3, 7, 40] {
            let mut c = Collector::default();
            let chars: Vec<char> = text.chars().collect();
            for part in chars.chunks(piece) {
                c.push(&part.iter().collect::<String>());
            }
            let taken: String = text.chars().take(MAX_CHARS + 1).collect();
            let joined = taken.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(c.finish(), shorten(&joined), "pieces of {piece}");
        }
    }

    #[test]
    fn a_short_paragraph_is_kept_as_it_is() {
        let mut c = Collector::default();
        c.push("Ett ");
        c.push("stycke.");
        assert_eq!(c.finish(), "Ett stycke.");
    }
}
