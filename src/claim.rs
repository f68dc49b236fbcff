//! Which folder a build may write, and one build at a time there. framsteg only ever deletes or
//! replaces what it made: an output folder is framsteg's when it holds the marker file
//! [`MARKER`] (written into every build), or is empty, or does not exist yet. The site's own
//! folder, its `content/` and `themes/` (and anything inside them), a folder that holds the
//! site, a file, and a folder with someone else's files are refused before anything is touched.
//!
//! The default `output/` of a site built by an older framsteg has no marker: it is accepted
//! when it looks like a build (it holds `index.html` and `sitemap.xml`), and so are its
//! `.output.old` and `.output.staging` beside it.
//!
//! [`Claim::take`] also locks `.<name>.lock` beside the output, so that a second build of the
//! same output waits for the first to finish instead of writing into the same staging folder.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::model::Lang;

/// The file that marks a folder as a framsteg output.
pub const MARKER: &str = ".framsteg-output";

/// What the marker file says to a person who finds it.
pub const MARKER_TEXT: &str = "This folder is written by framsteg: each build replaces it.\n\
Den här mappen skrivs av framsteg: varje bygge ersätter den.\n";

/// Why a folder cannot be the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The site's own folder.
    SiteRoot,
    /// A folder that holds the site.
    HoldsSite,
    /// `content/`, `themes/` or a folder inside them.
    Sources,
    /// A file, not a folder.
    NotAFolder,
    /// A folder with files framsteg did not make.
    NotOurs,
    /// The staging or retired folder beside the output exists and is not framsteg's.
    InTheWay,
}

impl Refusal {
    /// One sentence on what is wrong with `path` and what to do.
    pub fn message(self, path: &str, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::SiteRoot, Lang::Sv) => format!(
                "`{path}` är webbplatsens egen mapp; ett bygge dit skulle ersätta dina filer. Välj en egen mapp för det byggda, till exempel output/"
            ),
            (Refusal::SiteRoot, Lang::En) => format!(
                "`{path}` is the site's own folder; building there would replace your files. Choose a folder of its own for the built site, for example output/"
            ),
            (Refusal::HoldsSite, Lang::Sv) => format!(
                "`{path}` innehåller webbplatsen; ett bygge dit skulle ersätta dina filer. Välj en egen mapp för det byggda, till exempel output/"
            ),
            (Refusal::HoldsSite, Lang::En) => format!(
                "`{path}` holds the site; building there would replace your files. Choose a folder of its own for the built site, for example output/"
            ),
            (Refusal::Sources, Lang::Sv) => format!(
                "`{path}` ligger i content/ eller themes/, där webbplatsens källor finns. Välj en mapp utanför dem, till exempel output/"
            ),
            (Refusal::Sources, Lang::En) => format!(
                "`{path}` is in content/ or themes/, where the site's sources are. Choose a folder outside them, for example output/"
            ),
            (Refusal::NotAFolder, Lang::Sv) => format!(
                "`{path}` är en fil, inte en mapp. Välj en mapp som är tom, inte finns ännu eller som framsteg har byggt till förut"
            ),
            (Refusal::NotAFolder, Lang::En) => format!(
                "`{path}` is a file, not a folder. Choose a folder that is empty, does not exist yet, or that framsteg built before"
            ),
            (Refusal::NotOurs, Lang::Sv) => format!(
                "mappen `{path}` innehåller filer som framsteg inte har gjort, och ett bygge ersätter allt i den. Töm mappen eller välj en annan (framsteg bygger bara till en tom mapp eller en med filen {MARKER})"
            ),
            (Refusal::NotOurs, Lang::En) => format!(
                "the folder `{path}` holds files that framsteg did not make, and a build replaces everything in it. Empty it or choose another (framsteg builds only into an empty folder or one with the file {MARKER})"
            ),
            (Refusal::InTheWay, Lang::Sv) => format!(
                "`{path}` finns redan och är inte gjord av framsteg, som behöver den platsen för att bygga säkert. Flytta den eller välj en annan mapp att bygga till"
            ),
            (Refusal::InTheWay, Lang::En) => format!(
                "`{path}` exists and framsteg did not make it; framsteg needs that place to build safely. Move it or choose another folder to build into"
            ),
        }
    }
}

/// A refused output: the path to show and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub path: PathBuf,
    pub why: Refusal,
}

/// Why a claim failed.
#[derive(Debug)]
pub enum ClaimError {
    Refused(Refused),
    Io { path: PathBuf, source: io::Error },
}

/// The right to write one output folder, held until dropped.
#[derive(Debug)]
pub struct Claim {
    /// The output folder, absolute with links resolved.
    pub output: PathBuf,
    _lock: File,
}

/// The staging, retired and lock names beside `output`.
pub fn siblings(output: &Path) -> [PathBuf; 3] {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = output.parent().unwrap_or(Path::new("."));
    ["staging", "old", "lock"].map(|s| parent.join(format!(".{name}.{s}")))
}

impl Claim {
    /// Checks that `output` may be written for the site at `root`, then locks it. When another
    /// build holds the lock, `waiting` is called once and this waits for it.
    pub fn take(root: &Path, output: &Path, waiting: impl FnOnce()) -> Result<Claim, ClaimError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ClaimError::Io { path, source }
        };
        let root = root.canonicalize().map_err(io(root))?;
        let out = resolve(output).map_err(io(output))?;
        check(&root, &out)?;
        let [_, _, lock_path] = siblings(&out);
        let parent = out.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(io(parent))?;
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                waiting();
                lock.lock().map_err(io(&lock_path))?;
            }
            Err(TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        // Another build may have changed the folder while this one waited.
        check(&root, &out)?;
        Ok(Claim {
            output: out,
            _lock: lock,
        })
    }
}

/// Why `output` could not be the output of the site at `root`, without writing or locking
/// anything: what `check` reports of the output a `build` would refuse.
pub fn refusal(root: &Path, output: &Path) -> Option<Refused> {
    let root = root.canonicalize().ok()?;
    let out = resolve(output).ok()?;
    match check(&root, &out) {
        Err(ClaimError::Refused(r)) => Some(r),
        _ => None,
    }
}

/// `path` made absolute, with `.`, `..` and symbolic links resolved as far as it exists.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut cur = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                cur.pop();
            }
            Component::CurDir => {}
            other => {
                cur.push(other);
                if fs::symlink_metadata(&cur).is_ok() {
                    cur = cur.canonicalize()?;
                }
            }
        }
    }
    Ok(cur)
}

/// Refuses `out` (resolved) for the site at `root` (canonical) unless it is framsteg's to write.
fn check(root: &Path, out: &Path) -> Result<(), ClaimError> {
    let refuse = |path: &Path, why| {
        Err(ClaimError::Refused(Refused {
            path: path.to_path_buf(),
            why,
        }))
    };
    if out == root {
        return refuse(out, Refusal::SiteRoot);
    }
    if root.starts_with(out) {
        return refuse(out, Refusal::HoldsSite);
    }
    if out.starts_with(root.join("content")) || out.starts_with(root.join("themes")) {
        return refuse(out, Refusal::Sources);
    }
    let legacy = out == root.join("output");
    match fs::metadata(out) {
        Ok(m) if !m.is_dir() => return refuse(out, Refusal::NotAFolder),
        Ok(_) if !ours(out, legacy) => return refuse(out, Refusal::NotOurs),
        _ => {}
    }
    let [staging, old, _] = siblings(out);
    for beside in [staging, old] {
        match fs::symlink_metadata(&beside) {
            Err(_) => {}
            Ok(m) if m.is_dir() && (legacy || ours(&beside, false)) => {}
            Ok(_) => return refuse(&beside, Refusal::InTheWay),
        }
    }
    Ok(())
}

/// True when the folder `dir` may be replaced: it is empty, holds the marker, or (`legacy`,
/// the default `output/`) holds what an older framsteg built.
fn ours(dir: &Path, legacy: bool) -> bool {
    has_marker(dir)
        || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
        || (legacy && dir.join("index.html").is_file() && dir.join("sitemap.xml").is_file())
}

fn has_marker(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dots_and_missing_tails() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        fs::create_dir(base.join("a")).unwrap();
        assert_eq!(resolve(&base.join("a/../b/./c")).unwrap(), base.join("b/c"));
    }

    #[test]
    fn a_link_to_the_site_is_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("länk");
            std::os::unix::fs::symlink(&root, &link).unwrap();
            let out = resolve(&link).unwrap();
            assert!(matches!(
                check(&root, &out),
                Err(ClaimError::Refused(Refused {
                    why: Refusal::SiteRoot,
                    ..
                }))
            ));
        }
    }
}
