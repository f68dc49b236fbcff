//! `serve` answers only requests meant for it: a `Host:` that is not the address it is bound
//! to (DNS rebinding) gets 403 on every path, and connections that send their request slowly
//! or not at all are closed after the header timeout while other requests are still served.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use framsteg::serve::{self, ServeHandle, ServeOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const DEADLINE: Duration = Duration::from_secs(10);

fn copy_site() -> (tempfile::TempDir, std::path::PathBuf) {
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
    (dir, root)
}

async fn start(root: &Path, header_timeout: Duration) -> ServeHandle {
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    opts.quiet = true;
    opts.header_timeout = header_timeout;
    serve::start(opts).await.expect("server starts")
}

/// The status of `GET path` sent with `Host: host`.
async fn status(addr: SocketAddr, path: &str, host: &str) -> u16 {
    let io = async {
        let mut s = TcpStream::connect(addr).await?;
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await?;
        let mut buf = [0u8; 64];
        let mut got = Vec::new();
        while !got.windows(2).any(|w| w == b"\r\n") {
            let n = s.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        Ok::<_, std::io::Error>(got)
    };
    let got = tokio::time::timeout(DEADLINE, io)
        .await
        .expect("answer in time")
        .expect("io");
    let line = String::from_utf8_lossy(&got).into_owned();
    line.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {line:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_host_gets_403_on_pages_events_and_the_search_index() {
    let (_dir, root) = copy_site();
    let handle = start(&root, Duration::from_secs(5)).await;
    let addr = handle.addr();
    let port = addr.port();
    for path in [
        "/",
        "/sok/meta.json",
        "/__framsteg/events",
        "/__framsteg/live.js",
    ] {
        for host in [
            "evil.example".to_string(),
            format!("evil.example:{port}"),
            format!("localhost.evil.example:{port}"),
            format!("localhost:{}", port.wrapping_add(1)),
        ] {
            assert_eq!(
                status(addr, path, &host).await,
                403,
                "{path} with Host: {host}"
            );
        }
    }
    for host in [
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        assert_eq!(status(addr, "/", &host).await, 200, "Host: {host}");
    }
    assert_eq!(status(addr, "/sok/meta.json", "localhost").await, 200);
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_silent_connections_are_closed_while_others_are_served() {
    let (_dir, root) = copy_site();
    let timeout = Duration::from_millis(800);
    let handle = start(&root, timeout).await;
    let addr = handle.addr();
    let started = Instant::now();
    let mut slow = Vec::new();
    for i in 0..100 {
        slow.push(tokio::spawn(async move {
            let s = TcpStream::connect(addr).await.expect("connect");
            let (mut r, mut w) = s.into_split();
            // Half of them trickle a request one byte at a time, half say nothing.
            let trickle = tokio::spawn(async move {
                if i % 2 == 0 {
                    for b in b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
                        if w.write_all(&[*b]).await.is_err() {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
                w
            });
            let mut buf = Vec::new();
            let closed = tokio::time::timeout(DEADLINE, r.read_to_end(&mut buf)).await;
            trickle.abort();
            assert!(closed.is_ok(), "connection {i} was never closed");
            Instant::now()
        }));
    }
    // Meanwhile an ordinary request is answered at once.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let t = Instant::now();
    assert_eq!(status(addr, "/", "localhost").await, 200);
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    for s in slow {
        let closed_at = s.await.expect("task");
        let after = closed_at - started;
        assert!(
            after >= timeout - Duration::from_millis(100),
            "closed too early: {after:?}"
        );
        assert!(after < timeout * 3, "closed late: {after:?}");
    }
    // A kept-alive connection that goes quiet is closed as well.
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(b"GET /sok/meta.json HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .expect("write");
    let t = Instant::now();
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(DEADLINE, s.read_to_end(&mut buf)).await;
    assert!(closed.is_ok(), "an idle connection stays open");
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 200"));
    assert!(t.elapsed() < timeout * 3);
    handle.shutdown().await;
}
