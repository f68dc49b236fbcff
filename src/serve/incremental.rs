//! The incremental rebuild behind `serve`. The [`Engine`] keeps the loaded content, the
//! compiled theme and the last good site in memory; a change loads only the changed files
//! again (`site.yaml` reloads everything, a theme change compiles the theme again without
//! parsing content). Articles edited in place (same slug, date, subjects and initiatives) are
//! swapped into the last good site; any other change links the whole site again. Then only
//! the pages whose output can change are rendered.
//!
//! Which pages "can change" is decided in `rule.rs`; when in doubt, everything renders.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::good::{remember, Good, Rebuilt};
use super::rule;
use crate::diag::Diagnostic;
use crate::link::Site;
use crate::load::{is_editor_temp, ContentSet, FileResult, Loader};
use crate::model::{Lang, SiteConfig};
use crate::pipeline::{self, Failure};
use crate::render::theme::{Source, Theme};
use crate::render::{self, OutputFile};

/// What a rebuild produced.
pub enum Outcome {
    /// Nothing that shows on the site changed.
    Unchanged,
    /// Only files served as they are on disk changed (theme static files): no page rendered.
    Static { css_only: bool },
    /// New output for the served site.
    Built(Update),
    /// The site has mistakes; the last good site stays served.
    Failed(Failure),
}

/// Output of a successful rebuild.
pub struct Update {
    /// True when every page rendered: `files` is then the whole site.
    pub full: bool,
    /// False when the changed articles were swapped into the last good site without
    /// linking the whole site again.
    pub linked: bool,
    /// Pages (jobs) rendered, and pages the site has.
    pub rendered: usize,
    pub total: usize,
    /// Rendered files, to replace or add to the served ones.
    pub files: Vec<OutputFile>,
    /// Output paths that no longer exist (only when `full` is false).
    pub removed: Vec<String>,
    /// The site's base path, e.g. `/` or `/skola/`.
    pub base_path: String,
    pub elapsed: Duration,
    /// What the site warns about (stale or disagreeing indicator values).
    pub warnings: Vec<crate::diag::Diagnostic>,
    pub lang: crate::model::Lang,
    /// What the search index of the new site is made from (after the reload: see
    /// [`super::state::State::index_search`]).
    pub search: Box<crate::search::SearchInput>,
}

/// The in-memory site of `serve`.
pub struct Engine {
    root: PathBuf,
    drafts: bool,
    config: Option<SiteConfig>,
    content: ContentSet,
    theme: Result<Theme, Vec<Diagnostic>>,
    good: Option<Good>,
    /// Content files changed since the last good build, relative to the root.
    dirty: BTreeSet<PathBuf>,
    /// Something changed since the last good build that needs every page again.
    full: bool,
}

impl Engine {
    /// Loads and renders the whole site at `root` (drafts included).
    pub fn new(root: &Path) -> (Engine, Outcome) {
        let mut engine = Engine {
            root: root.to_path_buf(),
            drafts: true,
            config: None,
            content: ContentSet::default(),
            theme: Err(Vec::new()),
            good: None,
            dirty: BTreeSet::new(),
            full: true,
        };
        let t = Instant::now();
        let outcome = engine.reload_all(t);
        (engine, outcome)
    }

    /// How many photos the registry in use has resized (since the last full reload).
    pub fn images_resized(&self) -> usize {
        self.content.images.as_ref().map_or(0, |i| i.resized())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The language mistakes are explained in.
    pub fn lang(&self) -> Lang {
        self.config.as_ref().map_or(Lang::Sv, |c| c.language)
    }

    /// Applies changed paths (relative to the root) and rebuilds what they touch.
    pub fn apply(&mut self, changed: &BTreeSet<PathBuf>) -> Outcome {
        let t = Instant::now();
        let mut config_changed = self.config.is_none();
        let mut theme_paths = Vec::new();
        let mut content_paths = Vec::new();
        for p in changed {
            if p == Path::new("content/site.yaml") || p == Path::new("content") {
                config_changed = true;
            } else if p.starts_with("themes") {
                theme_paths.push(p.as_path());
            } else if p.starts_with("content") {
                content_paths.push(p.clone());
            }
        }
        // A changed photo changes the size and variants every text showing it names: it is
        // processed again at once, and everything loads again (the other photos come from
        // the cache).
        let photo_changed = content_paths.iter().any(|p| {
            p.starts_with("content/media") && crate::images::is_photo(&p.to_string_lossy())
        });
        if config_changed || photo_changed {
            return self.reload_all(t);
        }
        let mut static_change = None;
        if !theme_paths.is_empty() {
            match self.static_only(&theme_paths) {
                Some(css_only) => static_change = Some(css_only),
                None => {
                    self.reload_theme();
                    self.full = true;
                }
            }
        }
        self.refresh(&content_paths);
        if !self.full && self.good.is_some() && self.dirty.is_empty() {
            return match static_change {
                Some(css_only) => Outcome::Static { css_only },
                None => Outcome::Unchanged,
            };
        }
        self.build(t)
    }

    fn reload_all(&mut self, t: Instant) -> Outcome {
        self.full = true;
        let config = match pipeline::config(&self.root) {
            Ok(c) => c,
            Err(f) => {
                self.config = None;
                return Outcome::Failed(f);
            }
        };
        self.content = pipeline::load_content(&self.root, &config);
        self.config = Some(config);
        self.reload_theme();
        self.build(t)
    }

    fn reload_theme(&mut self) {
        if let Some(c) = &self.config {
            self.theme = render::theme::load(&self.root, &c.theme, c.language);
        }
    }

    /// `Some(css_only)` when every changed theme path is a static file the theme already
    /// serves from disk: the served bytes are read at request time, nothing renders.
    fn static_only(&self, paths: &[&Path]) -> Option<bool> {
        let theme = self.theme.as_ref().ok()?;
        let mut css_only = true;
        for p in paths {
            let abs = self.root.join(p);
            let is_served = abs.is_file()
                && p.iter().nth(2).is_some_and(|s| s == "static")
                && theme
                    .static_files
                    .values()
                    .any(|s| matches!(s, Source::Disk(d) if *d == abs));
            if !is_served {
                return None;
            }
            css_only &= p.extension().is_some_and(|e| e == "css");
        }
        Some(css_only)
    }

    /// Loads changed content files again, drops deleted ones, walks new folders.
    fn refresh(&mut self, paths: &[PathBuf]) {
        let Some(config) = self.config.as_ref() else {
            return;
        };
        let mut load = BTreeSet::new();
        let mut remove = BTreeSet::new();
        for rel in paths {
            if is_hidden(rel) {
                continue;
            }
            let abs = self.root.join(rel);
            match std::fs::symlink_metadata(&abs) {
                Ok(m) if m.is_file() => {
                    load.insert(rel.clone());
                }
                Ok(m) if m.is_dir() => {
                    let found = files_under(&self.root, &abs);
                    for known in self.content.files.keys().filter(|k| k.starts_with(rel)) {
                        if !found.contains(known) {
                            remove.insert(known.clone());
                        }
                    }
                    load.extend(found);
                }
                // Gone, or a symlink (never content, as in a full build).
                _ => {
                    for known in self.content.files.keys().filter(|k| k.starts_with(rel)) {
                        remove.insert(known.clone());
                    }
                }
            }
        }
        let mut loader = Loader::new(&self.root, config);
        if let Some(images) = &self.content.images {
            loader = loader.with_images(Arc::clone(images));
        }
        let loaded: Vec<(PathBuf, FileResult)> = load
            .into_par_iter()
            .map(|rel| {
                let r = loader.load_file(&rel);
                (rel, r)
            })
            .collect();
        for rel in remove {
            self.content.files.remove(&rel);
            self.dirty.insert(rel);
        }
        for (rel, r) in loaded {
            self.content.files.insert(rel.clone(), r);
            self.dirty.insert(rel);
        }
        if let Some(images) = loader.images() {
            images.save();
        }
    }

    fn build(&mut self, t: Instant) -> Outcome {
        let Some(config) = self.config.as_ref() else {
            return Outcome::Unchanged;
        };
        let fail = |diags| {
            Outcome::Failed(Failure {
                lang: config.language,
                diags,
            })
        };
        // Articles edited in place: the last good site with them swapped in. Otherwise the
        // whole site is linked again.
        let (site, edited) = match self.patched_site() {
            Some((site, edited)) => (site, Some(edited)),
            None => {
                let theme_diags = self.theme.as_ref().err().map(Vec::as_slice);
                match pipeline::link_content(
                    &self.root,
                    config,
                    &self.content,
                    theme_diags,
                    self.drafts,
                ) {
                    Ok(site) => (site, None),
                    Err(f) => return Outcome::Failed(f),
                }
            }
        };
        let theme = match &self.theme {
            Ok(theme) => theme,
            Err(diags) => return fail(diags.clone()),
        };
        let in_place = edited.is_some();
        let mut warnings = site.warnings.clone();
        // In the preview an unfinished accessibility statement warns; `build` refuses it.
        warnings.extend(crate::pipeline::statement_gaps(&site));
        let all = render::all_jobs(&site);
        // In place, the pages and their paths are those of the last good site.
        let job_paths: Option<Vec<String>> =
            (!in_place).then(|| all.iter().map(|j| j.path(&site)).collect());
        let selected = match &self.good {
            Some(good) if !self.full && job_paths.as_ref().is_none_or(|p| *p == good.job_paths) => {
                rule::select(&site, &good.content, &self.content, &self.dirty, &all)
            }
            _ => None,
        };
        let full = selected.is_none();
        let jobs = selected.unwrap_or_else(|| all.clone());
        let mut files = match render::render_jobs(&site, theme, &jobs, false) {
            Ok(r) => r.files,
            Err(diags) => return fail(diags),
        };
        let search = Box::new(crate::search::SearchInput::new(&site));
        let (generated, removed) = remember(
            &mut self.good,
            Rebuilt {
                site,
                edited,
                full,
                job_paths,
            },
            theme,
            &self.content,
            &self.dirty,
        );
        files.extend(generated);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        self.dirty.clear();
        self.full = false;
        Outcome::Built(Update {
            full,
            linked: !in_place,
            rendered: jobs.len(),
            total: all.len(),
            files,
            removed,
            base_path: config.base_path(),
            elapsed: t.elapsed(),
            warnings,
            lang: config.language,
            search,
        })
    }

    /// The last good site with the articles edited since put in place, when nothing else
    /// changed and linking again could not give another site (see [`rule::relink_free`]).
    fn patched_site(&self) -> Option<(Site, Vec<usize>)> {
        if self.full {
            return None;
        }
        let good = self.good.as_ref()?;
        let edited = rule::relink_free(&good.content, &self.content, &self.dirty)?;
        let mut site = good.site.clone();
        let mut at = Vec::with_capacity(edited.len());
        for a in edited {
            let i = site
                .articles
                .iter()
                .position(|x| x.origin.file.as_os_str() == a.origin.file.as_os_str())?;
            site.articles[i] = Arc::clone(a);
            at.push(i);
        }
        site.used_media = crate::link::media::used(&site);
        Some((site, at))
    }
}

/// True for paths a full build skips: hidden files and folders, editors' temp files.
fn is_hidden(rel: &Path) -> bool {
    rel.iter().skip(1).any(|c| {
        c.to_str()
            .is_none_or(|s| s.starts_with('.') || is_editor_temp(s))
    })
}

/// Content files under `dir` (absolute), relative to `root`, as a full build would list them.
fn files_under(root: &Path, dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect()
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;
