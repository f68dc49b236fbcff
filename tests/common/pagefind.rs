//! Reads a site's pagefind index the way pagefind's search runtime does, so that tests can
//! ask what a query finds: `pagefind-entry.json` names the language's meta file; the meta
//! file lists the pages (by fragment hash), the word-index chunks (by the range of words
//! each holds) and the filter files; every file but the entry is gzip-compressed CBOR (or
//! JSON, for fragments) behind the bytes `pagefind_dcd`.
//!
//! A query word is stemmed with the Snowball stemmer pagefind itself uses (the crate
//! `pagefind_stem`) and looked up whole (the browser also matches word prefixes).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use minicbor::Decode;

#[derive(Decode)]
struct Meta {
    #[n(0)]
    _version: String,
    #[n(1)]
    pages: Vec<MetaPage>,
    #[n(2)]
    chunks: Vec<MetaChunk>,
    #[n(3)]
    filters: Vec<MetaFilter>,
}

#[derive(Decode)]
struct MetaPage {
    #[n(0)]
    hash: String,
}

#[derive(Decode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

impl MetaChunk {
    /// True when the chunk can hold `word`: its bounds are the shortest prefixes that tell
    /// it from its neighbours, so `to` may be a prefix of the last word it holds.
    fn holds(&self, word: &str) -> bool {
        self.from.as_str() <= word && (word <= self.to.as_str() || word.starts_with(&self.to))
    }
}

#[derive(Decode)]
struct MetaFilter {
    #[n(0)]
    filter: String,
    #[n(1)]
    hash: String,
}

#[derive(Decode)]
struct WordIndex {
    #[n(0)]
    words: Vec<PackedWord>,
}

#[derive(Decode)]
struct PackedWord {
    #[n(0)]
    word: String,
    #[n(1)]
    pages: Vec<PackedPage>,
}

#[derive(Decode)]
struct PackedPage {
    /// The difference to the page number before it in the word's list.
    #[n(0)]
    page_delta: usize,
}

#[derive(Decode)]
struct FilterIndex {
    #[n(0)]
    _filter: String,
    #[n(1)]
    values: Vec<PackedValue>,
}

#[derive(Decode)]
struct PackedValue {
    #[n(0)]
    value: String,
    #[n(1)]
    pages: Vec<usize>,
}

/// A pagefind bundle folder (`output/pagefind/`).
pub struct Index {
    dir: PathBuf,
    pub language: String,
    meta: Meta,
}

/// The bytes of a compressed pagefind file.
fn unpack(path: &Path) -> Vec<u8> {
    let gz = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .expect("gzip");
    out.strip_prefix(b"pagefind_dcd")
        .expect("pagefind_dcd prefix")
        .to_vec()
}

impl Index {
    pub fn open(dir: &Path) -> Index {
        let entry: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.join("pagefind-entry.json")).expect("pagefind-entry.json"),
        )
        .expect("entry JSON");
        let (language, lang) = entry["languages"]
            .as_object()
            .and_then(|m| m.iter().next())
            .expect("one language");
        let hash = lang["hash"].as_str().expect("meta hash");
        let meta = minicbor::decode(&unpack(&dir.join(format!("pagefind.{hash}.pf_meta"))))
            .expect("meta CBOR");
        Index {
            dir: dir.to_path_buf(),
            language: language.clone(),
            meta,
        }
    }

    /// Every file the index consists of, relative to its folder (to copy it from a server).
    pub fn files_listed(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .meta
            .pages
            .iter()
            .map(|p| format!("fragment/{}.pf_fragment", p.hash))
            .collect();
        v.extend(
            self.meta
                .chunks
                .iter()
                .map(|c| format!("index/{}.pf_index", c.hash)),
        );
        v.extend(
            self.meta
                .filters
                .iter()
                .map(|f| format!("filter/{}.pf_filter", f.hash)),
        );
        v
    }

    fn fragment(&self, page: usize) -> serde_json::Value {
        let hash = &self.meta.pages[page].hash;
        serde_json::from_slice(&unpack(
            &self.dir.join(format!("fragment/{hash}.pf_fragment")),
        ))
        .expect("fragment JSON")
    }

    fn url(&self, page: usize) -> String {
        self.fragment(page)["url"]
            .as_str()
            .expect("url")
            .to_string()
    }

    /// The URL of every page in the index.
    pub fn urls(&self) -> BTreeSet<String> {
        (0..self.meta.pages.len()).map(|p| self.url(p)).collect()
    }

    /// The fragment (url, content, meta, filters, anchors) of the page at `url`.
    pub fn page(&self, url: &str) -> Option<serde_json::Value> {
        (0..self.meta.pages.len())
            .map(|p| self.fragment(p))
            .find(|f| f["url"] == url)
    }

    fn stem(&self, word: &str) -> String {
        use pagefind_stem::{Algorithm, Stemmer};
        let algorithm = match self.language.as_str() {
            "en" => Algorithm::English,
            _ => Algorithm::Swedish,
        };
        // pagefind takes the diacritics off a word before stemming it (å, ä → a, ö → o).
        let plain: String = word
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'å' | 'ä' | 'á' | 'à' => 'a',
                'ö' | 'ó' | 'ø' => 'o',
                'é' | 'è' | 'ë' => 'e',
                'ü' | 'ú' => 'u',
                c => c,
            })
            .collect();
        Stemmer::create(algorithm).stem(&plain).into_owned()
    }

    /// The files a browser fetches for its first query of `word` (see `examples/search_bytes.rs`):
    /// the entry, the runtime, the WebAssembly, the meta file, the word-index chunks that can
    /// hold the word or words it begins, and the fragments of the first `shown` results
    /// (no filter file: the search page has the filters' values, and pagefind fetches a
    /// filter's file only when it is used). Relative paths.
    pub fn first_query_files(&self, word: &str, shown: usize) -> Vec<String> {
        let stem = self.stem(word);
        let mut files: Vec<String> = ["pagefind-entry.json", "pagefind.js", "pagefind-worker.js"]
            .into_iter()
            .map(String::from)
            .collect();
        files.push(format!("wasm.{}.pagefind", self.language));
        let entry: serde_json::Value = serde_json::from_slice(
            &std::fs::read(self.dir.join("pagefind-entry.json")).expect("entry"),
        )
        .expect("entry JSON");
        let hash = entry["languages"][&self.language]["hash"]
            .as_str()
            .expect("hash");
        files.push(format!("pagefind.{hash}.pf_meta"));
        let mut pages = Vec::new();
        for chunk in &self.meta.chunks {
            if !(chunk.holds(&stem) || chunk.from.starts_with(&stem)) {
                continue;
            }
            files.push(format!("index/{}.pf_index", chunk.hash));
            let index: WordIndex = minicbor::decode(&unpack(
                &self.dir.join(format!("index/{}.pf_index", chunk.hash)),
            ))
            .expect("index CBOR");
            for w in index.words.iter().filter(|w| w.word.starts_with(&stem)) {
                let mut page = 0;
                for p in &w.pages {
                    page += p.page_delta;
                    if !pages.contains(&page) {
                        pages.push(page);
                    }
                }
            }
        }
        pages.sort_unstable();
        files.extend(
            pages
                .iter()
                .take(shown)
                .map(|&p| format!("fragment/{}.pf_fragment", self.meta.pages[p].hash)),
        );
        files
    }

    /// The URLs of the pages that hold `word` (stemmed like the index).
    pub fn find(&self, word: &str) -> BTreeSet<String> {
        let stem = self.stem(word);
        let mut found = BTreeSet::new();
        for chunk in &self.meta.chunks {
            if !chunk.holds(&stem) {
                continue;
            }
            let index: WordIndex = minicbor::decode(&unpack(
                &self.dir.join(format!("index/{}.pf_index", chunk.hash)),
            ))
            .expect("index CBOR");
            for w in index.words.iter().filter(|w| w.word == stem) {
                let mut page = 0;
                for p in &w.pages {
                    page += p.page_delta;
                    found.insert(self.url(page));
                }
            }
        }
        found
    }

    /// The URLs of the pages whose filter `name` has `value`.
    pub fn filter(&self, name: &str, value: &str) -> BTreeSet<String> {
        let Some(f) = self.meta.filters.iter().find(|f| f.filter == name) else {
            return BTreeSet::new();
        };
        let index: FilterIndex = minicbor::decode(&unpack(
            &self.dir.join(format!("filter/{}.pf_filter", f.hash)),
        ))
        .expect("filter CBOR");
        index
            .values
            .iter()
            .filter(|v| v.value == value)
            .flat_map(|v| v.pages.iter().map(|&p| self.url(p)))
            .collect()
    }

    /// The values filter `name` has.
    pub fn filter_values(&self, name: &str) -> BTreeSet<String> {
        let Some(f) = self.meta.filters.iter().find(|f| f.filter == name) else {
            return BTreeSet::new();
        };
        let index: FilterIndex = minicbor::decode(&unpack(
            &self.dir.join(format!("filter/{}.pf_filter", f.hash)),
        ))
        .expect("filter CBOR");
        index.values.into_iter().map(|v| v.value).collect()
    }
}
