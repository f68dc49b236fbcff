//! `framsteg serve` end to end: a server on an ephemeral port over a temp copy of
//! `tests/fixtures/serve-site`, spoken to over raw TCP (so paths reach the server exactly as
//! written, unnormalised). Every wait is bounded by a deadline.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use framsteg::serve::{self, ServeHandle, ServeOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const DEADLINE: Duration = Duration::from_secs(10);
const LASVECKAN: &str = "content/articles/2023-02-08-lasveckan.md";
const SECRET: &str = "HEMLIGT-UTANFOR-WEBBPLATSEN";

/// A temp folder holding `site/` (a copy of the fixture) and, beside it, a secret file.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site");
        for e in walkdir::WalkDir::new(&fixture)
            .into_iter()
            .filter_map(Result::ok)
        {
            let dest = root.join(e.path().strip_prefix(&fixture).expect("under fixture"));
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).expect("mkdir");
            } else {
                std::fs::copy(e.path(), &dest).expect("copy");
            }
        }
        std::fs::write(dir.path().join("secret.txt"), SECRET).expect("secret");
        Site { _dir: dir, root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
}

async fn start(site: &Site) -> ServeHandle {
    let mut opts = ServeOptions::new(&site.root);
    opts.port = 0;
    opts.quiet = true;
    serve::start(opts).await.expect("server starts")
}

struct Resp {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request_line` (e.g. `GET /x`) as written, over HTTP/1.0, and reads the whole answer.
async fn raw(addr: std::net::SocketAddr, request_line: &str) -> Resp {
    let io = async {
        let mut s = TcpStream::connect(addr).await?;
        s.write_all(format!("{request_line} HTTP/1.0\r\nHost: localhost\r\n\r\n").as_bytes())
            .await?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await?;
        Ok::<_, std::io::Error>(buf)
    };
    let buf = tokio::time::timeout(DEADLINE, io)
        .await
        .expect("answer in time")
        .expect("io");
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    Resp {
        status,
        head,
        body: buf[split + 4..].to_vec(),
    }
}

async fn get(addr: std::net::SocketAddr, path: &str) -> Resp {
    raw(addr, &format!("GET {path}")).await
}

/// GETs `path` until `ok` holds for the answer, or panics at the deadline.
async fn eventually(
    addr: std::net::SocketAddr,
    path: &str,
    what: &str,
    ok: impl Fn(&Resp) -> bool,
) -> Resp {
    let end = Instant::now() + DEADLINE;
    loop {
        let r = get(addr, path).await;
        if ok(&r) {
            return r;
        }
        assert!(
            Instant::now() < end,
            "{path}: {what} did not happen within {DEADLINE:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A connection to the server-sent events.
struct Events {
    stream: TcpStream,
    buf: String,
}

impl Events {
    /// Connects and waits for the `hello` event, so later changes are not missed.
    async fn connect(addr: std::net::SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(b"GET /__framsteg/events HTTP/1.0\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
            .await
            .expect("send");
        let mut e = Events {
            stream,
            buf: String::new(),
        };
        let (kind, _) = e.next().await;
        assert_eq!(kind, "hello");
        assert!(e.buf.is_empty() || !e.buf.contains("event:"));
        e
    }

    /// The next event's kind and data.
    async fn next(&mut self) -> (String, String) {
        let end = Instant::now() + DEADLINE;
        loop {
            // Skip the response head, then take one `\n\n`-terminated block.
            if let Some(h) = self.buf.find("\r\n\r\n") {
                self.buf.drain(..h + 4);
            }
            if !self.buf.starts_with("HTTP/") {
                if let Some(at) = self.buf.find("\n\n") {
                    let block: String = self.buf.drain(..at + 2).collect();
                    let field = |name: &str| {
                        block
                            .lines()
                            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
                    };
                    if let Some(kind) = field("event:") {
                        return (kind, field("data:").unwrap_or_default());
                    }
                    continue;
                }
            }
            let left = end.saturating_duration_since(Instant::now());
            let mut chunk = [0u8; 4096];
            let n = tokio::time::timeout(left, self.stream.read(&mut chunk))
                .await
                .expect("an event within the deadline")
                .expect("read");
            assert!(n > 0, "the event stream closed");
            self.buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    }

    /// Waits for a `reload` (skipping other events).
    async fn reload(&mut self) {
        loop {
            if self.next().await.0 == "reload" {
                return;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_sends_an_event_and_the_new_text_is_served() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    let before = get(addr, "/artiklar/lasveckan/").await;
    assert_eq!(before.status, 200);
    assert!(before.text().contains("Biblioteket var fullt"));
    let mut events = Events::connect(addr).await;

    let text = site.read(LASVECKAN);
    let saved = Instant::now();
    site.write(
        LASVECKAN,
        &text.replace("Biblioteket var fullt", "Biblioteket var proppfullt"),
    );
    events.reload().await;
    eprintln!("save to event: {} ms", saved.elapsed().as_millis());
    eventually(addr, "/artiklar/lasveckan/", "the new text", |r| {
        r.status == 200 && r.text().contains("proppfullt")
    })
    .await;
    // Listings show the new version too, and nothing was written to output/.
    assert!(!site.path("output").exists());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_atomic_save_is_seen() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    let mut events = Events::connect(addr).await;

    // As editors do: write a temp file beside the real one, then rename it over.
    let text = site.read(LASVECKAN);
    let temp = "content/articles/.2023-02-08-lasveckan.md.tmp";
    site.write(
        temp,
        &text.replace(
            "title: Läsveckan fyllde biblioteket",
            "title: Läsveckan som aldrig tog slut",
        ),
    );
    std::fs::rename(site.path(temp), site.path(LASVECKAN)).expect("rename");
    events.reload().await;
    eventually(addr, "/artiklar/lasveckan/", "the new title", |r| {
        r.text().contains("Läsveckan som aldrig tog slut")
    })
    .await;
    eventually(addr, "/amnen/sprak/", "the new title in the listing", |r| {
        r.text().contains("Läsveckan som aldrig tog slut")
    })
    .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_folder_with_a_new_draft_is_served() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    assert_eq!(get(addr, "/artiklar/skolgarden/").await.status, 404);
    let mut events = Events::connect(addr).await;

    site.write(
        "content/articles/2025/host/2025-09-01-skolgarden.md",
        "---\ntitle: Den nya skolgården\ndate: 2025-09-01\nsubjects: [so-no-matte]\ndraft: true\n---\nEleverna ritade skolgården själva.\n",
    );
    events.reload().await;
    let r = eventually(addr, "/artiklar/skolgarden/", "the new page", |r| {
        r.status == 200
    })
    .await;
    assert!(r.text().contains("Eleverna ritade skolgården själva."));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_article_gets_the_sites_404() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    let not_found = get(addr, "/finns/inte/").await;
    assert_eq!(not_found.status, 404);
    assert!(not_found
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    assert_eq!(get(addr, "/artiklar/lasveckan/").await.status, 200);
    let mut events = Events::connect(addr).await;

    std::fs::remove_file(site.path(LASVECKAN)).expect("rm");
    events.reload().await;
    let gone = eventually(addr, "/artiklar/lasveckan/", "a 404", |r| r.status == 404).await;
    let page = |r: &Resp| {
        r.text()
            .split("<script src=\"/__framsteg")
            .next()
            .map(String::from)
    };
    assert_eq!(page(&gone), page(&not_found), "the site's own 404 page");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_edit_shows_an_overlay_until_it_is_fixed() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    let mut events = Events::connect(addr).await;

    let good = site.read(LASVECKAN);
    site.write(
        LASVECKAN,
        &good.replace("subjects: [sprak]", "subjects: [sprk]"),
    );
    events.reload().await;
    let r = eventually(addr, "/", "the overlay", |r| {
        r.text().contains("okänt ämne `sprk` (menade du sprak?)")
    })
    .await;
    assert_eq!(r.status, 200, "the last good site stays served");
    let html = r.text();
    assert!(html.contains("role=\"alert\""));
    assert!(
        html.contains(LASVECKAN),
        "the overlay names the file: {html}"
    );
    assert!(
        html.contains("okänt ämne `sprk` (menade du sprak?)"),
        "{html}"
    );
    assert!(
        html.contains("FN-dagen på Ängåsskolan"),
        "the last good page is beneath"
    );
    // Every page shows it, and the server still answers.
    assert!(get(addr, "/artiklar/fn-dagen/")
        .await
        .text()
        .contains("framsteg-overlay"));
    assert!(get(addr, "/finns/inte/")
        .await
        .text()
        .contains("framsteg-overlay"));

    site.write(LASVECKAN, &good);
    events.reload().await;
    eventually(addr, "/", "the overlay to go", |r| {
        r.status == 200 && !r.text().contains("framsteg-overlay")
    })
    .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traversal_never_reaches_a_file_outside_the_site() {
    let site = Site::new();
    // A symlink inside content/ that leads out of the site.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root.join("../secret.txt"),
        site.path("content/media-link.txt"),
    )
    .expect("symlink");
    #[cfg(unix)]
    std::fs::create_dir_all(site.path("content/media")).expect("mkdir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root.join("../secret.txt"),
        site.path("content/media/secret.txt"),
    )
    .expect("symlink");
    let server = start(&site).await;
    let addr = server.addr();
    let attempts = [
        "GET /../secret.txt",
        "GET /../../../../etc/passwd",
        "GET /%2e%2e/secret.txt",
        "GET /%2E%2E/%2E%2E/etc/passwd",
        "GET /..%2fsecret.txt",
        "GET /%2e%2e%2fsecret.txt",
        "GET /artiklar/../../secret.txt",
        "GET /artiklar/%2e%2e/%2e%2e/secret.txt",
        "GET /..\\secret.txt",
        "GET /%5c..%5csecret.txt",
        "GET /.%2e/secret.txt",
        "GET /%252e%252e/secret.txt",
        "GET /secret.txt%00.html",
        "GET //etc/passwd",
        "GET /media/secret.txt",
        "GET /media-link.txt",
        "GET /content/media/secret.txt",
        "GET http://localhost/../secret.txt",
        "HEAD /../secret.txt",
    ];
    for a in attempts {
        let r = raw(addr, a).await;
        let text = r.text();
        assert!(
            !text.contains(SECRET) && !text.contains("root:x:0"),
            "{a} leaked a file"
        );
        assert_ne!(r.status, 200, "{a} answered 200");
    }
    // The server still answers, and says why the links are not followed.
    let home = get(addr, "/").await;
    #[cfg(unix)]
    assert!(
        home.text().contains("content/media/secret.txt"),
        "{}",
        home.text()
    );
    #[cfg(not(unix))]
    assert_eq!(home.status, 200);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_types_redirects_and_the_live_script() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();

    let home = get(addr, "/").await;
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("<script src=\"/__framsteg/live.js\""));
    let head = raw(addr, "HEAD /").await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(home.body.len().to_string())
    );

    for (path, ty) in [
        ("/framsteg.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/data/plan.json", "application/json; charset=utf-8"),
        ("/__framsteg/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = get(addr, path).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").as_deref(), Some(ty), "{path}");
        assert!(
            !r.text().contains("__framsteg/live.js\" data-version"),
            "{path}: script only in HTML"
        );
    }
    let r = get(addr, "/artiklar/lasveckan").await;
    assert_eq!(r.status, 308);
    assert_eq!(
        r.header("location").as_deref(),
        Some("/artiklar/lasveckan/")
    );
    assert_eq!(raw(addr, "POST /").await.status, 405);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_hundred_concurrent_requests_are_all_answered() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    let paths = [
        "/",
        "/artiklar/fn-dagen/",
        "/amnen/sprak/",
        "/framsteg.css",
        "/atom.xml",
        "/plan/",
        "/insatser/",
    ];
    let tasks: Vec<_> = (0..400)
        .map(|i| tokio::spawn(async move { get(addr, paths[i % paths.len()]).await.status }))
        .collect();
    let mut ok = 0;
    for t in tasks {
        if t.await.expect("task") == 200 {
            ok += 1;
        }
    }
    assert_eq!(ok, 400);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_that_never_built_still_answers() {
    let site = Site::new();
    let good = site.read("content/site.yaml");
    site.write("content/site.yaml", &good.replace("subjects:", "subjekt:"));
    let server = start(&site).await;
    let addr = server.addr();
    let r = get(addr, "/").await;
    assert_eq!(r.status, 503);
    assert!(r.text().contains("content/site.yaml"), "{}", r.text());
    let mut events = Events::connect(addr).await;
    site.write("content/site.yaml", &good);
    events.reload().await;
    eventually(addr, "/", "the site", |r| {
        r.status == 200 && !r.text().contains("framsteg-overlay")
    })
    .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_without_content_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = ServeOptions::new(dir.path());
    opts.port = 0;
    opts.quiet = true;
    assert!(matches!(
        serve::start(opts).await,
        Err(serve::ServeError::NotASite(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_sees_an_edit() {
    let site = Site::new();
    // Polling compares modification times in whole seconds: make the last save an old one.
    let f = std::fs::File::options()
        .write(true)
        .open(site.path(LASVECKAN))
        .expect("open");
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(10))
        .expect("mtime");
    drop(f);
    let mut opts = ServeOptions::new(&site.root);
    opts.port = 0;
    opts.quiet = true;
    opts.poll = true;
    let server = serve::start(opts).await.expect("server starts");
    let addr = server.addr();
    let mut events = Events::connect(addr).await;
    let text = site.read(LASVECKAN);
    site.write(
        LASVECKAN,
        &text.replace("Biblioteket var fullt", "Biblioteket var tyst"),
    );
    events.reload().await;
    eventually(addr, "/artiklar/lasveckan/", "the new text", |r| {
        r.text().contains("tyst")
    })
    .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn theme_css_swaps_and_template_edits_reload() {
    let site = Site::new();
    site.write("themes/egen/theme.yaml", "name: egen\nextends: default\n");
    site.write("themes/egen/static/egen.css", "body { color: black }\n");
    let config = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &config.replace("theme: default", "theme: egen"),
    );
    let server = start(&site).await;
    let addr = server.addr();
    assert!(get(addr, "/egen.css").await.text().contains("black"));
    let mut events = Events::connect(addr).await;

    site.write("themes/egen/static/egen.css", "body { color: navy }\n");
    assert_eq!(events.next().await.0, "css");
    assert!(get(addr, "/egen.css").await.text().contains("navy"));

    site.write(
        "themes/egen/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Här fanns inget</p>{% endblock %}",
    );
    events.reload().await;
    eventually(addr, "/finns/inte/", "the new template", |r| {
        r.status == 404 && r.text().contains("Här fanns inget")
    })
    .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_indicator_values_show_a_warning_box_above_the_built_page() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    let mut events = Events::connect(addr).await;
    let plan = site.read("content/plan/plan.yaml");
    site.write(
        "content/plan/plan.yaml",
        &plan.replace("{ 2022: 82.0, 2023: 83.4 }", "{ 2012: 82.0, 2013: 83.4 }"),
    );
    events.reload().await;
    let r = eventually(addr, "/plan/", "the warnings", |r| {
        r.text().contains("framsteg-warnings")
    })
    .await;
    let html = r.text();
    assert_eq!(r.status, 200);
    assert!(html.contains("role=\"status\"") && !html.contains("framsteg-overlay"));
    assert!(html.contains("content/plan/plan.yaml:17:"), "{html}");
    assert!(html.contains("inget värde nyare än 2013"), "{html}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetched_kolada_values_appear_when_the_data_file_is_written() {
    let site = Site::new();
    let server = start(&site).await;
    let addr = server.addr();
    let mut events = Events::connect(addr).await;
    site.write(
        "content/plan/data/kolada.yaml",
        "behorighet-ak9:\n  kpi: N15419\n  municipality: '1880'\n  gender: T\n  fetched: 2026-12-01\n  values: { 2024: 84.7 }\n",
    );
    site.write(
        "content/plan/plan.yaml",
        &site.read("content/plan/plan.yaml").replace(
            "    higher_is_better: true\n",
            "    higher_is_better: true\n    source: { name: Kolada, kpi: N15419, municipality: \"1880\" }\n",
        ),
    );
    events.reload().await;
    let r = eventually(addr, "/plan/", "the fetched value", |r| {
        r.text().contains("84,7")
    })
    .await;
    assert!(r.text().contains("hämtad 1 december 2026"), "{}", r.text());
    server.shutdown().await;
}
