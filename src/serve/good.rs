//! What `serve` keeps of its last good build — the content and site it was made from, the
//! output paths — so that the next rebuild can tell what changed, and how a rebuild's
//! generated files (open data, static files) are made and remembered. The search index is
//! made apart, when a browser asks for it (see `state.rs`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::link::Site;
use crate::load::ContentSet;
use crate::render::theme::Theme;
use crate::render::{self, OutputFile};

/// The last site that built without mistakes.
pub(super) struct Good {
    /// The content it was built from.
    pub content: ContentSet,
    /// The site linked from it.
    pub site: Site,
    /// Output path of every job, in `all_jobs` order.
    pub job_paths: Vec<String>,
    /// Output paths that are not jobs (static files, media, data files).
    pub extra_paths: BTreeSet<String>,
}

/// What a successful rebuild made, for [`remember`].
pub(super) struct Rebuilt {
    pub site: Site,
    /// Indexes of the articles swapped in, when the site was not linked again.
    pub edited: Option<Vec<usize>>,
    /// Every page rendered.
    pub full: bool,
    /// Output path of every job, when the site was linked again.
    pub job_paths: Option<Vec<String>>,
}

/// Makes the generated files of a rebuild and keeps what the next one compares with in
/// `slot`. Returns the generated files to serve and the generated paths that went away.
pub(super) fn remember(
    slot: &mut Option<Good>,
    new: Rebuilt,
    theme: &Theme,
    content: &ContentSet,
    dirty: &BTreeSet<PathBuf>,
) -> (Vec<OutputFile>, Vec<String>) {
    match slot.take() {
        Some(mut good) if !new.full => {
            let mut removed = Vec::new();
            let generated = match &new.edited {
                // In place the list of files stays, and none of them shows what an article
                // says (the search index is made apart).
                Some(_) => Vec::new(),
                None => {
                    let extra = render::extra_files(&new.site, theme);
                    let paths = paths_of(&extra);
                    removed = good.extra_paths.difference(&paths).cloned().collect();
                    good.extra_paths = paths;
                    extra
                }
            };
            good.site = new.site;
            // Some pages rendered: the content compared with next time changes by the files
            // that changed.
            for rel in dirty {
                match content.files.get(rel) {
                    Some(f) => good.content.files.insert(rel.clone(), f.clone()),
                    None => good.content.files.remove(rel),
                };
            }
            *slot = Some(good);
            (generated, removed)
        }
        last => {
            let extra = render::extra_files(&new.site, theme);
            let job_paths = new
                .job_paths
                .or_else(|| last.map(|g| g.job_paths))
                .unwrap_or_default();
            *slot = Some(Good {
                content: content.clone(),
                site: new.site,
                job_paths,
                extra_paths: paths_of(&extra),
            });
            (extra, Vec::new())
        }
    }
}

fn paths_of(files: &[OutputFile]) -> BTreeSet<String> {
    files.iter().map(|f| f.path.clone()).collect()
}
