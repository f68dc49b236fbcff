//! What Markdown costs in a build, and what running ammonia over every field would add: times
//! `markdown::render` over the bodies of a generated corpus, then the same plus ammonia on the
//! output. Used to decide between "always sanitise" and "safe by construction" (see
//! docs/performance.md).
//!
//!   cargo run --release --example gen_corpus -- 10000 target/bench/corpus-10000
//!   cargo run --release --example md_cost -- target/bench/corpus-10000

use std::time::Instant;

use framsteg::markdown::{self, MdOptions};
use framsteg::model::Lang;

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or("target/bench/corpus-10000".into());
    let mut bodies = Vec::new();
    for e in walkdir::WalkDir::new(format!("{root}/content")) {
        let Ok(e) = e else { continue };
        let p = e.path();
        if p.extension().is_some_and(|x| x == "md" || x == "yaml") {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text).to_string();
            bodies.push(body);
        }
    }
    let opts = MdOptions {
        unsafe_html: false,
        base_path: "/".into(),
        lang: Lang::Sv,
        images: None,
        eager_first: false,
    };
    let clean = ammonia::Builder::default();
    for round in 0..3 {
        let t = Instant::now();
        let mut n = 0;
        for b in &bodies {
            n += markdown::render(b, &opts).html.len();
        }
        let render = t.elapsed();
        let t = Instant::now();
        for b in &bodies {
            n += clean
                .clean(&markdown::render(b, &opts).html)
                .to_string()
                .len();
        }
        let both = t.elapsed();
        println!(
            "round {round}: {} texts, render {:.0} ms, render + ammonia {:.0} ms (ammonia {:.0} ms) [{n}]",
            bodies.len(),
            render.as_secs_f64() * 1e3,
            both.as_secs_f64() * 1e3,
            (both - render).as_secs_f64() * 1e3,
        );
    }
}
