//! Stage 1, load: walk `content/`, read each file once and parse it (YAML, front matter,
//! Markdown) in parallel into the typed structs of `model`. Mistakes are collected per file,
//! never thrown one by one. `serve` keeps a `ContentSet` and reloads only the files that changed.

mod attach;
mod content;
mod data;
mod fields;
mod keys;
mod locate;
mod manifest;
pub mod names;
mod read;
mod site;
mod statement;
mod svg;
mod text;
pub mod urls;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use walkdir::WalkDir;

pub use self::keys::{KeyList, ACCEPTED_KEYS};
pub use self::locate::{Pos, Text};
pub use self::manifest::{site_theme_pos, theme_manifest, ThemeManifest};
use crate::data::store::{self, Fetched, Imported, Stored};
use crate::diag::{Diagnostic, IdKind, Problem};
use crate::images::Images;
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
    /// Ids of content left out as drafts, which published content may not name.
    pub held_back: HashSet<(IdKind, String)>,
    pub images: Option<Arc<Images>>,
}

/// What a build publishes besides finished content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// `draft: true` content.
    pub drafts: bool,
    /// Articles and stories dated after today.
    pub future: bool,
}

/// The loaded files of a site, keyed by their path relative to the site root.
#[derive(Debug, Clone, Default)]
pub struct ContentSet {
    pub files: BTreeMap<PathBuf, FileResult>,
    /// The photos the texts show, processed while loading.
    pub images: Option<Arc<Images>>,
}

/// Reads content files for one site configuration.
pub struct Loader<'a> {
    pub root: &'a Path,
    pub config: &'a SiteConfig,
    pub md: MdOptions,
    /// The build's day: articles and stories dated after it are scheduled.
    pub today: Date,
}

impl<'a> Loader<'a> {
    /// A loader for today (see [`today`]).
    pub fn new(root: &'a Path, config: &'a SiteConfig) -> Self {
        Self::on(root, config, today().unwrap_or_else(|_| local_today()))
    }

    /// A loader for a given day.
    pub fn on(root: &'a Path, config: &'a SiteConfig, today: Date) -> Self {
        let md = MdOptions {
            unsafe_html: config.unsafe_html,
            base_path: config.base_path(),
            lang: config.language,
            images: Some(Arc::new(Images::open(root, &config.images))),
            eager_first: false,
        };
        Loader {
            root,
            config,
            md,
            today,
        }
    }

    /// This loader with the photo registry `images` (that `serve` keeps between rebuilds).
    pub fn with_images(mut self, images: Arc<Images>) -> Self {
        self.md.images = Some(images);
        self
    }

    /// The photo registry texts are rendered with.
    pub fn images(&self) -> Option<&Arc<Images>> {
        self.md.images.as_ref()
    }

    /// Walks `content/` and loads every file: many reads in flight, parsing in parallel.
    pub fn load_all(&self) -> ContentSet {
        let mut files = BTreeMap::new();
        let mut to_read = Vec::new();
        let (paths, link_diags) = content_files_checked(self.root);
        for d in link_diags {
            files.insert(
                d.file.clone(),
                FileResult {
                    parsed: None,
                    diags: vec![d],
                },
            );
        }
        for rel in paths {
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
        if let Some(images) = self.images() {
            images.save();
        }
        ContentSet {
            files,
            images: self.images().cloned(),
        }
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

    /// The parsed content, in path order (deterministic); with `preview`, drafts and
    /// scheduled content too (as `serve` shows them).
    pub fn assemble(&self, preview: bool) -> Loaded {
        self.assemble_with(Include {
            drafts: preview,
            future: preview,
        })
    }

    /// The parsed content, in path order, with drafts and scheduled content as `include`
    /// says. Initiatives left out are listed in [`Loaded::held_back`], so that references to
    /// them can say why they fail.
    pub fn assemble_with(&self, include: Include) -> Loaded {
        let mut out = Loaded {
            images: self.images.clone(),
            ..Loaded::default()
        };
        let shown = |draft: bool, scheduled: bool| {
            (include.drafts || !draft) && (include.future || !scheduled)
        };
        for (path, f) in &self.files {
            match &f.parsed {
                Some(Parsed::Article(a)) if shown(a.draft, a.scheduled) => {
                    out.articles.push(Arc::clone(a))
                }
                Some(Parsed::Page(p)) => out.pages.push(Arc::clone(p)),
                Some(Parsed::Initiative(i)) if shown(i.draft, false) => {
                    out.initiatives.push(Arc::clone(i))
                }
                Some(Parsed::Initiative(i)) => {
                    out.held_back.insert((IdKind::Initiative, i.id.clone()));
                    for ind in &i.indicators {
                        out.held_back.insert((IdKind::Indicator, ind.id.clone()));
                    }
                }
                Some(Parsed::Stories(s)) => out
                    .stories
                    .extend(s.iter().filter(|s| shown(s.draft, s.scheduled)).cloned()),
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
    content_files_checked(root).0
}

/// [`content_files`], and a mistake for each symbolic link not followed. Links are followed
/// when they point inside the site folder (a `content/articles` linked from elsewhere in the
/// site); a link pointing outside it, nowhere, or to a folder around itself is an error, so
/// that nothing is left out without a word and no file from outside the site is published.
pub fn content_files_checked(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    use crate::diag::SymlinkProblem;
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let rel_of = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let hidden = |p: &Path| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    };
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let bad_link =
        |p: &Path, reason| Diagnostic::new(rel_of(p), 0, 0, Problem::BadSymlink { reason });
    let mut walk = WalkDir::new(root.join("content"))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                if let Some(p) = err.path().filter(|p| !hidden(p)) {
                    let reason = if err.loop_ancestor().is_some() {
                        SymlinkProblem::Loop
                    } else {
                        SymlinkProblem::Broken
                    };
                    if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
                        diags.push(bad_link(p, reason));
                    }
                }
                continue;
            }
        };
        if e.depth() > 0 && hidden(e.path()) {
            if e.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if e.path_is_symlink() {
            let inside = e
                .path()
                .canonicalize()
                .is_ok_and(|target| target.starts_with(&site));
            if !inside {
                diags.push(bad_link(e.path(), SymlinkProblem::Outside));
                if e.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        if e.file_type().is_file() {
            files.push(rel_of(e.path()));
        }
    }
    files.sort();
    (files, diags)
}

/// The largest content file read (Markdown, YAML, SVG): 10 MB, hundreds of times the longest
/// article a person writes. Media other than SVG are copied and have no limit.
pub const MAX_FILE_BYTES: u64 = 10_000_000;

/// Reads a file as UTF-8 text with `\n` line ends and no byte-order mark.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    decode_text(rel, std::fs::read(root.join(rel)))
}

/// The text of a file read as bytes: UTF-8 with `\n` line ends and no byte-order mark, or
/// the mistake at the first byte that is not UTF-8.
fn decode_text(rel: &Path, bytes: std::io::Result<Vec<u8>>) -> Result<String, Diagnostic> {
    let bytes = bytes.map_err(|e| Diagnostic::new(rel, 0, 0, Problem::Io(e.to_string())))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            rel,
            0,
            0,
            Problem::FileTooLarge {
                size: bytes.len() as u64,
                max: MAX_FILE_BYTES,
            },
        ));
    }
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

/// The longest slug or id: it becomes a folder name in `output/`, and file systems allow 255
/// bytes for a name (fewer on some, with the path); 100 leaves room and is still readable.
pub const MAX_SLUG: usize = 100;

/// What is wrong with a slug or id, if anything: not URL-safe, or too long for a file name.
pub fn slug_problem(s: &str) -> Option<Problem> {
    if !is_slug(s) {
        Some(Problem::BadSlug(s.to_string()))
    } else if s.len() > MAX_SLUG {
        Some(Problem::SlugTooLong {
            slug: s.to_string(),
            max: MAX_SLUG,
        })
    } else {
        None
    }
}

/// The build's day: `FRAMSTEG_TODAY` (`YYYY-MM-DD`) when set, so that tests and previews of a
/// coming day are deterministic; else the local date. A set but unreadable value is an error.
pub fn today() -> Result<Date, Diagnostic> {
    match std::env::var("FRAMSTEG_TODAY") {
        Ok(v) => fields::parse_date(&v)
            .ok_or_else(|| Diagnostic::new("FRAMSTEG_TODAY", 0, 0, Problem::BadToday(v))),
        Err(_) => Ok(local_today()),
    }
}

/// Today's date in the local time zone.
pub fn local_today() -> Date {
    jiff::Zoned::now().date()
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
