//! The HTTP side of `serve` (axum): the in-memory site, the live reload script and the
//! server-sent events. A request path is decoded segment by segment and refused (400) when a
//! segment is `.` or `..` or holds `/`, `\` or NUL, encoded or not; what is left is only ever
//! a key into the map of rendered files, so no request reaches a file the render stage did not
//! list, and a listed file on disk is served only when its real path is inside the site.
//! `/x` redirects to `/x/` when that is a page; unknown paths get the site's `404.html`.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State as AxState;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::Stream;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use tokio::sync::broadcast::error::RecvError;

use super::host::HostGuard;
use super::overlay::{self, EVENTS_PATH, SCRIPT_PATH};
use super::state::{Entry, LiveEvent, State};

/// The server's routes, every one behind the `Host:` check of [`super::host`].
pub fn router(state: Arc<State>, guard: HostGuard) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(page)
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(guard),
            super::host::check,
        ))
}

/// A request path, decoded and checked.
#[derive(Debug, PartialEq, Eq)]
pub struct SafePath {
    pub segments: Vec<String>,
    /// The path ended in `/` (or was `/`).
    pub dir: bool,
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("ogiltig sökväg")]
pub struct BadPath;

/// Decodes a raw request path, refusing anything that could name a place outside the site.
pub fn safe_path(raw: &str) -> Result<SafePath, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath)?;
    if raw.contains('\\') || raw.contains('\0') {
        return Err(BadPath);
    }
    let mut segments = Vec::new();
    for seg in rest.split('/') {
        if seg.is_empty() {
            continue;
        }
        let decoded = percent_decode_str(seg).decode_utf8().map_err(|_| BadPath)?;
        let bad = decoded == "."
            || decoded == ".."
            || decoded
                .chars()
                .any(|c| c == '/' || c == '\\' || c.is_control());
        if bad {
            return Err(BadPath);
        }
        segments.push(decoded.into_owned());
    }
    Ok(SafePath {
        segments,
        dir: rest.is_empty() || rest.ends_with('/'),
    })
}

/// What a path names in the served site.
#[derive(Debug)]
enum Lookup {
    File(String, Entry),
    Redirect(String),
    Missing(Option<Entry>),
}

/// Characters to escape in a `Location` path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\');

fn find(s: &super::state::Snapshot, p: &SafePath) -> Lookup {
    let base: Vec<&str> = s.base_path.split('/').filter(|x| !x.is_empty()).collect();
    let not_found = || Lookup::Missing(s.files.get("404.html").cloned());
    let starts_with_base =
        p.segments.len() >= base.len() && p.segments.iter().zip(&base).all(|(a, b)| a == b);
    if !starts_with_base {
        if p.segments.is_empty() {
            return Lookup::Redirect(s.base_path.clone());
        }
        return not_found();
    }
    let rest = &p.segments[base.len()..];
    let key = rest.join("/");
    let key = match (rest.is_empty(), p.dir) {
        (true, _) => "index.html".to_string(),
        (false, true) => format!("{key}/index.html"),
        (false, false) => key,
    };
    if let Some(e) = s.files.get(&key) {
        return Lookup::File(key, e.clone());
    }
    if !p.dir && s.files.contains_key(&format!("{key}/index.html")) {
        let mut location = s.base_path.clone();
        for seg in rest {
            location.extend(utf8_percent_encode(seg, SEGMENT));
            location.push('/');
        }
        return Lookup::Redirect(location);
    }
    not_found()
}

async fn page(AxState(state): AxState<Arc<State>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Metoden stöds inte.\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Ok(path) = safe_path(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "Ogiltig sökväg.\n");
    };
    if is_search_file(&state, &path) {
        state.search_ready(SEARCH_WAIT).await;
    }
    let (found, version, overlay_html, has_site, lang) = {
        let s = state.read();
        (
            find(&s, &path),
            s.version.clone(),
            s.overlay.clone(),
            s.has_site,
            s.lang,
        )
    };
    let extra = {
        let mut x = overlay_html.as_deref().unwrap_or("").to_string();
        x.push_str(&overlay::script_tag(&version));
        x
    };
    if !has_site {
        let html = overlay::inject(overlay::no_site_page(lang).as_bytes(), &extra);
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            Bytes::from(html),
        );
    }
    let (status, name, entry) = match found {
        Lookup::File(key, e) => (StatusCode::OK, key, Some(e)),
        Lookup::Redirect(location) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            no_cache(&mut r);
            return r;
        }
        Lookup::Missing(e) => (StatusCode::NOT_FOUND, "404.html".to_string(), e),
    };
    let bytes = match entry {
        Some(Entry::Bytes(b)) => Some(b),
        Some(Entry::Disk(p)) => read_listed(&state.root, &p).await,
        None => None,
    };
    let Some(bytes) = bytes else {
        return plain(StatusCode::NOT_FOUND, "Sidan finns inte.\n");
    };
    if is_html(&name) {
        return respond(status, &name, Bytes::from(overlay::inject(&bytes, &extra)));
    }
    respond(status, &name, bytes)
}

/// How long a request for a file of the search index waits for the index being made.
const SEARCH_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// True for a path of a file of the search index (under the base path).
fn is_search_file(state: &State, p: &SafePath) -> bool {
    let s = state.read();
    let base = s.base_path.split('/').filter(|x| !x.is_empty()).count();
    p.segments
        .get(base..)
        .is_some_and(|rest| crate::search::is_index_file(&rest.join("/")))
}

/// Reads a file the render stage listed, if its real path is inside the site's content or
/// themes (a symlink may not lead out of the site).
async fn read_listed(root: &Path, p: &Path) -> Option<Bytes> {
    let real: PathBuf = tokio::fs::canonicalize(p).await.ok()?;
    let inside = real.starts_with(root.join("content")) || real.starts_with(root.join("themes"));
    if !inside || !tokio::fs::metadata(&real).await.ok()?.is_file() {
        return None;
    }
    tokio::fs::read(&real).await.ok().map(Bytes::from)
}

fn is_html(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".htm")
}

/// The Content-Type for an output path; text types say UTF-8.
pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" if name.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, name: &str, body: Bytes) -> Response {
    let len = body.len();
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    no_cache(&mut r);
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    respond(status, "x.txt", Bytes::from_static(text.as_bytes()))
}

fn no_cache(r: &mut Response) {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

async fn script() -> Response {
    respond(
        StatusCode::OK,
        "live.js",
        Bytes::from_static(overlay::LIVE_JS.as_bytes()),
    )
}

fn event(kind: &'static str, version: &str) -> Event {
    let data = serde_json::json!({ "version": version }).to_string();
    Event::default().event(kind).data(data)
}

/// `hello` with the current version, then one event per rebuild until the server stops.
async fn events(
    AxState(state): AxState<Arc<State>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = state.events.subscribe();
    let hello = event("hello", &state.read().version);
    let shutdown = state.shutdown.clone();
    let stream = futures_util::stream::unfold(
        (Some(hello), rx, shutdown, state),
        |(first, mut rx, mut shutdown, state)| async move {
            if let Some(hello) = first {
                return Some((Ok(hello), (None, rx, shutdown, state)));
            }
            if *shutdown.borrow() {
                return None;
            }
            let next = tokio::select! {
                r = rx.recv() => r,
                _ = shutdown.changed() => return None,
            };
            let ev = match next {
                Ok(LiveEvent { kind, version }) => event(kind, &version),
                // Missed some: a reload shows the newest site anyway.
                Err(RecvError::Lagged(_)) => event("reload", &state.read().version),
                Err(RecvError::Closed) => return None,
            };
            Some((Ok(ev), (None, rx, shutdown, state)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal_encoded_or_not() {
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e%2e/%2e%2e/x",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/a%00b",
            "/./x",
            "/%ff",
            "x",
        ] {
            assert_eq!(safe_path(bad), Err(BadPath), "{bad}");
        }
    }

    #[test]
    fn decodes_ordinary_paths() {
        let p = safe_path("/artiklar/fn-dagen/").expect("ok");
        assert_eq!(p.segments, vec!["artiklar", "fn-dagen"]);
        assert!(p.dir);
        let p = safe_path("/media/bild%20%C3%A5.svg").expect("ok");
        assert_eq!(p.segments, vec!["media", "bild å.svg"]);
        assert!(!p.dir);
        assert!(safe_path("/").expect("ok").dir);
    }

    #[test]
    fn text_types_say_utf8() {
        for name in [
            "a/index.html",
            "framsteg.css",
            "x.js",
            "data/plan.json",
            "atom.xml",
            "sitemap.xml",
            "a.svg",
            "robots.txt",
            "data/x.csv",
        ] {
            assert!(content_type(name).ends_with("; charset=utf-8"), "{name}");
        }
        assert_eq!(content_type("a.png"), "image/png");
    }
}
