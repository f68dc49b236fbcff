//! Finding where in a YAML text a key or value sits. serde_yaml gives positions only for syntax
//! errors, so the content checks find their line and column here, by reading the text the way
//! a person would: the key's line, then the value on it or in the block below it.

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// The text of one YAML document, and how far into its file it starts.
pub struct Text<'a> {
    lines: Vec<&'a str>,
    /// Number of lines before this text in the file (front matter starts after `---`).
    offset: usize,
}

impl<'a> Text<'a> {
    pub fn new(src: &'a str, offset: usize) -> Self {
        Text {
            lines: src.lines().collect(),
            offset,
        }
    }

    /// The file position of a 0-based line index and byte index in that line.
    fn pos(&self, idx: usize, byte: usize) -> Pos {
        let line = self.lines.get(idx).copied().unwrap_or("");
        let column = line
            .get(..byte.min(line.len()))
            .map_or(1, |s| s.chars().count() + 1);
        Pos {
            line: idx + 1 + self.offset,
            column,
        }
    }

    /// The first line of the text, or of the file when the text is empty.
    pub fn start(&self) -> Pos {
        Pos {
            line: self.offset + 1,
            column: 1,
        }
    }

    /// The text of the file line `pos` is on, if it is in this text.
    pub fn line_at(&self, pos: Pos) -> Option<&'a str> {
        pos.line
            .checked_sub(self.offset + 1)
            .and_then(|i| self.lines.get(i).copied())
    }

    /// Converts a file line back to an index into this text.
    fn index_of(&self, from: Pos) -> usize {
        from.line.saturating_sub(self.offset + 1)
    }

    /// The line of `key:` at or after `from`, and the column of the key.
    pub fn key(&self, from: Pos, key: &str) -> Option<Pos> {
        let start = self.index_of(from);
        for (i, line) in self.lines.iter().enumerate().skip(start) {
            if let Some(b) = find_key(line, key) {
                return Some(self.pos(i, b));
            }
        }
        None
    }

    /// The line of an unindented `key:` (a top-level key of the document), if there is one.
    pub fn top_key(&self, key: &str) -> Option<Pos> {
        self.lines
            .iter()
            .position(|l| indent(l) == 0 && find_key(l, key) == Some(0))
            .map(|i| self.pos(i, 0))
    }

    /// Where `value` is written for `key` (on the key's line or in the block under it).
    /// Falls back to the key, then to `from`.
    pub fn value(&self, from: Pos, key: &str, value: &str) -> Pos {
        let Some(k) = self.key(from, key) else {
            return from;
        };
        let ki = self.index_of(k);
        let key_indent = indent(self.lines[ki]);
        for (i, line) in self.lines.iter().enumerate().skip(ki) {
            if i > ki && !line.trim().is_empty() && indent(line) <= key_indent {
                let t = line.trim_start();
                if !t.starts_with('-') || indent(line) < key_indent {
                    break;
                }
            }
            let search_from = if i == ki { k.column - 1 + key.len() } else { 0 };
            if let Some(b) = find_token(line, value, search_from) {
                return self.pos(i, b);
            }
        }
        k
    }

    /// Where the text of `key`'s value starts, for mapping positions inside a Markdown field:
    /// for a block scalar (`|`, `>`) the line below the key at the block's indentation (and
    /// `true`: every line is indented so), else the value on the key's own line.
    pub fn scalar_start(&self, from: Pos, key: &str) -> (Pos, bool) {
        let Some(k) = self.key(from, key) else {
            return (from, false);
        };
        let ki = self.index_of(k);
        let line = self.lines[ki];
        let after_key = find_key(line, key).map_or(0, |b| b + key.len());
        let rest = line[after_key..].trim_start_matches(['"', '\'']);
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let value = rest.trim_start();
        if value.starts_with('|') || value.starts_with('>') {
            let body_indent = self.lines[ki + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .map_or(0, |l| indent(l));
            let pos = Pos {
                line: k.line + 1,
                column: body_indent + 1,
            };
            return (pos, true);
        }
        let quote = usize::from(value.starts_with(['"', '\'']));
        let b = line.len() - value.len() + quote;
        (self.pos(ki, b), false)
    }

    /// The start of the `index`-th item of the block list under `key` (or of the top-level list
    /// when `key` is None). A flow list (`[a, b]`) gives the key's own line.
    pub fn item(&self, from: Pos, key: Option<&str>, index: usize) -> Pos {
        self.items(from, key, index + 1)[index]
    }

    /// The starts of the first `count` items, as [`Text::item`] gives them one by one, found in
    /// one pass over the text (a list of a thousand stories is read once, not once per story).
    pub fn items(&self, from: Pos, key: Option<&str>, count: usize) -> Vec<Pos> {
        let mut out = Vec::with_capacity(count);
        let (first, min_indent) = match key {
            Some(k) => match self.key(from, k) {
                Some(p) => {
                    let i = self.index_of(p);
                    if self.lines[i].contains('[') {
                        return vec![p; count];
                    }
                    (i + 1, indent(self.lines[i]))
                }
                None => return vec![from; count],
            },
            None => (self.index_of(from), 0),
        };
        let mut dash_indent = None;
        for (i, line) in self.lines.iter().enumerate().skip(first) {
            if out.len() == count {
                break;
            }
            let t = line.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let ind = indent(line);
            if key.is_some() && ind < min_indent {
                break;
            }
            if key.is_some() && ind == min_indent && !t.starts_with('-') {
                break;
            }
            if t.starts_with('-') && dash_indent.is_none_or(|d| d == ind) {
                dash_indent = Some(ind);
                out.push(self.pos(i, ind));
            }
        }
        out.resize(count, from);
        out
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Byte index of `key` when the line (after indentation and an optional `- `) is `key:` or
/// `{ ... key: ...`.
fn find_key(line: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = line[from..].find(key) {
        let b = from + rel;
        let before = line[..b].trim_end();
        let after = &line[b + key.len()..];
        let starts_ok = before.is_empty()
            || before.ends_with('-')
            || before.ends_with('{')
            || before.ends_with(',');
        let quoted = after.starts_with('"') || after.starts_with('\'');
        let after = if quoted { &after[1..] } else { after };
        if starts_ok && after.trim_start().starts_with(':') {
            return Some(b);
        }
        from = b + key.len();
    }
    None
}

/// Byte index of `value` as a whole token in `line` at or after `from`.
fn find_token(line: &str, value: &str, from: usize) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    let mut start = from.min(line.len());
    while let Some(rel) = line.get(start..)?.find(value) {
        let b = start + rel;
        let prev = line[..b].chars().next_back();
        let next = line[b + value.len()..].chars().next();
        let is_word =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !is_word(prev) && !is_word(next) {
            return Some(b);
        }
        start = b + value.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "title: Hej\nsubjects: [sprak, so-no-mate]\nmilestones:\n  - { date: 2021-08-16, title: A }\n  - date: 2021-13-01\n    title: B\nstatus: ongoing\n";

    #[test]
    fn finds_a_value_in_a_flow_list_with_front_matter_offset() {
        let t = Text::new(SRC, 1);
        assert_eq!(
            t.value(t.start(), "subjects", "so-no-mate"),
            Pos {
                line: 3,
                column: 19
            }
        );
    }

    #[test]
    fn items_in_one_pass_are_the_items_one_by_one() {
        let t = Text::new(SRC, 0);
        let all = t.items(t.start(), Some("milestones"), 3);
        let one_by_one: Vec<Pos> = (0..3)
            .map(|i| t.item(t.start(), Some("milestones"), i))
            .collect();
        assert_eq!(all, one_by_one);
        assert_eq!(all[2], t.start(), "past the end falls back to `from`");
        let list = Text::new("- title: A\n  date: x\n- title: B\n", 0);
        assert_eq!(
            list.items(list.start(), None, 2),
            vec![Pos { line: 1, column: 1 }, Pos { line: 3, column: 1 }]
        );
    }

    #[test]
    fn finds_the_nth_block_item_and_a_value_inside_it() {
        let t = Text::new(SRC, 0);
        let item = t.item(t.start(), Some("milestones"), 1);
        assert_eq!(item, Pos { line: 5, column: 3 });
        assert_eq!(
            t.value(item, "date", "2021-13-01"),
            Pos {
                line: 5,
                column: 11
            }
        );
    }

    #[test]
    fn does_not_match_a_key_inside_another_word() {
        let t = Text::new("substatus: x\nstatus: y\n", 0);
        assert_eq!(t.key(t.start(), "status"), Some(Pos { line: 2, column: 1 }));
    }
}
