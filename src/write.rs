//! Stage 4, write: put the rendered files into a staging folder beside `output/` and swap it in
//! only when every file is written. A failed or interrupted build leaves the last good
//! `output/` as it was. Files whose bytes did not change are hard-linked from the old output,
//! so their modification time stays and rsync deploys stay small.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

use crate::render::{Content, Rendered};

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("unsafe output path `{0}`")]
    UnsafePath(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// Joins a rendered path under `dir`, refusing anything that could leave it.
pub fn safe_join(dir: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(dir.join(p))
    } else {
        Err(WriteError::UnsafePath(rel.to_string()))
    }
}

/// The staging and retired folder names used beside `output`.
fn siblings(output: &Path) -> (PathBuf, PathBuf) {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = output.parent().unwrap_or(Path::new("."));
    (
        parent.join(format!(".{name}.staging")),
        parent.join(format!(".{name}.old")),
    )
}

/// Writes `rendered` as the new `output`, reading copied files relative to `root`.
pub fn write(root: &Path, output: &Path, rendered: &Rendered) -> Result<WriteStats, WriteError> {
    let (staging, old) = siblings(output);
    // A build interrupted between its two renames left the last good site in `old`.
    if !output.exists() && old.is_dir() {
        fs::rename(&old, output).map_err(io_err(&old))?;
    }
    // Other leftovers of an interrupted build are not the last good site: `output` is.
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io_err(leftover))?;
        }
    }
    let result = fill(root, output, &staging, rendered);
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if output.exists() {
        fs::rename(output, &old).map_err(io_err(output))?;
    }
    if let Err(e) = fs::rename(&staging, output) {
        // Put the last good site back before reporting.
        let _ = fs::rename(&old, output);
        return Err(io_err(output)(e));
    }
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    Ok(stats)
}

fn fill(
    root: &Path,
    output: &Path,
    staging: &Path,
    rendered: &Rendered,
) -> Result<WriteStats, WriteError> {
    let mut targets = Vec::with_capacity(rendered.files.len());
    let mut dirs = std::collections::BTreeSet::new();
    for f in &rendered.files {
        let dest = safe_join(staging, &f.path)?;
        if let Some(parent) = dest.parent() {
            dirs.insert(parent.to_path_buf());
        }
        targets.push((f, dest));
    }
    fs::create_dir_all(staging).map_err(io_err(staging))?;
    for d in &dirs {
        fs::create_dir_all(d).map_err(io_err(d))?;
    }
    let unchanged: Vec<bool> = targets
        .par_iter()
        .map(|(f, dest)| {
            let bytes: std::borrow::Cow<[u8]> = match &f.content {
                Content::Bytes(b) => std::borrow::Cow::Borrowed(b),
                Content::Theme(src) => src.read().map_err(io_err(dest))?,
                Content::File(rel) => {
                    let src = root.join(rel);
                    std::borrow::Cow::Owned(fs::read(&src).map_err(io_err(&src))?)
                }
            };
            let previous = output.join(&f.path);
            if same_bytes(&previous, &bytes) && fs::hard_link(&previous, dest).is_ok() {
                return Ok(true);
            }
            fs::write(dest, &bytes).map_err(io_err(dest))?;
            Ok(false)
        })
        .collect::<Result<_, WriteError>>()?;
    let same = unchanged.iter().filter(|u| **u).count();
    Ok(WriteStats {
        written: unchanged.len() - same,
        unchanged: same,
    })
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_page(text: &str) -> Rendered {
        Rendered {
            files: vec![crate::render::OutputFile {
                path: "index.html".into(),
                content: Content::Bytes(text.as_bytes().to_vec()),
            }],
        }
    }

    #[test]
    fn a_build_interrupted_between_the_renames_gets_its_last_good_site_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(dir.path(), &out, &one_page("gammal")).unwrap();
        // Simulate a crash after `output` was moved aside and before staging moved in.
        let (staging, old) = siblings(&out);
        fs::rename(&out, &old).unwrap();
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("halvfärdig.html"), "x").unwrap();
        // The next build fails before writing: the old site must be back in place.
        let bad = Rendered {
            files: vec![crate::render::OutputFile {
                path: "../utanför".into(),
                content: Content::Bytes(Vec::new()),
            }],
        };
        assert!(write(dir.path(), &out, &bad).is_err());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "gammal"
        );
        assert!(!staging.exists());
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let d = Path::new("/tmp/out");
        assert!(safe_join(d, "../etc/passwd").is_err());
        assert!(safe_join(d, "/etc/passwd").is_err());
        assert!(safe_join(d, "a/../../b").is_err());
        assert!(safe_join(d, "a\\..\\b").is_err());
        assert!(safe_join(d, "artiklar/x/index.html").is_ok());
    }
}
