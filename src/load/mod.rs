//! Stage 1, load: walk `content/`, read each file once and parse it (YAML, front matter,
//! Markdown) in parallel into the typed structs of `model`. Mistakes are collected per file,
//! never thrown one by one. `serve` keeps a `ContentSet` and reloads only the files that changed.

mod content;
mod data;
mod fields;
mod keys;
mod locate;
mod manifest;
mod read;
mod site;
mod svg;
pub mod urls;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

pub use self::keys::{KeyList, ACCEPTED_KEYS};
pub use self::locate::{Pos, Text};
pub use self::manifest::{site_theme_pos, theme_manifest, ThemeManifest};
use crate::data::store::{self, Fetched, Imported, Stored};
use crate::diag::{Diagnostic, Problem};
use crate::markdown::MdOptions;
use crate::model::{Article, Initiative, Page, Plan, SiteConfig, Story};
pub use site::load_config;

/// What one content file turned into.
#[derive(Debug, Clone)]
pub enum Parsed {
    Article(Arc<Article>),
    Page(Arc<Page>),
    Initiative(Arc<Initiative>),
    Stories(Vec<Arc<Story>>),
    Plan(Arc<Plan>),
    /// `content/plan/data/kolada.yaml`: values fetched from Kolada.
    Fetched(Arc<Stored<Fetched>>),
    /// `content/plan/data/import.yaml`: values imported from spreadsheets.
    Imported(Arc<Stored<Imported>>),
    Media,
    /// A file framsteg does not read (a stray note, an editor's backup).
    Ignored,
}

#[derive(Debug, Clone)]
pub struct FileResult {
    pub parsed: Option<Parsed>,
    pub diags: Vec<Diagnostic>,
}

/// Everything loaded from `content/`, before ids are resolved.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub articles: Vec<Arc<Article>>,
    pub stories: Vec<Arc<Story>>,
    pub pages: Vec<Arc<Page>>,
    pub initiatives: Vec<Arc<Initiative>>,
    pub plan: Option<Arc<Plan>>,
    /// Paths relative to `content/`, such as `media/fn-dagen.jpg`.
    pub media: Vec<PathBuf>,
    pub fetched: Option<Arc<Stored<Fetched>>>,
    pub imported: Option<Arc<Stored<Imported>>>,
}

/// The loaded files of a site, keyed by their path relative to the site root.
#[derive(Debug, Clone, Default)]
pub struct ContentSet {
    pub files: BTreeMap<PathBuf, FileResult>,
}

/// Reads content files for one site configuration.
pub struct Loader<'a> {
    pub root: &'a Path,
    pub config: &'a SiteConfig,
    pub md: MdOptions,
}

impl<'a> Loader<'a> {
    pub fn new(root: &'a Path, config: &'a SiteConfig) -> Self {
        let md = MdOptions {
            unsafe_html: config.unsafe_html,
            base_path: config.base_path(),
            lang: config.language,
        };
        Loader { root, config, md }
    }

    /// Walks `content/` and loads every file: many reads in flight, parsing in parallel.
    pub fn load_all(&self) -> ContentSet {
        let mut files = BTreeMap::new();
        let mut to_read = Vec::new();
        for rel in content_files(self.root) {
            match classify(&rel) {
                kind if kind.is_read() => to_read.push((kind, rel)),
                kind => {
                    let result = unread(&rel, kind);
                    files.insert(rel, result);
                }
            }
        }
        // Data files first: each takes longer to parse than an article, and parsed last they
        // would leave one core working alone at the end.
        to_read.sort_by_key(|(kind, _)| *kind == Kind::Article);
        let (kinds, paths): (Vec<Kind>, Vec<PathBuf>) = to_read.into_iter().unzip();
        let results = read::read_and_parse(self.root, &paths, |i, rel, bytes| {
            self.parse(rel, kinds[i], decode_text(rel, bytes))
        });
        files.extend(paths.into_iter().zip(results));
        ContentSet { files }
    }

    /// Loads one file, given relative to the site root.
    pub fn load_file(&self, rel: &Path) -> FileResult {
        match classify(rel) {
            kind if kind.is_read() => self.parse(rel, kind, read_text(self.root, rel)),
            kind => unread(rel, kind),
        }
    }

    /// Parses the text of a file that `kind` says is read.
    fn parse(&self, rel: &Path, kind: Kind, text: Result<String, Diagnostic>) -> FileResult {
        let text = match text {
            Ok(t) => t,
            Err(d) => {
                return FileResult {
                    parsed: None,
                    diags: vec![d],
                }
            }
        };
        let (parsed, diags) = match kind {
            Kind::Article => content::article(self, rel, &text),
            Kind::Page => content::page(self, rel, &text),
            Kind::Initiative => data::initiative(self, rel, &text),
            Kind::Stories => data::stories(self, rel, &text),
            Kind::Plan => data::plan(self, rel, &text),
            Kind::Fetched => match store::parse::<Fetched>(rel, &text) {
                Ok(s) => (Some(Parsed::Fetched(Arc::new(s))), Vec::new()),
                Err(d) => (None, vec![d]),
            },
            Kind::Imported => match store::parse::<Imported>(rel, &text) {
                Ok(s) => (Some(Parsed::Imported(Arc::new(s))), Vec::new()),
                Err(d) => (None, vec![d]),
            },
            Kind::Svg => (Some(Parsed::Media), svg_diags(rel, &text)),
            Kind::Media | Kind::ActiveMedia | Kind::Ignored | Kind::Config => (None, Vec::new()),
        };
        FileResult { parsed, diags }
    }
}

/// What a file that is not read at load time stands for: media are copied when written,
/// `site.yaml` is read on its own, anything else is ignored. A page in `media/` (`.html`) is
/// refused by its name alone.
fn unread(rel: &Path, kind: Kind) -> FileResult {
    let name = rel.to_string_lossy();
    match kind {
        Kind::Media => FileResult {
            parsed: Some(Parsed::Media),
            diags: Vec::new(),
        },
        Kind::ActiveMedia => FileResult {
            parsed: None,
            diags: svg::risky_extension(&name)
                .map(|r| Diagnostic::new(rel, 0, 0, Problem::UnsafeMedia(r)))
                .into_iter()
                .collect(),
        },
        _ => FileResult {
            parsed: Some(Parsed::Ignored),
            diags: Vec::new(),
        },
    }
}

/// Every risk of an SVG, at its line and column.
fn svg_diags(rel: &Path, text: &str) -> Vec<Diagnostic> {
    svg::risks(text)
        .into_iter()
        .map(|(at, risk)| {
            let (line, column) = line_column(text, at);
            Diagnostic::new(rel, line, column, Problem::UnsafeMedia(risk))
        })
        .collect()
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

impl ContentSet {
    /// Every mistake of every file, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .files
            .values()
            .flat_map(|f| f.diags.iter().cloned())
            .collect();
        crate::diag::sort(&mut all);
        all
    }

    /// The parsed content, in path order (deterministic).
    pub fn assemble(&self, include_drafts: bool) -> Loaded {
        let mut out = Loaded::default();
        for (path, f) in &self.files {
            match &f.parsed {
                Some(Parsed::Article(a)) if include_drafts || !a.draft => {
                    out.articles.push(Arc::clone(a))
                }
                Some(Parsed::Page(p)) => out.pages.push(Arc::clone(p)),
                Some(Parsed::Initiative(i)) => out.initiatives.push(Arc::clone(i)),
                Some(Parsed::Stories(s)) => out.stories.extend(s.iter().cloned()),
                Some(Parsed::Plan(p)) => out.plan = Some(Arc::clone(p)),
                Some(Parsed::Fetched(f)) => out.fetched = Some(Arc::clone(f)),
                Some(Parsed::Imported(i)) => out.imported = Some(Arc::clone(i)),
                Some(Parsed::Media) => {
                    if let Ok(rel) = path.strip_prefix("content") {
                        out.media.push(rel.to_path_buf());
                    }
                }
                _ => {}
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Config,
    Article,
    Page,
    Initiative,
    Stories,
    Plan,
    Fetched,
    Imported,
    Media,
    /// An SVG in `media/`: read, to check it carries no script, then copied.
    Svg,
    /// A file in `media/` a browser would open as a page: refused.
    ActiveMedia,
    Ignored,
}

impl Kind {
    /// Files whose text framsteg reads at load time (media bytes are read when written).
    fn is_read(self) -> bool {
        !matches!(
            self,
            Kind::Media | Kind::ActiveMedia | Kind::Ignored | Kind::Config
        )
    }
}

fn classify(rel: &Path) -> Kind {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    let name = parts.last().copied().unwrap_or("");
    if is_editor_temp(name) {
        return Kind::Ignored;
    }
    match parts.as_slice() {
        ["content", "site.yaml"] => Kind::Config,
        ["content", "articles", .., _] if ext == "md" => Kind::Article,
        ["content", "pages", .., _] if ext == "md" => Kind::Page,
        ["content", "plan", "plan.yaml"] => Kind::Plan,
        ["content", "plan", "data", "kolada.yaml"] => Kind::Fetched,
        ["content", "plan", "data", "import.yaml"] => Kind::Imported,
        ["content", "plan", "initiatives", _] if ext == "yaml" || ext == "yml" => Kind::Initiative,
        ["content", "stories", _] if ext == "yaml" || ext == "yml" => Kind::Stories,
        ["content", "media", .., _] if svg::is_svg(name) => Kind::Svg,
        ["content", "media", .., _] if svg::risky_extension(name).is_some() => Kind::ActiveMedia,
        ["content", "media", .., _] => Kind::Media,
        _ => Kind::Ignored,
    }
}

/// Editors' swap, backup and lock files, never content.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Every file under `content/`, relative to the root, sorted; hidden folders skipped.
pub fn content_files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    out.sort();
    out
}

/// Reads a file as UTF-8 text with `\n` line ends and no byte-order mark.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    decode_text(rel, std::fs::read(root.join(rel)))
}

/// The text of a file read as bytes: UTF-8 with `\n` line ends and no byte-order mark, or
/// the mistake at the first byte that is not UTF-8.
fn decode_text(rel: &Path, bytes: std::io::Result<Vec<u8>>) -> Result<String, Diagnostic> {
    let bytes = bytes.map_err(|e| Diagnostic::new(rel, 0, 0, Problem::Io(e.to_string())))?;
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            if s.contains('\r') {
                s = s.replace("\r\n", "\n");
            }
            Ok(s)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let last_line = valid.rsplit(|b| *b == b'\n').next().unwrap_or(valid);
            let column = String::from_utf8_lossy(last_line).chars().count() + 1;
            Err(Diagnostic::new(rel, line, column, Problem::NotUtf8))
        }
    }
}

/// Parses a strict `YYYY-MM-DD` date, as content files must write them.
pub fn parse_date_text(s: &str) -> Option<jiff::civil::Date> {
    fields::parse_date(s)
}

/// True for a usable URL segment: lowercase ascii letters, digits and inner hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_content_paths() {
        assert_eq!(classify(Path::new("content/articles/a.md")), Kind::Article);
        assert_eq!(
            classify(Path::new("content/articles/.a.md.swp")),
            Kind::Ignored
        );
        assert_eq!(
            classify(Path::new("content/plan/initiatives/x.yaml")),
            Kind::Initiative
        );
        assert_eq!(classify(Path::new("content/media/a/b.png")), Kind::Media);
        assert_eq!(classify(Path::new("content/notes.txt")), Kind::Ignored);
    }

    #[test]
    fn accepts_only_url_safe_slugs() {
        assert!(is_slug("fn-dagen-2022"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug("Fn"));
        assert!(!is_slug(""));
    }
}
