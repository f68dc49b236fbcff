//! Headings in Markdown: unique ids in linear time however many headings repeat, a body that
//! uses `#` shifted one level down (the page title is the page's only h1), and levels that
//! skip (h2 → h4) found for the accessibility check.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::HeadingLevel;

/// Hands out unique heading ids: `samma`, `samma-1`, `samma-2`, … Each base remembers the
/// next number to try, so 100,000 equal headings cost 100,000 steps, not 5 billion.
#[derive(Default)]
pub struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    pub fn unique(&mut self, wanted: String) -> String {
        let base = if wanted.is_empty() {
            "rubrik".to_string()
        } else {
            wanted
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

pub fn demoted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Follows heading levels through a text that sits under the page's h1.
pub struct Levels {
    last: u8,
}

impl Default for Levels {
    fn default() -> Self {
        Levels { last: 1 }
    }
}

impl Levels {
    /// The level skipped from, when `level` goes more than one step deeper than the heading
    /// before it (or than the page's h1, for the first).
    pub fn skip(&mut self, level: HeadingLevel) -> Option<u8> {
        let n = level as u8;
        let from = self.last;
        self.last = n;
        (n > from + 1).then_some(from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_headings_are_numbered_past_ids_taken_by_hand() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a-1".into()), "a-1");
        assert_eq!(ids.unique("a".into()), "a");
        assert_eq!(ids.unique("a".into()), "a-2");
        assert_eq!(ids.unique("a".into()), "a-3");
        assert_eq!(ids.unique(String::new()), "rubrik");
    }

    #[test]
    fn a_level_may_go_one_step_deeper_or_any_step_back() {
        let mut l = Levels::default();
        assert_eq!(l.skip(HeadingLevel::H2), None);
        assert_eq!(l.skip(HeadingLevel::H4), Some(2));
        assert_eq!(l.skip(HeadingLevel::H2), None);
        assert_eq!(l.skip(HeadingLevel::H3), None);
        let mut l = Levels::default();
        assert_eq!(l.skip(HeadingLevel::H3), Some(1));
    }
}
