//! Photos as a municipality publishes them. Every JPEG, PNG and WebP in `media/` that content
//! shows (an article's `image`, `![…](media/…)` in any text) is published as a few widths in
//! WebP and in its own format ([`process`]), with no metadata left (no GPS position of a
//! school yard) and turned upright. The original is published only when `site.yaml` says
//! `images: { publish_originals: true }`.
//!
//! [`Images`] is the registry one build (or one `serve` session) shares: the first text that
//! names a photo has it processed, on the loading thread, so resizing runs in parallel with
//! the rest of loading; later lookups get the same answer. Results are cached on disk
//! ([`cache`]) by content and settings, so a warm build only looks at file sizes and times,
//! and a changed photo is processed again as soon as it is named.

mod cache;
pub mod html;
pub mod process;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

pub use process::Fallback;

/// `site.yaml`'s `images:` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    /// The widths to publish, ascending (`widths`, default 480, 960, 1600).
    pub widths: Vec<u32>,
    /// A photo larger than this many bytes is refused (`max_mb`, default 20).
    pub max_bytes: u64,
    /// Publish the original files too, metadata and all (`publish_originals`).
    pub publish_originals: bool,
    /// Encoder quality 1–100 (`quality`, default 80).
    pub quality: u8,
    /// The `sizes` attribute of images in texts (`sizes`).
    pub sizes: String,
}

pub const DEFAULT_WIDTHS: [u32; 3] = [480, 960, 1600];
pub const DEFAULT_MAX_MB: u64 = 20;
pub const DEFAULT_QUALITY: u8 = 80;
/// The text column of the built-in theme is 42rem wide; below 44rem it fills the screen.
pub const DEFAULT_SIZES: &str = "(max-width: 44rem) 100vw, 42rem";

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: DEFAULT_WIDTHS.to_vec(),
            max_bytes: DEFAULT_MAX_MB * 1_000_000,
            publish_originals: false,
            quality: DEFAULT_QUALITY,
            sizes: DEFAULT_SIZES.to_string(),
        }
    }
}

/// Why a photo cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// Not an image the decoder understands, or a broken one; the decoder's message.
    Undecodable(String),
    TooLarge {
        bytes: u64,
        limit: u64,
    },
}

/// One published width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
}

/// A processed photo: its upright size and its variants, smallest first.
#[derive(Debug, Clone)]
pub struct ImageSet {
    /// Relative to `content/`, `/`-separated: `media/skolgard.jpg`.
    pub source: String,
    pub width: u32,
    pub height: u32,
    pub fallback: Fallback,
    pub variants: Vec<Variant>,
    /// The cache folder holding the variants.
    pub dir: PathBuf,
}

impl ImageSet {
    fn stem(&self) -> &str {
        match self.source.rsplit_once('.') {
            Some((stem, _)) if !stem.ends_with('/') => stem,
            _ => &self.source,
        }
    }

    /// Output path (relative to `output/`) of the variant `width` wide in `ext`.
    pub fn out_path(&self, width: u32, ext: &str) -> String {
        format!("{}-{width}w.{ext}", self.stem())
    }

    /// Every output file: its path and the cache file it is a copy of.
    pub fn files(&self) -> Vec<(String, PathBuf)> {
        let mut out = Vec::with_capacity(self.variants.len() * 2);
        for v in &self.variants {
            for ext in ["webp", self.fallback.ext()] {
                out.push((
                    self.out_path(v.width, ext),
                    self.dir.join(format!("{}.{ext}", v.width)),
                ));
            }
        }
        out
    }

    /// The variant shown to browsers that read no `srcset`, and whose size the `<img>`
    /// gives: the widest not over 1000 pixels, else the smallest.
    pub fn default_variant(&self) -> Variant {
        self.variants
            .iter()
            .rev()
            .find(|v| v.width <= 1000)
            .or(self.variants.first())
            .copied()
            .unwrap_or(Variant {
                width: self.width,
                height: self.height,
            })
    }

    /// The widest variant.
    pub fn largest(&self) -> Variant {
        self.variants.last().copied().unwrap_or(Variant {
            width: self.width,
            height: self.height,
        })
    }
}

/// What a media path is, to the image registry.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// Not a JPEG, PNG or WebP (an SVG, a GIF, a document): published as it is.
    NotPhoto,
    /// No such file (the link stage reports it).
    Missing,
    Photo(Arc<ImageSet>),
    Bad(ImageProblem),
}

/// True for the media files framsteg resizes: JPEG, PNG, WebP.
pub fn is_photo(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

type Cell = Arc<OnceLock<Result<Arc<ImageSet>, ImageProblem>>>;
/// A file's size and modification time (nanoseconds since 1970).
type Stamp = (u64, u128);

/// The photos of one site, processed once each (see the module doc).
#[derive(Debug)]
pub struct Images {
    root: PathBuf,
    dir: PathBuf,
    pub settings: ImageSettings,
    tag: String,
    index: Mutex<cache::Index>,
    index_changed: AtomicBool,
    /// Media path → (size, modification time) it was looked at with, and the answer.
    memo: Mutex<HashMap<String, (Stamp, Cell)>>,
    resized: AtomicUsize,
    /// Photos being processed now: at most one per core. Loading runs on more threads than
    /// that (for the disk), and each photo holds its decoded pixels (24 MB for 4000×2000).
    busy: Mutex<usize>,
    freed: Condvar,
}

impl Images {
    /// The registry of the site at `root`, with its cache index read.
    pub fn open(root: &Path, settings: &ImageSettings) -> Images {
        let dir = root.join(".framsteg-cache").join("images");
        let tag_src = format!("v1 {:?} q{}", settings.widths, settings.quality);
        let tag = blake3::hash(tag_src.as_bytes()).to_hex()[..8].to_string();
        Images {
            root: root.to_path_buf(),
            index: Mutex::new(cache::read_index(&dir)),
            dir,
            settings: settings.clone(),
            tag,
            index_changed: AtomicBool::new(false),
            memo: Mutex::new(HashMap::new()),
            resized: AtomicUsize::new(0),
            busy: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// "PDF, 285 kB" for a document in `media/` (see [`crate::attachments::label`]).
    pub fn document_label(&self, rel: &str, lang: crate::model::Lang) -> Option<String> {
        crate::attachments::label(&self.root, rel, lang)
    }

    /// How many photos this registry has decoded and resized (a warm build: none).
    pub fn resized(&self) -> usize {
        self.resized.load(Ordering::Relaxed)
    }

    /// The photo at `rel` (relative to `content/`, e.g. `media/x.jpg`), processed if it was
    /// not yet: its variants, or why it cannot be published.
    pub fn get(&self, rel: &str) -> Lookup {
        if !is_photo(rel) {
            return Lookup::NotPhoto;
        }
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        let abs = self.root.join("content").join(rel);
        let meta = match std::fs::metadata(&abs) {
            Ok(m) if inside && m.is_file() => m,
            _ => return Lookup::Missing,
        };
        let len = meta.len();
        if len > self.settings.max_bytes {
            return Lookup::Bad(ImageProblem::TooLarge {
                bytes: len,
                limit: self.settings.max_bytes,
            });
        }
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let stamp = (len, mtime);
        let cell = {
            let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            match memo.get(rel) {
                Some((s, cell)) if *s == stamp => Arc::clone(cell),
                _ => {
                    let cell: Cell = Arc::default();
                    memo.insert(rel.to_string(), (stamp, Arc::clone(&cell)));
                    cell
                }
            }
        };
        match cell.get_or_init(|| self.load(rel, &abs, stamp)) {
            Ok(set) => Lookup::Photo(Arc::clone(set)),
            Err(p) => Lookup::Bad(p.clone()),
        }
    }

    /// The answer already given for `rel`, without looking at the file again.
    pub fn known(&self, rel: &str) -> Option<Arc<ImageSet>> {
        let memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        memo.get(rel)
            .and_then(|(_, cell)| cell.get())
            .and_then(|r| r.as_ref().ok())
            .cloned()
    }

    fn set(&self, rel: &str, key: &str, meta: &cache::Meta) -> Arc<ImageSet> {
        Arc::new(ImageSet {
            source: rel.to_string(),
            width: meta.width,
            height: meta.height,
            fallback: meta.fallback,
            variants: meta
                .variants
                .iter()
                .map(|&(width, height)| Variant { width, height })
                .collect(),
            dir: self.dir.join(key),
        })
    }

    fn load(
        &self,
        rel: &str,
        abs: &Path,
        (len, mtime): (u64, u128),
    ) -> Result<Arc<ImageSet>, ImageProblem> {
        let known = {
            let index = self.index.lock().unwrap_or_else(|e| e.into_inner());
            index.get(rel).cloned()
        };
        if let Some(e) = known {
            let fresh = e.len == len && e.mtime == mtime && e.key.ends_with(&self.tag);
            if fresh && self.dir.join(&e.key).is_dir() {
                return Ok(self.set(rel, &e.key, &e.meta));
            }
        }
        let bytes = std::fs::read(abs).map_err(|e| ImageProblem::Undecodable(e.to_string()))?;
        let key = format!("{}-{}", &blake3::hash(&bytes).to_hex()[..32], self.tag);
        let meta = match cache::read_meta(&self.dir, &key) {
            Some(m) => m,
            None => {
                let png = rel.to_ascii_lowercase().ends_with(".png");
                let p = self.per_core(|| {
                    process::process(&bytes, &self.settings.widths, self.settings.quality, png)
                });
                drop(bytes);
                let p = p.map_err(ImageProblem::Undecodable)?;
                self.resized.fetch_add(1, Ordering::Relaxed);
                cache::store(&self.dir, &key, &p)
                    .map_err(|e| ImageProblem::Undecodable(e.to_string()))?
            }
        };
        let set = self.set(rel, &key, &meta);
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        index.insert(
            rel.to_string(),
            cache::Entry {
                len,
                mtime,
                key,
                meta,
            },
        );
        self.index_changed.store(true, Ordering::Relaxed);
        Ok(set)
    }

    /// Runs `f` when fewer photos than cores are being processed, so that memory holds at
    /// most one decoded photo per core.
    fn per_core<T>(&self, f: impl FnOnce() -> T) -> T {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        {
            let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
            while *busy >= cores {
                busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
            }
            *busy += 1;
        }
        struct Done<'a>(&'a Images);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                let mut busy = self.0.busy.lock().unwrap_or_else(|e| e.into_inner());
                *busy -= 1;
                self.0.freed.notify_one();
            }
        }
        let _done = Done(self);
        f()
    }

    /// Writes the cache index if this registry learnt something (a failure to write it only
    /// costs the next build a read of each photo).
    pub fn save(&self) {
        if self.index_changed.swap(false, Ordering::Relaxed) {
            let index = self.index.lock().unwrap_or_else(|e| e.into_inner());
            let _ = cache::write_index(&self.dir, &index);
        }
    }
}
