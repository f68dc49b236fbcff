//! Stage 3, render: turn the [`Site`] into output files. Every page is a [`Job`] (an output
//! path, a template and the data it reads); jobs render in parallel through the theme's tera
//! instance, compiled once. Feeds, sitemap, open data, static and media files join them.

pub mod context;
pub mod credit;
mod feeds;
pub mod filters;
mod jobs;
mod meta;
pub mod opendata;
mod progress_view;
pub mod theme;

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::diag::{Diagnostic, Problem};
use crate::link::Site;
use context::Shared;
pub use jobs::{all as all_jobs, page_count, Job, PER_PAGE};
use theme::{Source, Theme};

/// Where an output file's bytes come from.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    Theme(Source),
    /// A file in `content/`, copied as it is.
    File(PathBuf),
    /// A file of framsteg's own cache (a photo variant; absolute path), never changed once
    /// written: hard-linked into the output when it can be.
    Cached(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to `output/`, `/`-separated, e.g. `artiklar/fn-dagen/index.html`.
    pub path: String,
    pub content: Content,
}

/// The result of a render: every output file, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: String,
    language: &'static str,
    /// `og:locale`: `sv_SE` or `en_GB`.
    locale: &'static str,
    subjects: Vec<Value>,
    data_license: Option<&'a crate::model::License>,
    has_plan: bool,
    organisation: Option<&'a str>,
    contact: Option<&'a crate::model::Contact>,
}

/// A tera instance holding this site's shared values (site, UI strings) in its global context.
pub fn prepare(theme: &Theme, site: &Site) -> Tera {
    let mut tera = theme.tera.clone();
    let shared_subjects = site
        .config
        .subjects
        .iter()
        .map(|s| {
            let count = site.by_subject.get(&s.id).map_or(0, Vec::len);
            Value::from_serializable(&SubjectValue {
                id: &s.id,
                name: &s.name,
                url: format!(
                    "{}{}",
                    site.config.base_path(),
                    context::urls::subject(&s.id)
                ),
                count,
            })
        })
        .collect();
    let value = SiteValue {
        title: &site.config.title,
        description: &site.config.description,
        base_url: &site.config.base_url,
        base_path: site.config.base_path(),
        language: site.config.language.code(),
        locale: meta::og_locale(site.config.language),
        subjects: shared_subjects,
        data_license: site.config.data_license.as_ref(),
        has_plan: site.plan.is_some(),
        organisation: site.config.organisation.as_deref(),
        contact: site.config.contact.as_ref(),
    };
    let g = tera.global_context();
    g.insert("site", &value);
    g.insert("t", &theme.strings);
    tera
}

#[derive(Serialize)]
struct SubjectValue<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    count: usize,
}

/// The starting size of a rendering thread's page buffer: most pages fit without growing it.
const RENDER_BUFFER: usize = 64 * 1024;

/// Renders the whole site. Template errors are returned as diagnostics, all of them.
pub fn render(site: &Site, theme: &Theme) -> Result<Rendered, Vec<Diagnostic>> {
    render_jobs(site, theme, &jobs::all(site), true)
}

/// Renders the given jobs; with `with_files`, also lists static, media and generated data files.
pub fn render_jobs(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    with_files: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    // Copied out of the thread's buffer at its exact size: a page grown in place would keep
    // up to half of its capacity unused for as long as the render is held.
    let mut files = render_each(site, theme, jobs, |path, bytes| OutputFile {
        path: path.to_string(),
        content: Content::Bytes(bytes.to_vec()),
    })?;
    if with_files {
        files.extend(extra_files(site, theme));
        files.extend(crate::search::SearchInput::new(site).files());
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered { files })
}

/// Renders the given jobs in parallel and hands each page (its output path and bytes) to
/// `each` on the thread that rendered it, keeping only what `each` returns: `build` writes
/// pages as they come, so a large site is never held in memory whole. Template errors are
/// returned as diagnostics, all of them, once every job has been tried.
pub fn render_each<T: Send>(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    each: impl Fn(&str, &[u8]) -> T + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let tera = prepare(theme, site);
    let shared = Shared::new(site, &theme.strings);
    let results: Vec<Result<T, Diagnostic>> = jobs
        .par_iter()
        .map_init(
            || Vec::with_capacity(RENDER_BUFFER),
            |buf, job| {
                let (template, ctx) = jobs::context(job, site, &shared);
                // Into a buffer reused by this thread: `Tera::render` would also check the
                // page is UTF-8 again.
                buf.clear();
                tera.render_to(template, &ctx, &mut *buf)
                    .map(|()| each(&job.path(site), buf))
                    .map_err(|e| template_error(template, &e))
            },
        )
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(x) => out.push(x),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        crate::diag::sort(&mut diags);
        return Err(diags);
    }
    Ok(out)
}

fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    Diagnostic::new(
        format!("templates/{template}"),
        0,
        0,
        Problem::Template(msg),
    )
}

/// Files that are not pages: robots.txt, open data, theme static files, media (the search
/// index is [`crate::search`]'s).
pub fn extra_files(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    let mut out = vec![OutputFile {
        path: "robots.txt".into(),
        content: Content::Bytes(
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                site.config.absolute("sitemap.xml")
            )
            .into_bytes(),
        ),
    }];
    out.extend(opendata::files(site));
    for (path, source) in &theme.static_files {
        out.push(OutputFile {
            path: path.clone(),
            content: Content::Theme(source.clone()),
        });
    }
    let publish_originals = site.config.images.publish_originals;
    for m in &site.media {
        let rel = m.to_string_lossy().replace('\\', "/");
        if crate::images::is_photo(&rel) {
            let set = site
                .images
                .as_ref()
                .filter(|_| site.used_media.contains(&rel))
                .and_then(|i| i.known(&rel));
            if let Some(set) = set {
                out.extend(set.files().into_iter().map(|(path, file)| OutputFile {
                    path,
                    content: Content::Cached(file),
                }));
            }
            if !publish_originals {
                continue;
            }
        }
        out.push(OutputFile {
            path: rel,
            content: Content::File(PathBuf::from("content").join(m)),
        });
    }
    out
}

/// A context with the given entries.
pub(crate) fn ctx_with(entries: Vec<(&'static str, Value)>) -> Context {
    let mut c = Context::new();
    for (k, v) in entries {
        c.insert_value(k, v);
    }
    c
}
