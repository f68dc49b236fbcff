//! The words of one search index and their stems: every word is lowercased and stemmed once
//! per index (Snowball, by `rust-stemmers`, Swedish or English by the site's language), and
//! each thread remembers the words it has met as they were written, so that the millions of
//! words of a large site cost a hash lookup each, not a lowercasing, a stemming and a lock.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rust_stemmers::{Algorithm, Stemmer};

use super::index::term;
use super::short::{Key, Table};
use crate::model::Lang;

/// The words met and their stems, shared by the threads that index one site.
pub struct Lexicon {
    stemmer: Stemmer,
    /// Tells this lexicon's entries in a thread's memory from those of an earlier one.
    generation: u64,
    shared: Mutex<Shared>,
}

#[derive(Default)]
struct Shared {
    /// Lowercased word → stem id.
    words: Map<u32>,
    /// Stem → stem id.
    ids: Map<u32>,
    /// Stem id → stem.
    stems: Vec<Box<str>>,
}

/// What an index needs of the words once every document is read.
pub struct Words {
    /// Stem id → stem.
    pub stems: Vec<Box<str>>,
    /// Stem id → the words met that stem to it, sorted.
    pub forms: Vec<Vec<Box<str>>>,
}

/// A thread's memory of the words of one lexicon, and the tally of the document it reads.
pub struct Known<'l> {
    lexicon: &'l Lexicon,
    met: &'l mut Map<u32>,
    short: &'l mut Table,
    tally: &'l mut Tally,
}

/// One document's weight per stem, summed as its words are met: a slot per stem id (0 for a
/// stem not met yet, as every weight is at least 1) and the ids met, so that a document's
/// terms are its distinct stems, not every word it has.
#[derive(Default)]
struct Tally {
    weight: Vec<u8>,
    met: Vec<u32>,
}

impl Known<'_> {
    /// The stem id of a word, as it is written.
    fn stem_id(&mut self, word: &str) -> u32 {
        Self::id_in(self.lexicon, self.met, word)
    }

    fn id_in(lexicon: &Lexicon, met: &mut Map<u32>, word: &str) -> u32 {
        if let Some(&id) = met.get(word) {
            return id;
        }
        let id = lexicon.shared_id(word);
        met.insert(word.into(), id);
        id
    }

    /// Counts a word of the document being read, with the weight of where it stands; weights
    /// of one stem add up to 255 at most. `rest` is the text from the word's start on: a short
    /// word is looked up by its first bytes ([`short`](super::short)).
    pub fn count(&mut self, word: &str, rest: &[u8], weight: u8) {
        let id = match Key::of(rest, word.len()) {
            Some(key) => {
                let (lexicon, met) = (self.lexicon, &mut *self.met);
                self.short.get_or(key, || Self::id_in(lexicon, met, word))
            }
            None => self.stem_id(word),
        };
        let tally = &mut *self.tally;
        let slot = id as usize;
        if slot >= tally.weight.len() {
            tally.weight.resize((slot + 1).next_power_of_two(), 0);
        }
        let w = &mut tally.weight[slot];
        if *w == 0 {
            tally.met.push(id);
        }
        *w = w.saturating_add(weight);
    }

    /// The terms of the words counted since the last call ([`term`]: stem id and summed
    /// weight), one per stem, in the order first met; the tally is empty again after it.
    pub fn terms(&mut self) -> Box<[u32]> {
        let tally = &mut *self.tally;
        let terms = tally
            .met
            .iter()
            .map(|&id| term(id, std::mem::take(&mut tally.weight[id as usize])))
            .collect();
        tally.met.clear();
        terms
    }
}

static GENERATION: AtomicU64 = AtomicU64::new(0);

type Map<V> = HashMap<Box<str>, V, rustc_hash::FxBuildHasher>;

thread_local! {
    /// This thread's memory of one lexicon: its generation, word as written → stem id, the
    /// tally of the document it reads, and the short words met ([`Table`]).
    static MET: RefCell<(u64, Map<u32>, Tally, Table)> =
        RefCell::new((0, Map::default(), Tally::default(), Table::default()));
}

impl Lexicon {
    pub fn new(lang: Lang) -> Lexicon {
        let algorithm = match lang {
            Lang::Sv => Algorithm::Swedish,
            Lang::En => Algorithm::English,
        };
        Lexicon {
            stemmer: Stemmer::create(algorithm),
            generation: GENERATION.fetch_add(1, Ordering::Relaxed) + 1,
            shared: Mutex::new(Shared::default()),
        }
    }

    /// Runs `f` with this thread's memory of the words of this lexicon, which tells the stem
    /// id of a word as it is written ([`Known::stem_id`]).
    pub fn with_known<R>(&self, f: impl FnOnce(&mut Known<'_>) -> R) -> R {
        MET.with(|met| {
            let mut met = met.borrow_mut();
            let met = &mut *met;
            if met.0 != self.generation {
                met.0 = self.generation;
                met.1.clear();
                met.2 = Tally::default();
                met.3.clear();
            }
            f(&mut Known {
                lexicon: self,
                met: &mut met.1,
                tally: &mut met.2,
                short: &mut met.3,
            })
        })
    }

    /// The stem id of a word, as it is written.
    #[cfg(test)]
    pub fn stem_id(&self, word: &str) -> u32 {
        self.with_known(|k| k.stem_id(word))
    }

    fn shared_id(&self, written: &str) -> u32 {
        let word = written.to_lowercase();
        let word = word.as_str();
        let known = self.lock().words.get(word).copied();
        if let Some(id) = known {
            return id;
        }
        let stem = self.stemmer.stem(word);
        let mut shared = self.lock();
        let next = shared.stems.len() as u32;
        let id = match shared.ids.get(stem.as_ref()) {
            Some(&id) => id,
            None => {
                shared.ids.insert(stem.as_ref().into(), next);
                shared.stems.push(stem.as_ref().into());
                next
            }
        };
        shared.words.insert(word.into(), id);
        id
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The stems and the words of each, once every document is read.
    pub fn finish(self) -> Words {
        let shared = self.shared.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut forms: Vec<Vec<Box<str>>> = vec![Vec::new(); shared.stems.len()];
        for (word, id) in shared.words {
            forms[id as usize].push(word);
        }
        for f in &mut forms {
            f.sort_unstable();
        }
        Words {
            stems: shared.stems,
            forms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_forms_of_a_word_share_a_stem() {
        let lex = Lexicon::new(Lang::Sv);
        let a = lex.stem_id("matematiken");
        assert_eq!(lex.stem_id("matematik"), a);
        assert_eq!(lex.stem_id("skolornas"), lex.stem_id("skola"));
        assert_ne!(lex.stem_id("skola"), a);
        let words = lex.finish();
        assert_eq!(&*words.stems[a as usize], "matematik");
        assert_eq!(
            words.forms[a as usize],
            vec![Box::from("matematik"), Box::from("matematiken")]
        );
    }

    #[test]
    fn a_new_lexicon_does_not_see_what_an_earlier_one_met() {
        let first = Lexicon::new(Lang::Sv);
        first.stem_id("skola");
        let second = Lexicon::new(Lang::En);
        assert_eq!(second.stem_id("running"), 0);
        assert_eq!(&*second.finish().stems[0], "run");
    }
}
