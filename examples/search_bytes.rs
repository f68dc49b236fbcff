//! How many bytes a browser fetches for its first search on a built site: the files of
//! `output/pagefind/` that pagefind's runtime and the theme's search page load for one query
//! (see `Index::first_query_files` in tests/common/pagefind.rs), with their sizes as served
//! (pagefind's index files are stored compressed; the runtime's JavaScript is counted as is,
//! without the gzip a web server may add). Used for docs/performance.md:
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
    let mut total = 0;
    for f in index.first_query_files(&word, shown) {
        let size = std::fs::metadata(dir.join(&f))
            .map(|m| m.len())
            .unwrap_or(0);
        total += size;
        println!("{size:>9}  {f}");
    }
    println!("{total:>9}  in all ({:.1} kB)", total as f64 / 1000.0);
}
