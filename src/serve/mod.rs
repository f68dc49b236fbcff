//! `framsteg serve`: the live preview for communicators. The site is built in memory by the
//! same stages as `build` (load → link → render; nothing is written to `output/`), drafts
//! included, and served over HTTP (axum). A watcher reports saved files; the [`incremental`]
//! engine loads only those again and renders only the pages they touch; the browser reloads
//! through server-sent events. A failed rebuild keeps the last good site served with the
//! mistakes in an overlay above it; the server never exits on a content or template error.
//!
//! [`start`] is the library entry point (tests use it on port 0); [`run`] is the command.

mod good;
pub mod host;
pub mod http;
pub mod incremental;
mod listen;
pub mod overlay;
mod rule;
mod state;
mod watch;

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;
use tokio::sync::watch as tokio_watch;

use self::incremental::{Engine, Outcome};
use self::state::State;
use self::watch::{Msg, Watcher};
use crate::cli_text::{self, Noun};
use crate::diag;
use crate::model::Lang;

pub use self::watch::WATCH_LIMIT;

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (where `content/` is).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Poll the files instead of asking the OS to report changes.
    pub poll: bool,
    /// How long the file system must be quiet before a rebuild.
    pub debounce: Duration,
    /// Print nothing (tests).
    pub quiet: bool,
    /// How long a connection may take to send a request's headers, and stay idle between
    /// requests, before it is closed.
    pub header_timeout: Duration,
    /// The language of what `run` prints before the site is read (then the site's own).
    pub lang: Lang,
}

impl ServeOptions {
    /// Defaults for the site at `root`: 127.0.0.1:1111, 25 ms debounce.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            poll: false,
            debounce: Duration::from_millis(25),
            quiet: false,
            header_timeout: Duration::from_secs(10),
            lang: Lang::Sv,
        }
    }
}

/// Why `serve` could not start.
#[derive(Debug, Error)]
pub enum ServeError {
    #[error(
        "{0} är ingen webbplats för framsteg: mappen content/ saknas (ange rätt mapp med --root)"
    )]
    NotASite(PathBuf),
    #[error("porten {0} används redan; välj en annan med --port")]
    PortInUse(u16),
    #[error("kunde inte ta emot anslutningar på {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{WATCH_LIMIT}")]
    WatchLimit,
    #[error("kunde inte bevaka ändringar i {}: {message} (försök med --poll)", path.display())]
    Watch { path: PathBuf, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl ServeError {
    /// The error in `lang` (the `Display` text is Swedish).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Sv) => self.to_string(),
            (ServeError::NotASite(p), Lang::En) => format!(
                "{} is no framsteg site: the folder content/ is missing (name the right folder with --root)",
                p.display()
            ),
            (ServeError::PortInUse(p), Lang::En) => {
                format!("the port {p} is already in use; choose another with --port")
            }
            (ServeError::Bind { addr, source }, Lang::En) => {
                format!("could not listen on {addr}: {source}")
            }
            (ServeError::WatchLimit, Lang::En) => WATCH_LIMIT_EN.to_string(),
            (ServeError::Watch { path, message }, Lang::En) => format!(
                "could not watch for changes in {}: {message} (try --poll)",
                path.display()
            ),
            (ServeError::Io(e), Lang::En) => e.to_string(),
        }
    }
}

/// [`WATCH_LIMIT`] in English.
const WATCH_LIMIT_EN: &str = "the operating system's limit on how many folders can be watched \
is reached. Start with `framsteg serve --poll` (which looks for changes at intervals), or raise \
the limit: sudo sysctl fs.inotify.max_user_watches=524288";

/// A running preview server. Dropping it stops the server; [`ServeHandle::shutdown`] also
/// waits until it has stopped.
pub struct ServeHandle {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: tokio_watch::Sender<bool>,
    msgs: Sender<Msg>,
    rebuild: Option<std::thread::JoinHandle<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl ServeHandle {
    /// The address the server listens on (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's address, e.g. `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            ip => ip,
        };
        let base = self.state.read().base_path.clone();
        format!("http://{}{base}", SocketAddr::new(ip, self.addr.port()))
    }

    /// The version of the served site; it changes with every rebuild.
    pub fn version(&self) -> String {
        self.state.read().version.clone()
    }

    /// Stops watching and serving, and waits for both to end.
    pub async fn shutdown(mut self) {
        self.stop();
        if let Some(t) = self.rebuild.take() {
            let _ = tokio::task::spawn_blocking(move || t.join()).await;
        }
        if let Some(s) = self.server.take() {
            let _ = s.await;
        }
    }

    fn stop(&self) {
        let _ = self.shutdown.send(true);
        let _ = self.msgs.send(Msg::Stop);
    }
}

impl Drop for ServeHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Builds the site at `opts.root` in memory, starts watching it and serves it.
/// Content and template mistakes do not fail this: they show in the served pages.
pub async fn start(opts: ServeOptions) -> Result<ServeHandle, ServeError> {
    let root =
        std::fs::canonicalize(&opts.root).map_err(|_| ServeError::NotASite(opts.root.clone()))?;
    if !root.join("content").is_dir() {
        return Err(ServeError::NotASite(opts.root.clone()));
    }
    let want = SocketAddr::new(opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(want)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortInUse(opts.port),
            _ => ServeError::Bind {
                addr: want,
                source: e,
            },
        })?;
    let addr = listener.local_addr()?;
    let (shutdown, shutdown_rx) = tokio_watch::channel(false);
    let state = Arc::new(State::new(root.clone(), shutdown_rx.clone()));

    // Watch before the first build, so a save during it is not missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = Watcher::start(&root, opts.poll, opts.debounce, tx.clone())?;
    if !opts.quiet {
        match opts.lang {
            Lang::Sv => println!("Bygger {} …", root.display()),
            Lang::En => println!("Building {} …", root.display()),
        }
    }
    let first_root = root.clone();
    let (engine, outcome) = tokio::task::spawn_blocking(move || Engine::new(&first_root))
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    report(&state, &engine, outcome, &BTreeSet::new(), opts.quiet);

    let loop_state = Arc::clone(&state);
    let quiet = opts.quiet;
    let rebuild = std::thread::Builder::new()
        .name("framsteg-serve".into())
        .spawn(move || rebuild_loop(engine, watcher, rx, &loop_state, quiet))?;

    let guard = host::HostGuard {
        bind: addr.ip(),
        port: addr.port(),
    };
    let app = http::router(Arc::clone(&state), guard);
    let server = tokio::spawn(listen::serve(
        listener,
        app,
        opts.header_timeout,
        shutdown_rx,
    ));
    Ok(ServeHandle {
        addr,
        state,
        shutdown,
        msgs: tx,
        rebuild: Some(rebuild),
        server: Some(server),
    })
}

/// `framsteg serve`: starts, prints the address, opens a browser if asked, runs until Ctrl-C.
pub fn run(opts: ServeOptions, open: bool) -> Result<(), ServeError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let lang = opts.lang;
        let sv = lang == Lang::Sv;
        if !opts.bind.is_loopback() {
            if sv {
                eprintln!(
                    "varning: servern tar emot anslutningar på {} och kan nås från andra datorer i nätverket, \
                     även utkasten. Använd --bind 127.0.0.1 om bara du ska se förhandsgranskningen.",
                    opts.bind
                );
            } else {
                eprintln!(
                    "warning: the server listens on {} and can be reached from other computers on the network, \
                     drafts included. Use --bind 127.0.0.1 if only you should see the preview.",
                    opts.bind
                );
            }
        }
        let handle = start(opts).await?;
        if sv {
            println!("Förhandsgranska på {}  (Ctrl-C avslutar)", handle.url());
        } else {
            println!("Preview at {}  (Ctrl-C stops)", handle.url());
        }
        if open {
            open_browser(&handle.url(), lang);
        }
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("{}: Ctrl-C: {e}", cli_text::error_word(lang));
        }
        println!("\n{}", if sv { "Avslutar." } else { "Stopping." });
        handle.shutdown().await;
        Ok(())
    })
}

/// Opens `url` in the system's browser; failure is only a note.
fn open_browser(url: &str, lang: Lang) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if cmd.spawn().is_err() {
        match lang {
            Lang::Sv => eprintln!("Kunde inte öppna webbläsaren; gå till {url}"),
            Lang::En => eprintln!("Could not open the browser; go to {url}"),
        }
    }
}

fn rebuild_loop(
    mut engine: Engine,
    mut watcher: Watcher,
    rx: Receiver<Msg>,
    state: &State,
    quiet: bool,
) {
    while let Ok(first) = rx.recv() {
        let mut changed = BTreeSet::new();
        let mut stop = false;
        let mut take = |m: Msg| match m {
            Msg::Changed(paths) => changed.extend(paths),
            Msg::Errors(errors) => errors
                .iter()
                .for_each(|e| eprintln!("{}: {e}", cli_text::error_word(engine.lang()))),
            Msg::Stop => stop = true,
        };
        take(first);
        // Saves that arrived meanwhile join this rebuild.
        while let Ok(m) = rx.try_recv() {
            take(m);
        }
        if stop {
            break;
        }
        if changed.is_empty() {
            continue;
        }
        if let Err(e) = watcher.follow(&changed) {
            eprintln!(
                "{}: {}",
                cli_text::error_word(engine.lang()),
                e.message(engine.lang())
            );
        }
        let outcome = engine.apply(&changed);
        report(state, &engine, outcome, &changed, quiet);
    }
}

/// Prints what a rebuild did and hands its result to the server.
fn report(
    state: &State,
    engine: &Engine,
    outcome: Outcome,
    changed: &BTreeSet<PathBuf>,
    quiet: bool,
) {
    let lang = engine.lang();
    let sv = lang == Lang::Sv;
    let what = describe(changed, lang);
    match outcome {
        Outcome::Unchanged => {}
        Outcome::Static { css_only } => {
            if !quiet && sv {
                println!("{what}: läses direkt från disk, ingen sida behövde byggas om.");
            } else if !quiet {
                println!("{what}: read straight from disk, no page needed rebuilding.");
            }
            state.touched(css_only);
        }
        Outcome::Built(u) => {
            if !quiet {
                let ms = u.elapsed.as_secs_f64() * 1000.0;
                let pages = cli_text::count(u.total, Noun::Page, lang);
                let rendered = cli_text::count(u.rendered, Noun::Page, lang);
                match (changed.is_empty(), u.full, sv) {
                    (true, _, true) => println!("Klart: {pages} på {ms:.0} ms."),
                    (true, _, false) => println!("Done: {pages} in {ms:.0} ms."),
                    (false, true, true) => {
                        println!("{what}: hela webbplatsen, {rendered}, byggdes om på {ms:.1} ms.")
                    }
                    (false, true, false) => {
                        println!("{what}: the whole site, {rendered}, rebuilt in {ms:.1} ms.")
                    }
                    (false, false, true) => println!(
                        "{what}: {} av {pages} byggdes om på {ms:.1} ms.",
                        u.rendered
                    ),
                    (false, false, false) => {
                        println!("{what}: {} of {pages} rebuilt in {ms:.1} ms.", u.rendered)
                    }
                }
            }
            if !quiet && u.linked && !u.warnings.is_empty() {
                let color = std::io::stderr().is_terminal();
                eprint!(
                    "{}",
                    diag::render_warnings(&u.warnings, engine.root(), u.lang, color)
                );
            }
            // The search index is made when a browser asks for it, after the reload (a
            // search page that asks meanwhile waits for it).
            state.search_pending((*u.search).clone());
            state.built(u);
        }
        Outcome::Failed(f) => {
            if !quiet {
                let color = std::io::stderr().is_terminal();
                eprint!(
                    "{}",
                    diag::render_all(&f.diags, engine.root(), f.lang, color)
                );
                match lang {
                    Lang::Sv => eprintln!("Felen visas också i webbläsaren. Servern fortsätter."),
                    Lang::En => {
                        eprintln!("The mistakes also show in the browser. The server goes on.")
                    }
                }
            }
            state.failed(&f);
        }
    }
}

/// "Ändrat: content/articles/a.md" (and how many more); "Changed: …" in English.
fn describe(changed: &BTreeSet<PathBuf>, lang: Lang) -> String {
    let (word, more) = match lang {
        Lang::Sv => ("Ändrat", "och {} till"),
        Lang::En => ("Changed", "and {} more"),
    };
    let mut it = changed.iter();
    match (it.next(), changed.len()) {
        (None, _) => word.into(),
        (Some(p), 1) => format!("{word}: {}", shown(p)),
        (Some(p), n) => format!(
            "{word}: {} {}",
            shown(p),
            more.replace("{}", &(n - 1).to_string())
        ),
    }
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
