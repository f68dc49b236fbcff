//! The site as the HTTP side sees it: a map from output path to bytes (or to a file the render
//! stage listed, read when asked for), the overlay of the current mistakes, and a version that
//! changes with every rebuild. The rebuild thread updates it; requests read it under a short
//! lock and never touch the file system except through the listed files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use tokio::sync::{broadcast, watch};

use super::incremental::Update;
use super::overlay;
use crate::model::Lang;
use crate::pipeline::Failure;
use crate::render::theme::Source;
use crate::render::{Content, OutputFile};

/// Where a served file's bytes are.
#[derive(Debug, Clone)]
pub enum Entry {
    Bytes(Bytes),
    /// A file the render stage listed (theme static file or media), read when served.
    Disk(PathBuf),
}

/// One rebuild's news for the browsers: `reload` or `css`, with the new version.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub kind: &'static str,
    pub version: String,
}

#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: HashMap<String, Entry>,
    /// The overlay HTML while the last rebuild failed.
    pub overlay: Option<Arc<str>>,
    pub version: String,
    pub base_path: String,
    pub lang: Lang,
    /// True once any version of the site has built.
    pub has_site: bool,
}

/// Shared between the server, the rebuild thread and the handle.
pub struct State {
    /// The site root, canonical; served disk files must lie under it.
    pub root: PathBuf,
    pub snapshot: RwLock<Snapshot>,
    pub events: broadcast::Sender<LiveEvent>,
    pub shutdown: watch::Receiver<bool>,
    instance: String,
    counter: std::sync::atomic::AtomicU64,
}

impl State {
    pub fn new(root: PathBuf, shutdown: watch::Receiver<bool>) -> State {
        let (events, _) = broadcast::channel(64);
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64 & 0xffff_ffff_ffff);
        State {
            root,
            snapshot: RwLock::new(Snapshot {
                base_path: "/".into(),
                ..Snapshot::default()
            }),
            events,
            shutdown,
            instance: format!("{instance:x}"),
            counter: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn next_version(&self) -> String {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        format!("{}-{n}", self.instance)
    }

    /// Reads the snapshot; a panicked writer leaves it usable.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Snapshot> {
        self.snapshot.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Serves a successful rebuild and tells the browsers to reload.
    pub fn built(&self, update: Update) {
        let mut entries = update.files.into_iter().map(|f| entry(&self.root, f));
        // A whole new site is assembled before taking the lock; an update is applied in place.
        let whole: Option<HashMap<String, Entry>> = update.full.then(|| entries.by_ref().collect());
        let part: Vec<(String, Entry)> = entries.collect();
        let version = self.next_version();
        let panel: Option<Arc<str>> = (!update.warnings.is_empty())
            .then(|| overlay::warnings_panel(&update.warnings, update.lang).into());
        let _old = {
            let mut s = self.write();
            let old = whole.map(|files| std::mem::replace(&mut s.files, files));
            for p in &update.removed {
                s.files.remove(p);
            }
            s.files.extend(part);
            s.overlay = panel;
            s.base_path = update.base_path;
            s.has_site = true;
            s.version.clone_from(&version);
            old
        }; // The old site is dropped here, outside the lock.
        self.announce("reload", version);
    }

    /// Keeps the last good site and shows the mistakes above it.
    pub fn failed(&self, failure: &Failure) {
        let html: Arc<str> = overlay::overlay(failure).into();
        let version = self.next_version();
        {
            let mut s = self.write();
            s.overlay = Some(html);
            s.lang = failure.lang;
            s.version.clone_from(&version);
        }
        self.announce("reload", version);
    }

    /// A file served from disk changed: `css` swaps stylesheets, anything else reloads.
    pub fn touched(&self, css_only: bool) {
        let version = self.next_version();
        self.write().version.clone_from(&version);
        self.announce(if css_only { "css" } else { "reload" }, version);
    }

    fn announce(&self, kind: &'static str, version: String) {
        // No browser listening is fine.
        let _ = self.events.send(LiveEvent { kind, version });
    }
}

fn entry(root: &Path, f: OutputFile) -> (String, Entry) {
    let e = match f.content {
        Content::Bytes(b) => Entry::Bytes(Bytes::from(b)),
        Content::Theme(Source::Embedded(b)) => Entry::Bytes(Bytes::from_static(b)),
        Content::Theme(Source::Disk(p)) => Entry::Disk(p),
        Content::File(rel) => Entry::Disk(root.join(rel)),
        Content::Cached(p) => Entry::Disk(p),
    };
    (f.path, e)
}
