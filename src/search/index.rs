//! Turns what the documents said into the index files: the postings of every stem, cut in
//! chunks of about [`CHUNK_BYTES`] by stem order, `meta.json` that lists where each chunk
//! starts, `filter.json`, and the fragments, every file name under the index's folder.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::fragment::string;
use super::lexicon::Words;
use super::DIR;
use crate::model::Lang;
use crate::render::{Content, OutputFile};

/// About how large a chunk of postings grows before the next one starts: a query loads one
/// chunk a word, seldom two (a stem found in every document of a 10,000-article site is
/// about 40 kB by itself).
const CHUNK_BYTES: usize = 24 * 1024;

/// How many documents' fragments one file `f/<n>.json` holds (documents `n * G` to
/// `n * G + G - 1`, as a JSON array). Two halve the files of the index (at 10,000 articles
/// each file cost a build some 16 µs of the kernel's time, 40 % of what the index added) for
/// about 50 kB more on a first query that shows ten results.
pub const FRAGMENTS_PER_FILE: usize = 2;

/// What the filters need of a document.
pub struct Facts<'d> {
    pub kind: &'static str,
    pub date: Option<Date>,
    pub school: Option<&'d str>,
    pub subjects: &'d [String],
}

/// A stem id (or document id) and a weight in one number: the id in the high 24 bits.
pub fn term(id: u32, weight: u8) -> u32 {
    (id << 8) | u32::from(weight)
}

fn id_of(t: u32) -> u32 {
    t >> 8
}

fn weight_of(t: u32) -> u32 {
    t & 0xff
}

/// The files of the index but the fragment files. `terms` are per document, in id order.
pub fn files(
    lang: Lang,
    facts: &[Facts],
    terms: Vec<Box<[u32]>>,
    mut hash: blake3::Hasher,
    words: Words,
) -> Vec<OutputFile> {
    // Postings (document and weight, [`term`]) of each stem, each made at its size.
    let mut df = vec![0usize; words.stems.len()];
    for t in terms.iter().flat_map(|ts| ts.iter()) {
        df[id_of(*t) as usize] += 1;
    }
    let mut postings: Vec<Vec<u32>> = df.into_iter().map(Vec::with_capacity).collect();
    for (doc, ts) in terms.into_iter().enumerate() {
        for t in ts {
            postings[id_of(t) as usize].push(term(doc as u32, weight_of(t) as u8));
        }
    }
    let mut order: Vec<u32> = (0..words.stems.len() as u32).collect();
    order.sort_unstable_by(|a, b| words.stems[*a as usize].cmp(&words.stems[*b as usize]));
    let cuts = cut(&order, &words, &postings);
    let firsts: Vec<&str> = cuts
        .iter()
        .map(|r| &*words.stems[order[r.start] as usize])
        .collect();
    // Words whose stem is not where they are (English `happy` → `happi`), in the chunk of the word.
    let mut moved: Vec<Vec<(&str, &str)>> = vec![Vec::new(); cuts.len()];
    for (id, forms) in words.forms.iter().enumerate() {
        let stem = &*words.stems[id];
        for w in forms.iter().filter(|w| !w.starts_with(stem)) {
            let at = firsts.partition_point(|f| *f <= &**w).saturating_sub(1);
            moved[at].push((w, stem));
        }
    }
    let chunks: Vec<Vec<u8>> = cuts
        .par_iter()
        .zip(moved.par_iter_mut())
        .map(|(range, moved)| {
            moved.sort_unstable();
            chunk(&order[range.clone()], &words, &postings, moved)
        })
        .collect();
    let filter = filter_file(facts);

    for bytes in chunks.iter().chain([&filter]) {
        hash.update(&(bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    let build = hash.finalize().to_hex()[..16].to_string();
    let meta = Meta {
        v: 2,
        build: &build,
        lang: lang.code(),
        docs: facts.len(),
        per_file: FRAGMENTS_PER_FILE,
        dated: facts.iter().filter(|f| f.date.is_some()).count(),
        years: years(facts),
        chunks: firsts,
    };
    let meta = serde_json::to_vec(&meta).unwrap_or_default();

    let mut out = Vec::with_capacity(chunks.len() + 2);
    out.push(file("meta.json".into(), meta));
    out.push(file("filter.json".into(), filter));
    out.extend(
        chunks
            .into_iter()
            .enumerate()
            .map(|(n, c)| file(format!("ord/{n}.json"), c)),
    );
    out
}

/// The path of fragment file `n` in the output.
pub fn fragment_path(n: usize) -> String {
    format!("{DIR}/f/{n}.json")
}

fn file(name: String, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path: format!("{DIR}/{name}"),
        content: Content::Bytes(bytes),
    }
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    build: &'a str,
    lang: &'static str,
    docs: usize,
    /// Fragments a file ([`FRAGMENTS_PER_FILE`]).
    #[serde(rename = "g")]
    per_file: usize,
    dated: usize,
    years: Vec<(i16, usize)>,
    chunks: Vec<&'a str>,
}

/// `[year, first id]` for each year of the dated documents, newest first.
fn years(facts: &[Facts]) -> Vec<(i16, usize)> {
    let mut out: Vec<(i16, usize)> = Vec::new();
    for (id, f) in facts.iter().enumerate() {
        if let Some(d) = f.date {
            if out.last().is_none_or(|l| l.0 != d.year()) {
                out.push((d.year(), id));
            }
        }
    }
    out
}

/// The ranges of `order` that make the chunks.
fn cut(order: &[u32], words: &Words, postings: &[Vec<u32>]) -> Vec<std::ops::Range<usize>> {
    let mut cuts = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (n, &id) in order.iter().enumerate() {
        let id = id as usize;
        if size >= CHUNK_BYTES {
            cuts.push(start..n);
            (start, size) = (n, 0);
        }
        size += words.stems[id].len()
            + words.forms[id].iter().map(|f| f.len() + 3).sum::<usize>()
            + postings[id].len() * 5
            + 12;
    }
    if start < order.len() || cuts.is_empty() {
        cuts.push(start..order.len());
    }
    cuts
}

/// One chunk: `{"s":{stem:[[forms],[delta,weight,…]],…},"x":{word:stem,…}}`.
fn chunk(ids: &[u32], words: &Words, postings: &[Vec<u32>], moved: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(CHUNK_BYTES + CHUNK_BYTES / 4);
    let mut num = itoa::Buffer::new();
    out.extend_from_slice(b"{\"s\":{");
    for (n, &id) in ids.iter().enumerate() {
        let id = id as usize;
        if n > 0 {
            out.push(b',');
        }
        string(&mut out, &words.stems[id]);
        out.extend_from_slice(b":[[");
        for (k, f) in words.forms[id].iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            string(&mut out, f);
        }
        out.extend_from_slice(b"],[");
        let mut last = 0;
        for (k, &p) in postings[id].iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(num.format(id_of(p) - last).as_bytes());
            out.push(b',');
            out.extend_from_slice(num.format(weight_of(p)).as_bytes());
            last = id_of(p);
        }
        out.extend_from_slice(b"]]");
    }
    out.extend_from_slice(b"},\"x\":{");
    for (n, (w, stem)) in moved.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        string(&mut out, w);
        out.push(b':');
        string(&mut out, stem);
    }
    out.extend_from_slice(b"}}");
    out
}

/// `filter.json`: kind, subject id and school slug → ascending ids, as deltas.
fn filter_file(facts: &[Facts]) -> Vec<u8> {
    let mut kind: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut subject: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut school: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, f) in facts.iter().enumerate() {
        let id = id as u32;
        kind.entry(f.kind).or_default().push(id);
        for s in f.subjects {
            subject.entry(s).or_default().push(id);
        }
        if let Some(name) = f.school {
            school
                .entry(crate::link::schools::slug(name))
                .or_default()
                .push(id);
        }
    }
    #[derive(Serialize)]
    struct Filter<'a> {
        kind: BTreeMap<&'a str, Vec<u32>>,
        subject: BTreeMap<&'a str, Vec<u32>>,
        school: BTreeMap<String, Vec<u32>>,
    }
    let filter = Filter {
        kind: deltas(kind),
        subject: deltas(subject),
        school: deltas(school),
    };
    serde_json::to_vec(&filter).unwrap_or_default()
}

fn deltas<K: Ord>(m: BTreeMap<K, Vec<u32>>) -> BTreeMap<K, Vec<u32>> {
    m.into_iter()
        .map(|(k, ids)| {
            let mut last = 0;
            let d = ids
                .into_iter()
                .map(|id| {
                    let d = id - last;
                    last = id;
                    d
                })
                .collect();
            (k, d)
        })
        .collect()
}
