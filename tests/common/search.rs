//! A reader of a built site's search index (`sok/`), querying it the way the theme's `sok.js`
//! does (docs/teman.md, "Sökindexet"): words resolved to stems through the chunk that
//! `meta.json` names, documents that have every word, ranked, filtered and read from their
//! fragments. Counts which files a query fetched and their bytes.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

/// Gives the bytes of a file of the index by its path under `sok/`.
type Fetch = Box<dyn FnMut(&str) -> Vec<u8>>;

pub struct Index {
    fetch: Fetch,
    pub meta: Value,
    chunks: HashMap<usize, Value>,
    /// Files read so far (relative to `sok/`), with their sizes.
    pub fetched: BTreeMap<String, usize>,
}

/// One result, read from its fragment.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: usize,
    pub url: String,
    pub title: String,
    pub kind: String,
    pub draft: bool,
    pub fragment: Value,
}

pub enum Order {
    Relevance,
    Newest,
}

impl Index {
    /// The index in `sok/` of a built site's output folder.
    pub fn open(out: &Path) -> Index {
        let dir = out.join("sok");
        Index::with(move |rel| {
            std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
        })
    }

    /// An index whose files (path under `sok/`) `fetch` gives, as a server would.
    pub fn with(fetch: impl FnMut(&str) -> Vec<u8> + 'static) -> Index {
        let mut ix = Index {
            fetch: Box::new(fetch),
            meta: Value::Null,
            chunks: HashMap::new(),
            fetched: BTreeMap::new(),
        };
        ix.meta = ix.json("meta.json");
        ix
    }

    /// A file of the index (path under `sok/`), parsed.
    pub fn json(&mut self, rel: &str) -> Value {
        let bytes = (self.fetch)(rel);
        self.fetched.insert(rel.to_string(), bytes.len());
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn chunk_of(&self, key: &str) -> usize {
        let firsts = self.meta["chunks"].as_array().expect("chunks");
        firsts
            .iter()
            .take_while(|f| f.as_str().expect("chunk key") <= key)
            .count()
            .saturating_sub(1)
    }

    fn chunk(&mut self, key: &str) -> &Value {
        let n = self.chunk_of(key);
        if !self.chunks.contains_key(&n) {
            let v = self.json(&format!("ord/{n}.json"));
            self.chunks.insert(n, v);
        }
        &self.chunks[&n]
    }

    fn stem_entry(&mut self, stem: &str) -> Option<Value> {
        self.chunk(stem)["s"].get(stem).cloned()
    }

    /// The stems a query word stands for (see docs/teman.md).
    pub fn stems(&mut self, word: &str) -> Vec<String> {
        let w = word.to_lowercase();
        if let Some(stem) = self.chunk(&w)["x"].get(&w).and_then(Value::as_str) {
            return vec![stem.to_string()];
        }
        let prefixes: Vec<String> = (2..=w.chars().count())
            .rev()
            .map(|n| w.chars().take(n).collect())
            .collect();
        let mut longest_known = None;
        let len = w.chars().count();
        for p in &prefixes {
            if let Some(entry) = self.stem_entry(p) {
                let forms = entry[0].as_array().expect("forms");
                if forms.iter().any(|f| f.as_str() == Some(&w)) {
                    return vec![p.clone()];
                }
                let cut = len - p.chars().count();
                if longest_known.is_none() && p.chars().count() >= 3 && cut <= 5 {
                    longest_known = Some(p.clone());
                }
            }
        }
        if let Some(p) = longest_known {
            return vec![p];
        }
        if w.chars().count() >= 3 {
            let s = self.chunk(&w)["s"].as_object().expect("s").clone();
            return s.keys().filter(|k| k.starts_with(&w)).cloned().collect();
        }
        Vec::new()
    }

    /// Documents (id → weight) of a stem.
    fn postings(&mut self, stem: &str) -> BTreeMap<usize, u64> {
        let Some(entry) = self.stem_entry(stem) else {
            return BTreeMap::new();
        };
        let flat: Vec<u64> = entry[1]
            .as_array()
            .expect("postings")
            .iter()
            .map(|v| v.as_u64().expect("number"))
            .collect();
        let mut out = BTreeMap::new();
        let mut id = 0;
        for pair in flat.chunks(2) {
            id += pair[0] as usize;
            out.insert(id, pair[1]);
        }
        out
    }

    /// Ids of the documents that have every word of `query`, best first (or newest first).
    pub fn search(&mut self, query: &str, order: Order) -> Vec<usize> {
        let docs = self.meta["docs"].as_f64().expect("docs");
        let mut scores: Option<BTreeMap<usize, f64>> = None;
        for word in query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
        {
            let mut found: BTreeMap<usize, u64> = BTreeMap::new();
            for stem in self.stems(word) {
                for (id, w) in self.postings(&stem) {
                    let e = found.entry(id).or_default();
                    *e = (*e).max(w);
                }
            }
            let idf = (1.0 + docs / found.len().max(1) as f64).ln();
            let here: BTreeMap<usize, f64> = found
                .into_iter()
                .map(|(id, w)| (id, idf * w as f64 / (w as f64 + 2.0)))
                .collect();
            scores = Some(match scores {
                None => here,
                Some(s) => s
                    .into_iter()
                    .filter_map(|(id, v)| here.get(&id).map(|h| (id, v + h)))
                    .collect(),
            });
        }
        let mut hits: Vec<(usize, f64)> = scores.unwrap_or_default().into_iter().collect();
        match order {
            Order::Relevance => hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))),
            Order::Newest => hits.sort_by_key(|h| h.0),
        }
        hits.into_iter().map(|h| h.0).collect()
    }

    /// The ids a filter (`kind`, `subject` or `school`) lets through for `value`.
    pub fn filter(&mut self, facet: &str, value: &str) -> BTreeSet<usize> {
        let f = self.json("filter.json");
        let mut id = 0;
        f[facet][value]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|d| {
                        id += d.as_u64().expect("delta") as usize;
                        id
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The ids of a year, from `meta.years`.
    pub fn year(&self, year: i64) -> BTreeSet<usize> {
        let years = self.meta["years"].as_array().expect("years");
        let dated = self.meta["dated"].as_u64().expect("dated") as usize;
        for (n, y) in years.iter().enumerate() {
            if y[0].as_i64() == Some(year) {
                let from = y[1].as_u64().expect("first") as usize;
                let to = years
                    .get(n + 1)
                    .map_or(dated, |next| next[1].as_u64().expect("first") as usize);
                return (from..to).collect();
            }
        }
        BTreeSet::new()
    }

    pub fn hit(&mut self, id: usize) -> Hit {
        // A file holds the fragments of `g` documents in a row, as an array.
        let per_file = self.meta["g"].as_u64().expect("g") as usize;
        let file = self.json(&format!("f/{}.json", id / per_file));
        let f = file[id % per_file].clone();
        Hit {
            id,
            url: f["u"].as_str().expect("u").to_string(),
            title: f["t"].as_str().expect("t").to_string(),
            kind: f["k"].as_str().expect("k").to_string(),
            draft: f["x"].as_u64() == Some(1),
            fragment: f,
        }
    }

    /// URLs of the results of `query`, best first.
    pub fn urls(&mut self, query: &str) -> Vec<String> {
        self.search(query, Order::Relevance)
            .into_iter()
            .map(|id| self.hit(id).url)
            .collect()
    }

    /// Bytes of every file read so far.
    pub fn bytes_fetched(&self) -> usize {
        self.fetched.values().sum()
    }
}
