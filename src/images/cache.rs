//! The image cache in `.framsteg-cache/images/` (framsteg's own, git-ignored): one folder per
//! photo content and settings (`<blake3 of the bytes>-<settings tag>/`) holding every variant
//! and a `meta.json`, and an `index.json` that maps each media path, by size and modification
//! time, to its folder, so that a warm build reads no photo at all. Folders are written under
//! a temporary name and renamed into place: a build that stops half-way leaves nothing a
//! later build would trust.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::process::{Fallback, Processed};

/// What a cache folder holds: the upright size and each variant's size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub width: u32,
    pub height: u32,
    pub fallback: Fallback,
    pub variants: Vec<(u32, u32)>,
}

/// A media file as last seen, and the folder its variants are in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub len: u64,
    pub mtime: u128,
    pub key: String,
    pub meta: Meta,
}

/// `index.json`: media path (`media/x.jpg`) → entry.
pub type Index = BTreeMap<String, Entry>;

const INDEX: &str = "index.json";
const META: &str = "meta.json";

pub fn read_index(dir: &Path) -> Index {
    fs::read(dir.join(INDEX))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub fn write_index(dir: &Path, index: &Index) -> io::Result<()> {
    let bytes = serde_json::to_vec(index).map_err(io::Error::other)?;
    write_atomic(&dir.join(INDEX), &bytes)
}

/// The folder `key`'s meta, when it is there whole.
pub fn read_meta(dir: &Path, key: &str) -> Option<Meta> {
    let bytes = fs::read(dir.join(key).join(META)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

static TEMP: AtomicUsize = AtomicUsize::new(0);

fn temp_name(path: &Path) -> PathBuf {
    let n = TEMP.fetch_add(1, Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}-{n}", std::process::id()));
    path.with_file_name(name)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = temp_name(path);
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Writes a processed photo into the folder `key`; returns its meta.
pub fn store(dir: &Path, key: &str, p: &Processed) -> io::Result<Meta> {
    let meta = Meta {
        width: p.width,
        height: p.height,
        fallback: p.fallback,
        variants: p.variants.iter().map(|v| (v.width, v.height)).collect(),
    };
    let target = dir.join(key);
    let tmp = temp_name(&target);
    fs::create_dir_all(&tmp)?;
    let written = (|| {
        for v in &p.variants {
            fs::write(tmp.join(format!("{}.webp", v.width)), &v.webp)?;
            fs::write(
                tmp.join(format!("{}.{}", v.width, p.fallback.ext())),
                &v.fallback,
            )?;
        }
        let m = serde_json::to_vec(&meta).map_err(io::Error::other)?;
        fs::write(tmp.join(META), m)
    })();
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if fs::rename(&tmp, &target).is_err() {
        // Another build made the same folder meanwhile: theirs is as good.
        let _ = fs::remove_dir_all(&tmp);
        if !target.join(META).is_file() {
            return Err(io::Error::other(format!(
                "could not move {} into place",
                tmp.display()
            )));
        }
    }
    Ok(meta)
}
