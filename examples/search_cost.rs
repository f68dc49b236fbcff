//! What the search index costs on its own: loads and links a site (a generated corpus), then
//! makes its index (`search::SearchInput::files`, the step `build` runs beside the page
//! paths) a few times and prints each round's time, the number of files and their bytes.
//! For the search figures in docs/performance.md, where a whole build is too noisy to show a
//! change of a few per cent in one step.
//!
//!   cargo run --release --example gen_corpus -- 10000 target/bench/corpus-10000
//!   FRAMSTEG_TODAY=2027-01-01 cargo run --release --example search_cost -- target/bench/corpus-10000

use std::path::Path;
use std::time::Instant;

use framsteg::pipeline;
use framsteg::render::Content;
use framsteg::search::SearchInput;

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or("target/bench/corpus-10000".into());
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let root = Path::new(&root);
    let Ok(config) = pipeline::config(root) else {
        eprintln!("{}: no site here", root.display());
        std::process::exit(2);
    };
    let content = pipeline::load_content(root, &config);
    let Ok(site) = pipeline::link_content(root, &config, &content, None, false) else {
        eprintln!(
            "{}: the site has errors (run framsteg check)",
            root.display()
        );
        std::process::exit(2);
    };
    let input = SearchInput::new(&site);
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let t = Instant::now();
        let files = input.files();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let bytes: usize = files
            .iter()
            .map(|f| match &f.content {
                Content::Bytes(b) => b.len(),
                _ => 0,
            })
            .sum();
        println!(
            "round {round}: {ms:.0} ms, {} files, {bytes} bytes",
            files.len()
        );
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    println!("median {:.0} ms", times[times.len() / 2]);
}
