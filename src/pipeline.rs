//! Runs the four stages in order — load, link, render, write — and gathers every mistake of a
//! build into one list. `build`, `check` and `serve` all go through here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::claim::{Claim, ClaimError};
use crate::diag::{Diagnostic, IdKind, Problem};
use crate::link::{self, Site};
use crate::load::{self, ContentSet, Loader};
use crate::model::{Lang, SiteConfig};
use crate::render::{self, theme::Theme, Rendered};
use crate::write::{self, WriteStats};

/// A build that did not succeed: every mistake, and the language to explain them in.
#[derive(Debug, Clone)]
pub struct Failure {
    pub lang: Lang,
    pub diags: Vec<Diagnostic>,
}

/// What a successful build made, and how long each stage took.
pub struct Built {
    pub config: SiteConfig,
    pub site: Site,
    pub theme: Theme,
    /// Every output file after [`run`]; after [`build`], which writes pages as it renders
    /// them, only the files that are not pages.
    pub rendered: Rendered,
    /// After [`build`], how many files the search index had (written before the pages and
    /// not in `rendered`); 0 after [`run`], whose `rendered` has them.
    pub search_files: usize,
    /// After [`build`], `render` includes writing.
    pub timings: Timings,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load: Duration,
    pub link: Duration,
    pub render: Duration,
}

/// What `build` and `check` publish, and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Where to write (`build` only); default `<root>/output`.
    pub output: Option<PathBuf>,
    /// Include `draft: true` content (`--drafts`).
    pub drafts: bool,
    /// Include articles and stories dated after today (`--future`).
    pub future: bool,
    /// Use this instead of `site.yaml`'s `base_url` (`--base-url`), checked the same way.
    pub base_url: Option<String>,
    /// The build's day; default [`load::today`] (`FRAMSTEG_TODAY`, else the local date).
    pub today: Option<jiff::civil::Date>,
}

impl BuildOptions {
    fn include(&self) -> load::Include {
        load::Include {
            drafts: self.drafts,
            future: self.future,
        }
    }

    fn today(&self) -> Result<jiff::civil::Date, Failure> {
        match self.today {
            Some(d) => Ok(d),
            None => load::today().map_err(|d| Failure {
                lang: Lang::Sv,
                diags: vec![d],
            }),
        }
    }
}

/// Reads the configuration; a broken `site.yaml` stops everything, in Swedish.
pub fn config(root: &Path) -> Result<SiteConfig, Failure> {
    load::load_config(root).map_err(|diags| Failure {
        lang: Lang::Sv,
        diags,
    })
}

/// [`config`] with `base_url` replaced by `base_url` when given (checked like site.yaml's).
pub fn config_with(root: &Path, base_url: Option<&str>) -> Result<SiteConfig, Failure> {
    let mut config = config(root)?;
    if let Some(raw) = base_url {
        match load::urls::base_url(raw) {
            Some(b) => config.base_url = b,
            None => {
                return Err(Failure {
                    lang: config.language,
                    diags: vec![Diagnostic::new(
                        "--base-url",
                        0,
                        0,
                        Problem::BadBaseUrl(raw.to_string()),
                    )],
                })
            }
        }
    }
    Ok(config)
}

/// Loads all content of a site.
pub fn load_content(root: &Path, config: &SiteConfig) -> ContentSet {
    Loader::new(root, config).load_all()
}

/// Links and renders already loaded content with a compiled theme.
pub fn link_and_render(
    root: &Path,
    config: &SiteConfig,
    content: &ContentSet,
    theme: Result<&Theme, &[Diagnostic]>,
    drafts: bool,
) -> Result<(Site, Rendered, Timings), Failure> {
    let fail = |diags| Failure {
        lang: config.language,
        diags,
    };
    let mut timings = Timings::default();
    let t = Instant::now();
    let site = link_content(root, config, content, theme.err(), drafts)?;
    timings.link = t.elapsed();
    let theme = theme.map_err(|d| fail(d.to_vec()))?;
    let t = Instant::now();
    let rendered = render::render(&site, theme).map_err(fail)?;
    timings.render = t.elapsed();
    Ok((site, rendered, timings))
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    crate::diag::sort(&mut d);
    d
}

/// Everything but writing: load, link, render. With `drafts`, drafts and scheduled content
/// are included (as in `serve`).
pub fn run(root: &Path, drafts: bool) -> Result<Built, Failure> {
    run_with(
        root,
        &BuildOptions {
            drafts,
            future: drafts,
            ..BuildOptions::default()
        },
    )
}

/// [`run`] with options: what `check` does.
pub fn run_with(root: &Path, opts: &BuildOptions) -> Result<Built, Failure> {
    let t = Instant::now();
    let mut config = config_with(root, opts.base_url.as_deref())?;
    let today = opts.today()?;
    config.today = Some(today);
    let (content, theme) = rayon::join(
        || Loader::on(root, &config, today).load_all(),
        || render::theme::load(root, &config.theme, config.language),
    );
    let load_time = t.elapsed();
    let mut timings = Timings::default();
    let t = Instant::now();
    let mut site = link_content_with(
        root,
        &config,
        &content,
        theme.as_ref().err().map(Vec::as_slice),
        opts.include(),
    )?;
    timings.link = t.elapsed();
    let fail = |diags| Failure {
        lang: config.language,
        diags,
    };
    statement_check(&mut site, opts.drafts).map_err(fail)?;
    let theme_ref = theme.as_ref().map_err(|d| fail(d.clone()))?;
    let t = Instant::now();
    let rendered = render::render(&site, theme_ref).map_err(fail)?;
    timings.render = t.elapsed();
    timings.load = load_time;
    let theme = theme.map_err(|diags| Failure {
        lang: config.language,
        diags,
    })?;
    Ok(Built {
        config,
        site,
        theme,
        rendered,
        search_files: 0,
        timings,
    })
}

/// What the theme's default accessibility statement lacks (`organisation`, `contact`
/// missing or placeholders); nothing when the site writes its own `pages/tillganglighet.md`.
/// `build` and `check` fail on these; `--drafts` builds and `serve` warn.
pub fn statement_gaps(site: &Site) -> Vec<Diagnostic> {
    if site.pages.iter().any(|p| p.slug == "tillganglighet") {
        return Vec::new();
    }
    site.config.statement_gaps.clone()
}

/// A production build does not publish an accessibility statement that names no one: its
/// gaps are errors, or warnings on the site with `--drafts` (a preview).
fn statement_check(site: &mut Site, drafts: bool) -> Result<(), Vec<Diagnostic>> {
    let gaps = statement_gaps(site);
    if gaps.is_empty() {
        Ok(())
    } else if drafts {
        site.warnings.extend(gaps);
        Ok(())
    } else {
        Err(gaps)
    }
}

/// Builds the site at `root` into `output` (by default `root/output`). Pages are written as
/// they are rendered, never all held in memory: the returned [`Built::rendered`] lists only the
/// files that are not pages (feeds and pages are in `output`).
pub fn build(root: &Path, output: Option<PathBuf>) -> Result<(Built, WriteStats), Failure> {
    build_with(
        root,
        &BuildOptions {
            output,
            ..BuildOptions::default()
        },
    )
}

/// [`build`] with options: drafts, scheduled content, another `base_url`, another day.
pub fn build_with(root: &Path, opts: &BuildOptions) -> Result<(Built, WriteStats), Failure> {
    let t = Instant::now();
    let mut config = config_with(root, opts.base_url.as_deref())?;
    let today = opts.today()?;
    config.today = Some(today);
    let claim = claim_output(root, opts.output.clone(), config.language)?;
    let (content, theme) = rayon::join(
        || Loader::on(root, &config, today).load_all(),
        || render::theme::load(root, &config.theme, config.language),
    );
    let mut timings = Timings {
        load: t.elapsed(),
        ..Timings::default()
    };
    let t = Instant::now();
    let theme_diags = theme.as_ref().err().map(Vec::as_slice);
    let mut site = link_content_with(root, &config, &content, theme_diags, opts.include())?;
    timings.link = t.elapsed();
    let lang = config.language;
    statement_check(&mut site, opts.drafts).map_err(|diags| Failure { lang, diags })?;
    let theme = theme.map_err(|diags| Failure { lang, diags })?;

    let t = Instant::now();
    let out = claim.output.clone();
    let io_fail = |e: write::WriteError| Failure {
        lang,
        diags: vec![Diagnostic::new(
            out.file_name()
                .map_or_else(|| PathBuf::from("output"), PathBuf::from),
            0,
            0,
            Problem::Io(e.to_string()),
        )],
    };
    let jobs = render::all_jobs(&site);
    let search = crate::search::SearchInput::new(&site);
    let (files, paths) = rayon::join(
        || render::extra_files(&site, &theme),
        || {
            jobs.par_iter()
                .map(|j| j.path(&site))
                .collect::<Vec<String>>()
        },
    );
    // The word chunks of the index are not on the list (their number is known only once the
    // index is made): the staging folder's are removed, and put back as links to the current
    // output's when unchanged, some 170 files at 10,000 articles.
    let search_paths = search.known_paths();
    let all_paths = paths
        .iter()
        .chain(files.iter().map(|f| &f.path))
        .chain(&search_paths);
    let writer =
        write::Writer::begin(root, &out, all_paths.map(String::as_str)).map_err(io_fail)?;
    // The fragment files of the index are written as they are made, the rest of it after.
    let (fragments, index) = search.files_with(|path, bytes| writer.put_bytes(&path, &bytes));
    let search_files = fragments.len() + index.len();
    let searched: Vec<_> = index.par_iter().map(|f| writer.put(f)).collect();
    let searched = fragments.into_iter().chain(searched);
    let pages = match render::render_each(&site, &theme, &jobs, |path, bytes| {
        writer.put_bytes(path, bytes)
    }) {
        Ok(pages) => pages,
        Err(diags) => {
            writer.abandon();
            return Err(Failure { lang, diags });
        }
    };
    let others: Vec<_> = files.par_iter().map(|f| writer.put(f)).collect();
    let unchanged: Result<Vec<bool>, _> = searched.chain(pages).chain(others).collect();
    let stats = match unchanged {
        Ok(unchanged) => WriteStats::of(&unchanged),
        Err(e) => {
            writer.abandon();
            return Err(io_fail(e));
        }
    };
    writer.finish().map_err(io_fail)?;
    drop(claim);
    timings.render = t.elapsed();
    let built = Built {
        config,
        site,
        theme,
        rendered: Rendered { files },
        search_files,
        timings,
    };
    Ok((built, stats))
}

/// The mistake a build into the default `root/output` would stop on because the folder is
/// not framsteg's to replace (see [`crate::claim`]), for `check` to report.
pub fn output_refusal(root: &Path) -> Option<Diagnostic> {
    crate::claim::refusal(root, &root.join("output"))
        .map(|r| Diagnostic::new(r.path, 0, 0, Problem::OutputRefused(r.why)))
}

/// Checks that the build may write `output` (by default `root/output`) and locks it for this
/// build; says so on stderr when it waits for another build (see [`crate::claim`]).
fn claim_output(root: &Path, output: Option<PathBuf>, lang: Lang) -> Result<Claim, Failure> {
    let out = output.unwrap_or_else(|| root.join("output"));
    let waiting = || match lang {
        Lang::Sv => eprintln!(
            "Ett annat bygge skriver till {}; väntar tills det är klart …",
            out.display()
        ),
        Lang::En => eprintln!(
            "Another build is writing to {}; waiting for it to finish …",
            out.display()
        ),
    };
    Claim::take(root, &out, waiting).map_err(|e| {
        let diag = match e {
            ClaimError::Refused(r) => Diagnostic::new(r.path, 0, 0, Problem::OutputRefused(r.why)),
            ClaimError::Io { path, source } => Diagnostic::new(
                &out,
                0,
                0,
                Problem::Io(format!("{}: {source}", path.display())),
            ),
        };
        Failure {
            lang,
            diags: vec![diag],
        }
    })
}

/// The link stage of [`link_and_render`] on its own: every load, theme and link mistake of the
/// content, or the linked site. `serve` links this way and then renders only the pages a
/// change touches.
pub fn link_content(
    root: &Path,
    config: &SiteConfig,
    content: &ContentSet,
    theme_diags: Option<&[Diagnostic]>,
    drafts: bool,
) -> Result<Site, Failure> {
    let include = load::Include {
        drafts,
        future: drafts,
    };
    link_content_with(root, config, content, theme_diags, include)
}

/// [`link_content`] publishing what `include` says.
pub fn link_content_with(
    root: &Path,
    config: &SiteConfig,
    content: &ContentSet,
    theme_diags: Option<&[Diagnostic]>,
    include: load::Include,
) -> Result<Site, Failure> {
    let fail = |diags| Failure {
        lang: config.language,
        diags,
    };
    let mut diags = content.diagnostics();
    if let Some(theme_diags) = theme_diags {
        diags.extend(theme_diags.iter().cloned());
    }
    let loaded = content.assemble_with(include);
    // Files that failed to load make references to them look unknown: do not report those.
    let data_failed = diags.iter().any(|d| d.file.starts_with("content/plan"));
    match link::link(root, config.clone(), loaded) {
        Ok(site) if diags.is_empty() => Ok(site),
        Ok(_) => Err(fail(sorted(diags))),
        Err(link_diags) => {
            diags.extend(link_diags.into_iter().filter(|d| {
                !(data_failed
                    && matches!(
                        d.problem,
                        Problem::UnknownId {
                            kind: IdKind::Initiative | IdKind::Goal | IdKind::Indicator,
                            ..
                        }
                    ))
            }));
            Err(fail(sorted(diags)))
        }
    }
}
