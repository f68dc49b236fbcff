//! Reading typed fields out of a parsed YAML mapping while collecting every mistake: unknown
//! keys (with the near allowed key), missing required fields, wrong types and bad dates, each
//! with its position in the file.

use std::cell::RefCell;
use std::path::Path;

use jiff::civil::Date;
use serde_yaml::{Mapping, Value};

use super::locate::{Pos, Text};
use crate::diag::{suggest, Diagnostic, Problem, Shape};

/// The most mistakes listed for one file; the rest are counted. Finding each one's place reads
/// the text again, so a file with a hundred thousand mistakes would take quadratic time.
pub const MAX_ERRORS_PER_FILE: usize = 100;
/// How deep YAML may nest (`[[[…]]]`, `{a: {a: …}}`, or indented blocks).
pub const MAX_YAML_DEPTH: usize = 64;

/// One file being read: its path, its text for locating, and the mistakes found so far.
pub struct Ctx<'a> {
    pub file: &'a Path,
    pub text: Text<'a>,
    diags: RefCell<Vec<Diagnostic>>,
    dropped: std::cell::Cell<usize>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a Path, src: &'a str, offset: usize) -> Self {
        Ctx {
            file,
            text: Text::new(src, offset),
            diags: RefCell::new(Vec::new()),
            dropped: std::cell::Cell::new(0),
        }
    }

    /// True once [`MAX_ERRORS_PER_FILE`] mistakes are listed: further ones are only counted,
    /// and their places are not looked for.
    pub fn is_full(&self) -> bool {
        self.diags.borrow().len() >= MAX_ERRORS_PER_FILE
    }

    /// Records a mistake at `pos`, with the plain-words hint its source line gives.
    pub fn error(&self, pos: Pos, problem: Problem, suggestion: Option<String>) {
        if self.is_full() {
            self.dropped.set(self.dropped.get() + 1);
            return;
        }
        let hint = self
            .text
            .line_at(pos)
            .and_then(|l| crate::hints::for_line(l, &problem));
        self.diags.borrow_mut().push(
            Diagnostic::new(self.file, pos.line, pos.column, problem)
                .with_suggestion(suggestion)
                .with_hint(hint),
        );
    }

    /// The mistakes, with a last one saying how many more there were.
    pub fn into_diags(self) -> Vec<Diagnostic> {
        let mut diags = self.diags.into_inner();
        if self.dropped.get() > 0 {
            diags.push(Diagnostic::new(
                self.file,
                0,
                0,
                Problem::TooManyErrors(self.dropped.get()),
            ));
        }
        diags
    }

    /// A mapping at `at`, its unknown keys reported; None (and an error) if it is no mapping.
    pub fn obj<'c>(
        &'c self,
        value: &'c Value,
        at: Pos,
        what: &str,
        allowed: &'static [&'static str],
    ) -> Option<Obj<'c, 'a>> {
        let Some(map) = value.as_mapping() else {
            self.error(
                at,
                Problem::WrongType {
                    key: what.to_string(),
                    expected: Shape::Mapping,
                },
                None,
            );
            return None;
        };
        let obj = Obj { ctx: self, map, at };
        for k in map.keys() {
            let key = scalar_string(k).unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                let pos = self.text.key(at, &key).unwrap_or(at);
                self.error(
                    pos,
                    Problem::UnknownKey {
                        key: key.clone(),
                        expected: allowed.iter().map(|s| s.to_string()).collect(),
                    },
                    suggest(&key, allowed.iter().copied()),
                );
            }
        }
        Some(obj)
    }
}

/// A YAML mapping with its position, read field by field.
pub struct Obj<'c, 'a> {
    pub ctx: &'c Ctx<'a>,
    map: &'c Mapping,
    pub at: Pos,
}

impl<'c, 'a> Obj<'c, 'a> {
    pub fn get(&self, key: &str) -> Option<&'c Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn key_pos(&self, key: &str) -> Pos {
        if self.ctx.is_full() {
            return self.at;
        }
        self.ctx.text.key(self.at, key).unwrap_or(self.at)
    }

    pub fn value_pos(&self, key: &str, value: &str) -> Pos {
        if self.ctx.is_full() {
            return self.at;
        }
        self.ctx.text.value(self.at, key, value)
    }

    /// A required text that must not be blank (a title).
    pub fn text_req(&self, key: &str) -> Option<String> {
        let s = self.str_req(key)?;
        if s.trim().is_empty() {
            self.ctx.error(
                self.key_pos(key),
                Problem::EmptyField(key.to_string()),
                None,
            );
            return None;
        }
        Some(s)
    }

    /// A required year, 1900–2200.
    pub fn year_req(&self, key: &str) -> Option<i32> {
        let v = self.get(key);
        let y = self.int_req(key)?;
        match i32::try_from(y) {
            Ok(y) if (1900..=2200).contains(&y) => Some(y),
            _ => {
                let text = v.and_then(scalar_string).unwrap_or_default();
                self.ctx
                    .error(self.value_pos(key, &text), Problem::BadYear(text), None);
                None
            }
        }
    }

    /// A required amount of whole kronor, 0 to 10^12: so large that no budget line reaches
    /// it, small enough that millions of them sum without overflow.
    pub fn amount_req(&self, key: &str) -> Option<i64> {
        let v = self.get(key);
        let raw = v.and_then(scalar_string).unwrap_or_default();
        let fits = matches!(v, Some(Value::Number(n)) if n.is_u64() || n.is_i64());
        let amount = if fits { self.int_req(key) } else { None };
        match amount {
            Some(a) if (0..=MAX_AMOUNT).contains(&a) => Some(a),
            _ if v.is_none() => {
                self.missing(key);
                None
            }
            _ if !fits && !matches!(v, Some(Value::Number(_))) => {
                self.wrong(key, Shape::Integer);
                None
            }
            _ => {
                self.ctx
                    .error(self.value_pos(key, &raw), Problem::BadAmount(raw), None);
                None
            }
        }
    }

    fn missing(&self, key: &str) {
        self.ctx
            .error(self.at, Problem::MissingField(key.to_string()), None);
    }

    fn wrong(&self, key: &str, expected: Shape) {
        self.ctx.error(
            self.key_pos(key),
            Problem::WrongType {
                key: key.to_string(),
                expected,
            },
            None,
        );
    }

    pub fn str_opt(&self, key: &str) -> Option<String> {
        let v = self.get(key)?;
        match scalar_string(v) {
            Some(s) => Some(s),
            None => {
                self.wrong(key, Shape::Text);
                None
            }
        }
    }

    /// A link under `key` (shown as `full_key` in mistakes): http(s) or a path on the site.
    pub fn url_opt(&self, key: &str, full_key: &str) -> Option<String> {
        let url = self.str_opt(key)?;
        if super::urls::is_safe_link(&url) {
            return Some(url);
        }
        self.ctx.error(
            self.value_pos(key, &url),
            Problem::BadUrl {
                key: full_key.to_string(),
                value: url,
            },
            None,
        );
        None
    }

    pub fn str_req(&self, key: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key);
            return None;
        }
        self.str_opt(key)
    }

    pub fn bool_opt(&self, key: &str) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.wrong(key, Shape::Bool);
                false
            }
        }
    }

    pub fn int_opt(&self, key: &str) -> Option<i64> {
        let v = self.get(key)?;
        match v.as_i64() {
            Some(i) => Some(i),
            None => {
                self.wrong(key, Shape::Integer);
                None
            }
        }
    }

    pub fn int_req(&self, key: &str) -> Option<i64> {
        if self.get(key).is_none() {
            self.missing(key);
            return None;
        }
        self.int_opt(key)
    }

    pub fn num_req(&self, key: &str) -> Option<f64> {
        match self.get(key) {
            None => {
                self.missing(key);
                None
            }
            Some(v) => match v.as_f64() {
                Some(x) if x.is_finite() => Some(x),
                Some(_) => {
                    self.ctx
                        .error(self.key_pos(key), Problem::NotFinite(key.to_string()), None);
                    None
                }
                None => {
                    self.wrong(key, Shape::Number);
                    None
                }
            },
        }
    }

    pub fn date_opt(&self, key: &str) -> Option<Date> {
        let v = self.get(key)?;
        let text = scalar_string(v).unwrap_or_default();
        match parse_date(&text) {
            Some(d) => Some(d),
            None => {
                self.ctx.error(
                    self.value_pos(key, &text),
                    Problem::BadDate(text.clone()),
                    None,
                );
                None
            }
        }
    }

    pub fn date_req(&self, key: &str) -> Option<Date> {
        if self.get(key).is_none() {
            self.missing(key);
            return None;
        }
        self.date_opt(key)
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn list_str(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar_string).collect(),
            Some(v) => match scalar_string(v) {
                Some(s) => vec![s],
                None => {
                    self.wrong(key, Shape::List);
                    Vec::new()
                }
            },
        }
    }

    pub fn list_str_req(&self, key: &str) -> Vec<String> {
        if self.get(key).is_none() {
            self.missing(key);
        }
        self.list_str(key)
    }

    /// A nested mapping under `key`.
    pub fn obj(&self, key: &str, allowed: &'static [&'static str]) -> Option<Obj<'c, 'a>> {
        let v = self.get(key)?;
        self.ctx.obj(v, self.key_pos(key), key, allowed)
    }

    /// The mappings of the list under `key`, each positioned at its item.
    pub fn list_obj(&self, key: &str, allowed: &'static [&'static str]) -> Vec<Obj<'c, 'a>> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => {
                let starts = self.ctx.text.items(self.at, Some(key), items.len());
                items
                    .iter()
                    .zip(starts)
                    .filter_map(|(v, at)| self.ctx.obj(v, at, key, allowed))
                    .collect()
            }
            Some(_) => {
                self.wrong(key, Shape::List);
                Vec::new()
            }
        }
    }

    /// The raw mapping, for keys that are data (years).
    pub fn mapping(&self, key: &str) -> Option<&'c Mapping> {
        let v = self.get(key)?;
        match v.as_mapping() {
            Some(m) => Some(m),
            None => {
                self.wrong(key, Shape::YearMap);
                None
            }
        }
    }
}

/// The largest amount of money accepted, in kronor.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// Parses YAML, refusing first (in time linear in its length) what would take the parser
/// quadratic time: nesting deeper than [`MAX_YAML_DEPTH`].
pub fn parse_yaml(file: &Path, text: &str, offset: usize) -> Result<Value, Diagnostic> {
    if let Some(at) = too_deep(text) {
        let (line, column) = super::line_column(text, at);
        return Err(Diagnostic::new(
            file,
            line + offset,
            column,
            Problem::TooDeep {
                max: MAX_YAML_DEPTH,
            },
        ));
    }
    serde_yaml::from_str(text).map_err(|e| yaml_error(file, text, &e, offset))
}

/// The byte offset where `text` nests deeper than [`MAX_YAML_DEPTH`], counting flow brackets
/// (outside quotes and comments) and block levels (by distinct indentations in use). Lines are
/// found with `memchr`, and so are the quotes, comment signs and brackets that the state below
/// depends on: a line without any is not looked at byte by byte.
#[inline(never)] // its own entry in profiles: the cost of the depth guard
fn too_deep(text: &str) -> Option<usize> {
    if surely_shallow(text.as_bytes()) {
        return None;
    }
    let mut indents: Vec<usize> = Vec::new();
    let mut offset = 0;
    let mut block_scalar: Option<usize> = None;
    let mut flow = 0usize;
    let mut specials = Specials::new(text.as_bytes());
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    while offset < text.len() {
        let end = ends.next().unwrap_or(text.len());
        let line = &text[offset..end];
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = trim_start(content);
        let indent = content.len() - trimmed.len();
        if let Some(ind) = block_scalar {
            if trimmed.is_empty() || indent > ind {
                offset = end;
                continue;
            }
            block_scalar = None;
        }
        if !trimmed.is_empty() && !trimmed.starts_with('#') && flow == 0 {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
            // `- - - x` and `- a:` open one level per dash.
            let dashes = if trimmed.starts_with('-') {
                trimmed.split_whitespace().take_while(|w| *w == "-").count()
            } else {
                0
            };
            if indents.len() + dashes > MAX_YAML_DEPTH {
                return Some(offset + indent);
            }
        }
        // Only quotes, comments and brackets change the state below: most lines have none.
        let bytes = content.as_bytes();
        let mut quote: Option<u8> = None;
        let mut from = offset;
        while let Some(at) = specials.next(from, offset + content.len()) {
            from = at + 1;
            let i = at - offset;
            let c = bytes[i];
            let prev = prev_char(content, i);
            match quote {
                Some(q) => {
                    if c == q && !(q == b'"' && prev == '\\') {
                        quote = None;
                    }
                }
                None => match c {
                    b'"' | b'\'' if prev.is_whitespace() || "[{,:".contains(prev) => {
                        quote = Some(c)
                    }
                    b'#' if prev.is_whitespace() => break,
                    b'[' | b'{' => {
                        flow += 1;
                        if flow + indents.len() > MAX_YAML_DEPTH {
                            return Some(offset + i);
                        }
                    }
                    b']' | b'}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
        }
        if flow == 0 && opens_block_scalar(trimmed) {
            block_scalar = Some(indent);
        }
        offset = end;
    }
    None
}

/// Whether `text` is too small to nest deeper than [`MAX_YAML_DEPTH`], found without reading
/// it line by line (a front matter of a few lines): below, each line adds at most one block
/// level, each counted dash is a `-` and each flow level a `[` or `{`, so their counts
/// together bound every depth [`too_deep`] measures. Each count stops at the limit.
fn surely_shallow(text: &[u8]) -> bool {
    let lines = 1 + memchr::memchr_iter(b'\n', text)
        .take(MAX_YAML_DEPTH)
        .count();
    let dashes = memchr::memchr_iter(b'-', text).take(MAX_YAML_DEPTH).count();
    let opens = memchr::memchr2_iter(b'[', b'{', text)
        .take(MAX_YAML_DEPTH)
        .count();
    lines + dashes + opens <= MAX_YAML_DEPTH
}

/// `s` without leading whitespace: spaces by byte, anything else as `str::trim_start` does.
fn trim_start(s: &str) -> &str {
    let spaces = s.bytes().take_while(|&b| b == b' ').count();
    let rest = &s[spaces..];
    match rest.as_bytes().first() {
        Some(&b) if b.is_ascii() && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r') => rest,
        None => rest,
        Some(_) => rest.trim_start(),
    }
}

/// The quotes, comment signs and brackets of a text, found with `memchr` a stretch at a time:
/// each byte of the text is searched at most once, lines without any cost nothing.
struct Specials<'t> {
    bytes: &'t [u8],
    /// For `"'#`, `[]{` and `}`: the next one at or after the last place asked for
    /// (`usize::MAX` when there is none left); None before the first search.
    next: [Option<usize>; 3],
}

impl<'t> Specials<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        Specials {
            bytes,
            next: [None; 3],
        }
    }

    /// The first one at or after `from` and before `to`.
    fn next(&mut self, from: usize, to: usize) -> Option<usize> {
        let mut first = usize::MAX;
        for (k, next) in self.next.iter_mut().enumerate() {
            if next.is_none_or(|p| p < from) {
                let rest = &self.bytes[from..];
                let found = match k {
                    0 => memchr::memchr3(b'"', b'\'', b'#', rest),
                    1 => memchr::memchr3(b'[', b']', b'{', rest),
                    _ => memchr::memchr(b'}', rest),
                };
                *next = Some(found.map_or(usize::MAX, |i| from + i));
            }
            first = first.min(next.unwrap_or(usize::MAX));
        }
        (first < to).then_some(first)
    }
}

/// The character before byte `i` of a line as the quote rules see it: a backslash escaped
/// by another (an even run of them) counts as a space, and so does the start of the line.
fn prev_char(line: &str, i: usize) -> char {
    let before = &line[..i];
    let slashes = before.bytes().rev().take_while(|&b| b == b'\\').count();
    if slashes > 0 {
        return if slashes % 2 == 1 { '\\' } else { ' ' };
    }
    before.chars().next_back().unwrap_or(' ')
}

/// Whether a line (without its indentation) ends in a block scalar's indicator.
fn opens_block_scalar(trimmed: &str) -> bool {
    match trimmed.as_bytes().last() {
        Some(b'|' | b'>') => true,
        Some(b'-' | b'+') => {
            trimmed.ends_with("|-")
                || trimmed.ends_with(">-")
                || trimmed.ends_with("|+")
                || trimmed.ends_with(">+")
        }
        _ => false,
    }
}

/// A YAML scalar as text; None for lists and mappings.
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_string(&t.value),
        _ => None,
    }
}

/// `YYYY-MM-DD`, strictly.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    s.parse::<Date>().ok()
}

/// Converts a serde_yaml syntax error in `src` (which starts `offset` lines into the file)
/// into a diagnostic at its position, with a hint from the line it is on or the one before
/// (a tab or a stray colon often shows only on the next line).
pub fn yaml_error(file: &Path, src: &str, err: &serde_yaml::Error, offset: usize) -> Diagnostic {
    let (line, column) = err
        .location()
        .map_or((offset + 1, 1), |l| (l.line() + offset, l.column()));
    let msg = err.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let problem = Problem::YamlSyntax(msg);
    let lines: Vec<&str> = src.lines().collect();
    let at = line.saturating_sub(offset + 1);
    let hint = [Some(at), at.checked_sub(1)]
        .into_iter()
        .flatten()
        .filter_map(|i| lines.get(i))
        .find_map(|l| crate::hints::for_line(l, &problem));
    Diagnostic::new(file, line, column, problem).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_yaml_nesting() {
        assert_eq!(
            too_deep("a: [1, [2, {b: c}]]\nd:\n  - e\n  - f: |\n      [[[[\n"),
            None
        );
        let deep = format!("a: {}1{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(too_deep(&deep), Some(3 + MAX_YAML_DEPTH - 1));
        let quoted = format!("a: \"{}\"", "[".repeat(100));
        assert_eq!(too_deep(&quoted), None);
        let mut block = String::new();
        for i in 0..100 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        assert!(too_deep(&block).is_some());
    }

    #[test]
    fn brackets_in_quotes_comments_and_block_scalars_do_not_nest() {
        let many = "[".repeat(100);
        let at = |yaml: &str| too_deep(yaml);
        // Escaped quotes stay inside the string; an even run of backslashes does not escape.
        assert_eq!(at(&format!("a: \"x\\\" {many}\"\n")), None);
        assert!(at(&format!("a: \"x\\\\\" {many}\"\n")).is_some());
        // A quote opens only after a space, a bracket, a comma or a colon.
        assert_eq!(at(&format!("a: [b, '{many}']\n")), None);
        assert!(at(&format!("a: b'{many}'\n")).is_some());
        // `#` after a space starts a comment, also after a non-breaking space; else it is text.
        assert_eq!(at(&format!("a: b #{many}\n")), None);
        assert_eq!(at(&format!("a: b\u{a0}#{many}\n")), None);
        assert!(at(&format!("a: b#{many}\n")).is_some());
        // The deep line is found at its bracket, on any line, with CRLF line ends.
        let deep = format!("a: 1\r\nb: |\r\n  {many}\r\nc: åäö {many}\r\n");
        let line = deep.find("c:").unwrap_or(0);
        assert_eq!(at(&deep), Some(line + "c: åäö ".len() + MAX_YAML_DEPTH - 1));
    }

    #[test]
    fn a_short_text_past_the_quick_bound_is_measured_line_by_line() {
        // 22 lines and 21 dashes: 21 block levels, then brackets until the limit.
        let mut yaml = "a:\n".to_string();
        for i in 1..21 {
            yaml.push_str(&format!("{}- b\n", " ".repeat(i)));
        }
        yaml.push_str(&format!("{}c: {}\n", " ".repeat(21), "[".repeat(50)));
        assert!(!surely_shallow(yaml.as_bytes()));
        let first = yaml.find('[').unwrap_or(0);
        assert_eq!(too_deep(&yaml), Some(first + MAX_YAML_DEPTH - 22));
        let front = "title: \"A\"\ndate: 2024-01-02\nsubjects: [a-b, c-d]\n";
        assert!(surely_shallow(front.as_bytes()));
        assert_eq!(too_deep(front), None);
    }

    #[test]
    fn rejects_impossible_and_loose_dates() {
        assert!(parse_date("2022-10-24").is_some());
        assert!(parse_date("2022-13-01").is_none());
        assert!(parse_date("2022-02-30").is_none());
        assert!(parse_date("24 oktober").is_none());
    }
}
