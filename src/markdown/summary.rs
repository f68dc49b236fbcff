//! The first-paragraph summary: plain text, collected only up to a bound (a 200 MB paragraph
//! is not copied), then shortened at a word boundary with an ellipsis.

/// The longest first-paragraph summary, in characters (a card or a meta description needs
/// no more; search engines show about 160, and the default theme cuts meta descriptions at 200).
pub const MAX_CHARS: usize = 200;

/// Collects plain text up to a little more than [`MAX_CHARS`].
#[derive(Default)]
pub struct Collector {
    text: String,
    chars: usize,
}

impl Collector {
    pub fn push(&mut self, s: &str) {
        if self.chars > MAX_CHARS {
            return;
        }
        let room = MAX_CHARS + 1 - self.chars;
        let end = s.char_indices().nth(room).map_or(s.len(), |(i, _)| i);
        self.text.push_str(&s[..end]);
        self.chars += s[..end].chars().count();
    }

    /// The collected text with each run of whitespace made one space, shortened.
    pub fn finish(self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for word in self.text.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        if self.chars <= MAX_CHARS {
            // Never longer than what was collected: nothing to shorten.
            return out;
        }
        shorten(&out)
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
    fn a_short_paragraph_is_kept_as_it_is() {
        let mut c = Collector::default();
        c.push("Ett ");
        c.push("stycke.");
        assert_eq!(c.finish(), "Ett stycke.");
    }
}
