//! How many bytes a browser fetches for its first search on a built site: the files of
//! `output/pagefind/` that pagefind's runtime and the theme's search page load for one query
//! (see `Index::first_query_files` in tests/common/pagefind.rs), with their sizes as stored
//! and as sent by a web server that compresses text (gzip; pagefind's index files and its
//! WebAssembly are stored compressed already, its JavaScript is not). Used for
//! docs/performance.md:
//!
//! ```text
//! cargo run --release --example search_bytes -- /tmp/out-10k/pagefind skola
//! ```

#[path = "../tests/common/pagefind.rs"]
#[allow(dead_code)]
mod pagefind;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: search_bytes <output/pagefind> <word> [results shown, default 10]";
    let dir = std::path::PathBuf::from(args.next().expect(usage));
    let word = args.next().expect(usage);
    let shown: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let index = pagefind::Index::open(&dir);

    println!("{} pages hold \"{word}\"", index.find(&word).len());
    let (mut total, mut sent) = (0, 0);
    println!("{:>9}  {:>9}  file", "stored", "gzip");
    for f in index.first_query_files(&word, shown) {
        let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
        let gz = if f.ends_with(".js") || f.ends_with(".json") {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(&bytes).expect("gzip");
            e.finish().expect("gzip").len()
        } else {
            bytes.len()
        };
        total += bytes.len();
        sent += gz;
        println!("{:>9}  {gz:>9}  {f}", bytes.len());
    }
    println!(
        "{total:>9}  {sent:>9}  in all ({:.1} kB stored, {:.1} kB with gzip)",
        total as f64 / 1000.0,
        sent as f64 / 1000.0
    );
}
