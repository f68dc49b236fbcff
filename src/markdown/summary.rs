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
            None
        } else {
            char_starts(s).nth(room)
        };
        let (taken, chars) = match end {
            Some(end) => (&s[..end], room),
            None => (s, s.chars().count()),
        };
        self.chars += chars;
        let bytes = taken.as_bytes();
        let mut word = 0;
        let mut i = 0;
        while let Some(found) = bytes[i..].iter().position(|&b| MAY_START_SPACE[b as usize]) {
            let at = i + found;
            let space = space_at(taken, at);
            if space == 0 {
                i = at + 1;
                continue;
            }
            self.word(&taken[word..at]);
            self.space = true;
            i = at + space;
            word = i;
        }
        self.word(&taken[word..]);
    }

    /// Appends a piece of a word, after one space if whitespace came before it.
    fn word(&mut self, w: &str) {
        if w.is_empty() {
            return;
        }
        if self.text.is_empty() {
            // Room for the summary at its longest, in one allocation.
            self.text.reserve(MAX_CHARS * 5 / 4);
        } else if self.space {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(w);
    }

    /// The collected text, shortened: when the paragraph went on past what was collected, it
    /// ends at a word with an ellipsis, even if the runs of whitespace made one space left it
    /// within the limit (the last word taken may be only the start of one).
    pub fn finish(self) -> String {
        if self.chars <= MAX_CHARS {
            // Never longer than what was collected: nothing to shorten.
            return self.text;
        }
        cut(self.text, true)
    }
}

/// Bytes that may start a whitespace character (as `char::is_whitespace` sees it): ASCII
/// whitespace and the only four lead bytes of one outside ASCII (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000). A continuation byte is never one of them.
static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(
            b as u8,
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        b += 1;
    }
    table
};

/// The length in bytes of the whitespace character that starts at byte `i` of `s`, 0 if
/// there is none (`i` may be any byte).
fn space_at(s: &str, i: usize) -> usize {
    match s.as_bytes()[i] {
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
        b if MAY_START_SPACE[b as usize] => s
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// The bytes where the characters of `s` start, counted over the bytes without decoding: a
/// byte that does not continue a character starts one.
fn char_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.bytes()
        .enumerate()
        .filter(|&(_, b)| (b as i8) >= -0x40)
        .map(|(i, _)| i)
}

/// `text` if it fits in [`MAX_CHARS`], else cut at the last word boundary before, plus `…`.
pub fn shorten(text: &str) -> String {
    cut(text.to_string(), false)
}

/// [`shorten`] in place, the characters counted over the bytes (no decoding); `went_on`: the
/// text is the start of a longer one, so it is cut and ends with `…` even if it fits.
fn cut(mut text: String, went_on: bool) -> String {
    let (limit, more) = {
        let mut starts = char_starts(&text);
        (starts.nth(MAX_CHARS - 1), starts.next())
    };
    let limit = match (limit, more) {
        (Some(limit), Some(_)) => limit,
        _ if !went_on => return text,
        // Exactly at the limit: one character less, for the ellipsis.
        (Some(limit), None) => limit,
        (None, _) => text.len(),
    };
    let head = &text[..limit];
    let end = head.rfind(char::is_whitespace).unwrap_or(head.len());
    let end = head[..end]
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:–-".contains(c))
        .len();
    text.truncate(end);
    text.push('…');
    text
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
    fn a_paragraph_cut_while_collecting_ends_with_an_ellipsis_though_its_spaces_shrink_it() {
        // Written, the paragraph is far over the limit; with each run of whitespace made one
        // space, what was collected is under it. It must still read as cut.
        let mut c = Collector::default();
        for _ in 0..100 {
            c.push("ordet   \n    ");
        }
        let s = c.finish();
        assert!(s.chars().count() <= MAX_CHARS, "{}", s.len());
        assert!(s.ends_with("ordet…"), "{s}");
        let mut one_word = Collector::default();
        one_word.push(&"å".repeat(150));
        one_word.push(&" ".repeat(100));
        one_word.push("ord");
        let s = one_word.finish();
        assert_eq!(s, format!("{}…", "å".repeat(150)));
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
            assert_eq!(c.finish(), cut(joined, true), "pieces of {piece}");
        }
    }

    #[test]
    fn a_text_of_exactly_the_limit_is_not_cut_and_one_more_is() {
        let at_limit = "å".repeat(MAX_CHARS);
        assert_eq!(shorten(&at_limit), at_limit);
        let words = "åå ".repeat(MAX_CHARS / 3 + 1);
        let cut = shorten(&words);
        assert!(cut.ends_with("åå…"), "{cut}");
        assert_eq!(cut.chars().count(), MAX_CHARS / 3 * 3 - 1 + 1);
    }

    #[test]
    fn a_short_paragraph_is_kept_as_it_is() {
        let mut c = Collector::default();
        c.push("Ett ");
        c.push("stycke.");
        assert_eq!(c.finish(), "Ett stycke.");
    }
}
