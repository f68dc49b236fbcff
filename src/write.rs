//! Stage 4, write: put the rendered files into a staging folder beside `output/` and swap it in
//! only when every file is written. A failed or interrupted build leaves the last good
//! `output/` as it was. Files whose bytes did not change are hard-linked from the old output,
//! so their modification time stays and rsync deploys stay small.
//!
//! The output that a swap retires stays beside it as `.output.old` and is the next build's
//! staging folder: its folders, and its files that are still right, are used again, and only
//! what changed is removed or written. Making and deleting every folder and file of a large
//! site on each build costs more than rendering it (and on ext4 without a journal, making
//! files soon after deleting many gets slower with every file deleted).
//!
//! Every build puts the marker file of [`crate::claim`] in the folder it writes: which folders
//! may be written at all is decided there, before a build starts.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use thiserror::Error;

use crate::claim::{MARKER, MARKER_TEXT};
use crate::render::{Content, OutputFile, Rendered};

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

impl WriteStats {
    /// The counts for one build, from whether each file was unchanged.
    pub fn of(unchanged: &[bool]) -> WriteStats {
        let same = unchanged.iter().filter(|u| **u).count();
        WriteStats {
            written: unchanged.len() - same,
            unchanged: same,
        }
    }
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
    let [staging, old, _] = crate::claim::siblings(output);
    (staging, old)
}

/// Writes `rendered` as the new `output`, reading copied files relative to `root`.
pub fn write(root: &Path, output: &Path, rendered: &Rendered) -> Result<WriteStats, WriteError> {
    let writer = Writer::begin(root, output, rendered.files.iter().map(|f| f.path.as_str()))?;
    let unchanged: Result<Vec<bool>, WriteError> =
        rendered.files.par_iter().map(|f| writer.put(f)).collect();
    match unchanged {
        Ok(unchanged) => {
            writer.finish()?;
            Ok(WriteStats::of(&unchanged))
        }
        Err(e) => {
            writer.abandon();
            Err(e)
        }
    }
}

/// A build's output being written: [`Writer::begin`] prepares the staging folder for a known
/// list of paths, [`Writer::put`] writes files into it from any thread, and [`Writer::finish`]
/// swaps it in (or [`Writer::abandon`] leaves `output` as it was).
pub struct Writer<'a> {
    root: &'a Path,
    output: &'a Path,
    staging: PathBuf,
    old: PathBuf,
    /// `output` holds a previous build to compare pages with.
    has_output: bool,
    /// The staging folder was made empty for this build: nothing in it is in the way.
    fresh: bool,
    /// Folders of the staging folder made or found by [`Writer::make_parent`] in this build: a
    /// file whose folder is here needs no `mkdir` (which fails when the folder is there, and
    /// `create_dir_all` then looks again; two system calls for each of the 5,600 fragment
    /// files that share the search index's `sok/f/` at 10,000 articles).
    made: Mutex<HashSet<PathBuf>>,
}

impl<'a> Writer<'a> {
    /// Prepares a staging folder that will hold exactly the files at `paths` (relative,
    /// `/`-separated): the output before last, or a leftover staging folder, with everything
    /// that is not on the list removed; else a new folder.
    pub fn begin<'p>(
        root: &'a Path,
        output: &'a Path,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<Self, WriteError> {
        let (staging, old) = siblings(output);
        // A build interrupted between its two renames left the last good site in `old`.
        if !output.exists() && old.is_dir() {
            fs::rename(&old, output).map_err(io_err(&old))?;
        }
        let mut fresh = false;
        if fs::symlink_metadata(&staging).is_ok_and(|m| m.is_dir()) {
            // A leftover of an interrupted build: used as it is, and one spare is enough.
            remove_any(&old)?;
        } else {
            remove_any(&staging)?;
            if fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir()) {
                fs::rename(&old, &staging).map_err(io_err(&old))?;
            } else {
                remove_any(&old)?;
                fs::create_dir_all(&staging).map_err(io_err(&staging))?;
                fresh = true;
            }
        }
        let writer = Writer {
            root,
            has_output: fs::symlink_metadata(output).is_ok_and(|m| m.is_dir()),
            output,
            staging,
            old,
            fresh,
            made: Mutex::new(HashSet::new()),
        };
        match writer.keep_only(paths).and_then(|()| writer.mark()) {
            Ok(()) => Ok(writer),
            Err(e) => {
                writer.abandon();
                Err(e)
            }
        }
    }

    /// Puts the marker that says the folder is framsteg's (see [`crate::claim`]) into the
    /// staging folder, unless it is there.
    fn mark(&self) -> Result<(), WriteError> {
        let marker = self.staging.join(MARKER);
        if fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file()) {
            return Ok(());
        }
        remove_any(&marker)?;
        fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))
    }

    /// Checks every path, then empties the staging folder of all that is not on the list.
    fn keep_only<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> Result<(), WriteError> {
        let mut files = HashSet::new();
        let mut dirs = HashSet::new();
        for path in paths {
            safe_join(Path::new(""), path)?;
            let mut dir = path;
            while let Some((parent, _)) = dir.rsplit_once('/') {
                if !dirs.insert(parent) {
                    break;
                }
                dir = parent;
            }
            files.insert(path);
        }
        files.insert(MARKER);
        sweep(&self.staging, "", &files, &dirs)
    }

    /// Writes one file into the staging folder. True when its bytes are those the current
    /// output has: then it is that file, hard-linked (or already linked the build before).
    pub fn put(&self, f: &OutputFile) -> Result<bool, WriteError> {
        let bytes: std::borrow::Cow<[u8]> = match &f.content {
            Content::Bytes(b) => std::borrow::Cow::Borrowed(b),
            Content::Theme(src) => src
                .read()
                .map_err(io_err(&safe_join(&self.staging, &f.path)?))?,
            Content::File(rel) => {
                let src = self.root.join(rel);
                std::borrow::Cow::Owned(fs::read(&src).map_err(io_err(&src))?)
            }
            Content::Cached(src) => return self.put_cached(&f.path, src),
        };
        self.put_bytes(&f.path, &bytes)
    }

    /// Puts a file of framsteg's cache at `path`: a hard link to it (nothing is read when the
    /// output already links it), else a copy. True when the current output has it.
    fn put_cached(&self, path: &str, src: &Path) -> Result<bool, WriteError> {
        let dest = safe_join(&self.staging, path)?;
        let src_meta = fs::metadata(src).map_err(io_err(src))?;
        let in_output = self.has_output
            && fs::symlink_metadata(self.output.join(path)).is_ok_and(|p| same_file(&p, &src_meta));
        let dest_meta = if self.fresh {
            None
        } else {
            fs::symlink_metadata(&dest).ok()
        };
        match &dest_meta {
            Some(d) if d.is_file() && same_file(d, &src_meta) => return Ok(in_output),
            Some(m) if m.is_dir() => fs::remove_dir_all(&dest).map_err(io_err(&dest))?,
            Some(_) => fs::remove_file(&dest).map_err(io_err(&dest))?,
            None => self.make_parent(&dest)?,
        }
        if fs::hard_link(src, &dest).is_ok() {
            return Ok(in_output);
        }
        let bytes = fs::read(src).map_err(io_err(src))?;
        self.put_bytes(path, &bytes)
    }

    /// [`Writer::put`] for a page in memory, at `path` (relative, `/`-separated).
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<bool, WriteError> {
        let dest = safe_join(&self.staging, path)?;
        let previous = self.output.join(path);
        // A first build has nothing to compare with and nothing in the way: on a site of
        // 10,000 pages that is 20,000 lookups of files that are not there saved.
        let prev_meta = self
            .has_output
            .then(|| fs::symlink_metadata(&previous).ok())
            .flatten()
            .filter(|m| m.is_file() && m.len() == bytes.len() as u64);
        let unchanged = prev_meta.is_some() && same_content(&previous, bytes);
        let dest_meta = if self.fresh {
            None
        } else {
            fs::symlink_metadata(&dest).ok()
        };
        if unchanged {
            if let (Some(p), Some(d)) = (&prev_meta, &dest_meta) {
                if same_file(p, d) {
                    return Ok(true);
                }
            }
        }
        // Never write into a file that is there: it may be a hard link to one in `output`.
        match &dest_meta {
            Some(m) if m.is_dir() => fs::remove_dir_all(&dest).map_err(io_err(&dest))?,
            Some(_) => fs::remove_file(&dest).map_err(io_err(&dest))?,
            None => self.make_parent(&dest)?,
        }
        if unchanged && fs::hard_link(&previous, &dest).is_ok() {
            return Ok(true);
        }
        fs::write(&dest, bytes).map_err(io_err(&dest))?;
        Ok(false)
    }

    /// Makes the folder `dest` goes in, unless this build has made or found it already.
    fn make_parent(&self, dest: &Path) -> Result<(), WriteError> {
        let parent = dest.parent().unwrap_or(&self.staging);
        let made = |m: &Mutex<HashSet<PathBuf>>| {
            m.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(parent)
        };
        if made(&self.made) {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        self.made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(parent.to_path_buf());
        Ok(())
    }

    /// Swaps the staging folder in; the retired output stays as the next build's staging.
    pub fn finish(self) -> Result<(), WriteError> {
        if self.output.exists() {
            fs::rename(self.output, &self.old).map_err(io_err(self.output))?;
        }
        if let Err(e) = fs::rename(&self.staging, self.output) {
            // Put the last good site back before reporting.
            let _ = fs::rename(&self.old, self.output);
            return Err(io_err(self.output)(e));
        }
        Ok(())
    }

    /// Gives up: `output` stays as it was; the half-written staging folder is kept for the
    /// next build to use again, unless there is no output (then there is nothing to reuse).
    pub fn abandon(self) {
        if self.output.is_dir()
            && !self.old.exists()
            && fs::rename(&self.staging, &self.old).is_ok()
        {
            return;
        }
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Removes a file, a link or a folder, if there is one.
fn remove_any(path: &Path) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path).map_err(io_err(path)),
        Ok(_) => fs::remove_file(path).map_err(io_err(path)),
        Err(_) => Ok(()),
    }
}

/// Removes from the folder `dir` (at `rel` in the staging folder, `""` for the folder itself)
/// every entry that is not one of `files` or `dirs`, and every symbolic link, so that writing
/// can trust what is left. Folders are read in parallel: a large site has one for each page.
fn sweep(
    dir: &Path,
    rel: &str,
    files: &HashSet<&str>,
    dirs: &HashSet<&str>,
) -> Result<(), WriteError> {
    let entries = fs::read_dir(dir)
        .and_then(|d| d.collect::<io::Result<Vec<_>>>())
        .map_err(io_err(dir))?;
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        let ty = entry.file_type().map_err(io_err(&path))?;
        let child = entry.file_name().to_str().map(|name| {
            if rel.is_empty() {
                name.to_string()
            } else {
                format!("{rel}/{name}")
            }
        });
        match &child {
            Some(c) if ty.is_dir() && dirs.contains(c.as_str()) => sweep(&path, c, files, dirs),
            Some(c) if ty.is_file() && files.contains(c.as_str()) => Ok(()),
            _ if ty.is_dir() => fs::remove_dir_all(&path).map_err(io_err(&path)),
            _ => fs::remove_file(&path).map_err(io_err(&path)),
        }
    })
}

/// True when the file at `path` holds exactly `bytes`. Read in pieces into the stack, and
/// stopped at the first difference: most pages of a rebuild are compared, few are kept.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let mut buf = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buf[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// True when two entries are the same file (one inode under two names).
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
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

    fn pages(files: &[(&str, &str)]) -> Rendered {
        Rendered {
            files: files
                .iter()
                .map(|(path, text)| crate::render::OutputFile {
                    path: path.to_string(),
                    content: Content::Bytes(text.as_bytes().to_vec()),
                })
                .collect(),
        }
    }

    #[test]
    fn reuses_the_retired_output_without_touching_the_live_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let (staging, old) = siblings(&out);
        let first = [
            ("index.html", "1"),
            ("same.html", "s"),
            ("gone.html", "g"),
            ("a", "fil"),
        ];
        write(dir.path(), &out, &pages(&first)).unwrap();
        let second = [
            ("index.html", "2"),
            ("same.html", "s"),
            ("gone.html", "g"),
            ("a", "fil"),
        ];
        write(dir.path(), &out, &pages(&second)).unwrap();
        assert_eq!(fs::read_to_string(old.join("index.html")).unwrap(), "1");
        assert!(!staging.exists());

        // A link planted in the retired folder must not lead writing out of it.
        #[cfg(unix)]
        let outside = {
            let outside = dir.path().join("utanför");
            fs::create_dir(&outside).unwrap();
            fs::remove_file(old.join("a")).unwrap();
            std::os::unix::fs::symlink(&outside, old.join("a")).unwrap();
            outside
        };
        // The third build is written into the first one's folder.
        let third = [
            ("index.html", "3"),
            ("same.html", "s"),
            ("a/index.html", "mapp"),
        ];
        let stats = write(dir.path(), &out, &pages(&third)).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 2,
                unchanged: 1
            }
        );
        let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(read("index.html"), "3");
        assert_eq!(read("same.html"), "s");
        assert_eq!(read("a/index.html"), "mapp");
        assert!(!out.join("gone.html").exists());
        let mut left: Vec<String> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".framsteg-output",
                "a",
                "a/index.html",
                "index.html",
                "same.html"
            ]
        );
        #[cfg(unix)]
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
        // The retired site is whole: nothing was written through a file it shares.
        assert_eq!(fs::read_to_string(old.join("index.html")).unwrap(), "2");
        #[cfg(unix)]
        {
            let meta = |p: &Path| fs::metadata(p).unwrap();
            assert!(same_file(
                &meta(&out.join("same.html")),
                &meta(&old.join("same.html"))
            ));
        }
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
