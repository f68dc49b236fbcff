//! Measures `framsteg serve`'s edit-to-reload time: how long after an article is saved the
//! browser is told to reload. Start the server first, then:
//!
//! ```text
//! framsteg --root /tmp/corpus-10k serve --port 1199 &
//! cargo run --release --example serve_edit -- 1199 /tmp/corpus-10k/content/articles/<file>.md 10
//! ```
//!
//! It listens to the server's event stream (`/__framsteg/events`) as a browser does, changes
//! one sentence of the article's body, and times from the write to the `reload` event. Each
//! run makes a different edit; the article is put back as it was at the end. Prints one time
//! per run in milliseconds, then the median and the slowest.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Reads from the event stream until an event other than `hello` arrives.
fn next_event(stream: &mut TcpStream, pending: &mut String) -> String {
    let mut buf = [0u8; 4096];
    loop {
        while let Some(i) = pending.find("event: ") {
            let rest = &pending[i + 7..];
            let Some(end) = rest.find('\n') else { break };
            let kind = rest[..end].trim().to_string();
            *pending = rest[end..].to_string();
            if kind != "hello" {
                return kind;
            }
        }
        let n = stream.read(&mut buf).expect("read the event stream");
        assert!(n > 0, "the server closed the event stream");
        pending.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: serve_edit <port> <article.md> [runs]";
    let port: u16 = args.next().and_then(|a| a.parse().ok()).expect(usage);
    let article = std::path::PathBuf::from(args.next().expect(usage));
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let original = std::fs::read_to_string(&article).expect("read the article");

    // The server may still be building the site: try for a minute.
    let started = Instant::now();
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => break s,
            Err(e) if started.elapsed() > Duration::from_secs(60) => {
                panic!("could not connect to framsteg serve on port {port}: {e}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    write!(
        stream,
        "GET /__framsteg/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("ask for the event stream");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set a timeout");
    let mut pending = String::new();
    // Wait for `hello`: the stream is open and the server has built the site.
    let mut buf = [0u8; 4096];
    while !pending.contains("event: hello") {
        let n = stream.read(&mut buf).expect("read the event stream");
        assert!(n > 0, "the server closed the event stream");
        pending.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    pending.clear();

    let mut times = Vec::new();
    for run in 0..runs {
        std::thread::sleep(Duration::from_millis(300));
        let edited = format!("{original}\nRedigering nummer {run} av texten.\n");
        let t = Instant::now();
        std::fs::write(&article, edited).expect("write the article");
        let kind = next_event(&mut stream, &mut pending);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        println!("edit {}: {kind} after {ms:.1} ms", run + 1);
        times.push(ms);
    }
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&article, &original).expect("put the article back");
    let _ = next_event(&mut stream, &mut pending);

    times.sort_by(f64::total_cmp);
    if let (Some(median), Some(max)) = (times.get(times.len() / 2), times.last()) {
        println!("median {median:.1} ms, slowest {max:.1} ms over {runs} edits");
    }
}
