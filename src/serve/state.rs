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
use crate::search::{self, SearchInput};

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
    /// The search index (`sok/`) is made when first asked for after a rebuild: the
    /// newest rebuild's number, what its index is made from until then, the number whose
    /// index is served, and a lock that lets one index be made at a time.
    search_wanted: std::sync::atomic::AtomicU64,
    search_input: std::sync::Mutex<Option<(u64, SearchInput)>>,
    search_ready: watch::Sender<u64>,
    search_lock: std::sync::Mutex<()>,
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
            search_wanted: std::sync::atomic::AtomicU64::new(0),
            search_input: std::sync::Mutex::new(None),
            search_ready: watch::channel(0).0,
            search_lock: std::sync::Mutex::new(()),
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

    /// Keeps what the search index of the rebuild just made is made from (call before the
    /// reload is announced, so that a reloaded search page waits for that index). The index
    /// itself is made only when a browser asks for a file of it ([`State::search_ready`]):
    /// a communicator who does not search the preview does not pay for it on each save.
    pub fn search_pending(&self, input: SearchInput) {
        let n = self
            .search_wanted
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        *self.search_input.lock().unwrap_or_else(|e| e.into_inner()) = Some((n, input));
    }

    /// Makes the search index that is wanted, if it is not being made, on a thread of its
    /// own, and serves it, unless a newer rebuild came meanwhile (its index replaces this one).
    fn index_search(self: &Arc<Self>) {
        let Some((n, input)) = self
            .search_input
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        else {
            return;
        };
        let state = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("framsteg-search".into())
            .spawn(move || {
                let _one = state.search_lock.lock().unwrap_or_else(|e| e.into_inner());
                let newest = || {
                    state
                        .search_wanted
                        .load(std::sync::atomic::Ordering::SeqCst)
                        == n
                };
                if !newest() {
                    return;
                }
                let files = input.files();
                if !newest() {
                    return;
                }
                let entries: Vec<(String, Entry)> =
                    files.into_iter().map(|f| entry(&state.root, f)).collect();
                {
                    let mut s = state.write();
                    s.files.retain(|k, _| !search::is_index_file(k));
                    s.files.extend(entries);
                }
                state.search_ready.send_replace(n);
            });
        if spawned.is_err() {
            self.search_ready.send_replace(n);
        }
    }

    /// Waits (at most `limit`) until the search index of the newest rebuild is served,
    /// starting to make it if nobody has asked for it yet.
    pub async fn search_ready(self: &Arc<Self>, limit: std::time::Duration) {
        self.index_search();
        let wanted = self.search_wanted.load(std::sync::atomic::Ordering::SeqCst);
        let mut rx = self.search_ready.subscribe();
        let _ = tokio::time::timeout(limit, rx.wait_for(|ready| *ready >= wanted)).await;
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
