//! Watching the site for `serve`: notify through notify-debouncer-full, recursive on
//! `content/` and `themes/` and flat on the site root (to see `themes/` appear). Events are
//! debounced for 25 milliseconds and reduced to the changed paths, relative to the root:
//! Access events, `output/`, the build's `.output.*` folders, `target/` and editors' temp
//! files (`*.swp`, `*~`, `.#*`, `4913`) are dropped. An atomic save (temp file, then rename
//! over) arrives as a change of the saved path. `--poll` uses notify's PollWatcher for file
//! systems without inotify.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, DebouncedEvent, Debouncer, NoCache,
    RecommendedCache,
};

use super::ServeError;
use crate::load::is_editor_temp;

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// What the watcher tells the rebuild thread.
pub enum Msg {
    /// Paths relative to the root that changed (were written, created, removed or renamed).
    Changed(BTreeSet<PathBuf>),
    /// Watch errors, already explained in Swedish.
    Errors(Vec<String>),
    /// The server is shutting down.
    Stop,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    themes_watched: bool,
}

impl Watcher {
    /// Starts watching the site at `root` (canonical), sending changes to `tx`.
    pub fn start(
        root: &Path,
        poll: bool,
        debounce: Duration,
        tx: Sender<Msg>,
    ) -> Result<Watcher, ServeError> {
        let r = root.to_path_buf();
        let handler = move |res: DebounceEventResult| {
            let msg = match res {
                Ok(events) => {
                    let paths = relevant(&r, &events);
                    if paths.is_empty() {
                        return;
                    }
                    Msg::Changed(paths)
                }
                Err(errors) => Msg::Errors(errors.iter().map(explain).collect()),
            };
            // The rebuild thread is gone only while shutting down.
            let _ = tx.send(msg);
        };
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            let d = new_debouncer_opt::<_, PollWatcher, NoCache>(
                debounce,
                None,
                handler,
                NoCache::new(),
                config,
            )
            .map_err(|e| to_serve_error(root, &e))?;
            Inner::Poll(d)
        } else {
            Inner::Native(
                new_debouncer(debounce, None, handler).map_err(|e| to_serve_error(root, &e))?,
            )
        };
        let mut w = Watcher {
            inner,
            root: root.to_path_buf(),
            themes_watched: false,
        };
        w.watch(&root.join("content"), RecursiveMode::Recursive)?;
        w.watch(root, RecursiveMode::NonRecursive)?;
        w.watch_themes()?;
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), ServeError> {
        let r = match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        };
        r.map_err(|e| to_serve_error(path, &e))
    }

    fn watch_themes(&mut self) -> Result<(), ServeError> {
        let themes = self.root.join("themes");
        if !self.themes_watched && themes.is_dir() {
            self.watch(&themes, RecursiveMode::Recursive)?;
            self.themes_watched = true;
        }
        Ok(())
    }

    /// Starts watching folders the changes created: `themes/`, or `content/` made anew.
    pub fn follow(&mut self, changed: &BTreeSet<PathBuf>) -> Result<(), ServeError> {
        if changed.contains(Path::new("themes")) {
            self.themes_watched &= self.root.join("themes").is_dir();
            self.watch_themes()?;
        }
        let content = self.root.join("content");
        if changed.contains(Path::new("content")) && content.is_dir() {
            self.watch(&content, RecursiveMode::Recursive)?;
        }
        Ok(())
    }
}

/// The changed paths among `events`, relative to `root`, without the ones serve ignores.
fn relevant(root: &Path, events: &[DebouncedEvent]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for ev in events {
        if matches!(ev.kind, EventKind::Access(_)) {
            continue;
        }
        if ev.need_rescan() {
            // The kernel dropped events: look at everything again.
            out.insert(PathBuf::from("content"));
            out.insert(PathBuf::from("themes"));
            continue;
        }
        for p in &ev.paths {
            if let Ok(rel) = p.strip_prefix(root) {
                if is_watched(rel) {
                    out.insert(rel.to_path_buf());
                }
            }
        }
    }
    out
}

/// True for paths under `content/` or `themes/` that are not editors' temp or hidden files.
pub fn is_watched(rel: &Path) -> bool {
    let mut parts = rel.iter();
    let top_ok = parts
        .next()
        .is_some_and(|t| t == "content" || t == "themes");
    top_ok
        && rel
            .iter()
            .all(|c| c.to_str().is_some_and(|s| !is_editor_temp(s)))
}

/// A watch error as a Swedish sentence with what to do.
fn explain(e: &notify::Error) -> String {
    match e.kind {
        notify::ErrorKind::MaxFilesWatch => WATCH_LIMIT.to_string(),
        _ => format!("bevakningen av filerna gav ett fel: {e}"),
    }
}

/// The message for ENOSPC from inotify.
pub const WATCH_LIMIT: &str = "operativsystemets gräns för hur många mappar som kan bevakas är nådd. \
Starta med `framsteg serve --poll` (som tittar efter ändringar med jämna mellanrum), eller höj gränsen: \
sudo sysctl fs.inotify.max_user_watches=524288";

fn to_serve_error(path: &Path, e: &notify::Error) -> ServeError {
    match e.kind {
        notify::ErrorKind::MaxFilesWatch => ServeError::WatchLimit,
        _ => ServeError::Watch {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_output_temp_files_and_other_folders() {
        assert!(is_watched(Path::new("content/articles/a.md")));
        assert!(is_watched(Path::new("themes/default/static/framsteg.css")));
        assert!(is_watched(Path::new("themes")));
        assert!(!is_watched(Path::new("output/index.html")));
        assert!(!is_watched(Path::new(".output.staging")));
        assert!(!is_watched(Path::new("target/debug/x")));
        assert!(!is_watched(Path::new("content/articles/.a.md.swp")));
        assert!(!is_watched(Path::new("content/articles/a.md~")));
        assert!(!is_watched(Path::new("content/articles/.#a.md")));
        assert!(!is_watched(Path::new("content/articles/4913")));
    }

    #[test]
    fn a_watch_limit_is_explained_not_a_crash() {
        let e = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        let err = to_serve_error(Path::new("/x/content"), &e);
        assert!(matches!(err, ServeError::WatchLimit));
        let msg = err.to_string();
        assert!(
            msg.contains("--poll") && msg.contains("fs.inotify.max_user_watches"),
            "{msg}"
        );
        assert_eq!(explain(&e), WATCH_LIMIT);
    }
}
