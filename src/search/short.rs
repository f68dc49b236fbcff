//! A thread's table of the short words it has met (up to 16 bytes, nearly every word of a
//! text) and their stem ids, looked up without hashing a string or calling `memcmp`: a word
//! is two 64-bit numbers read straight from the text and masked to its length, hashed with
//! one multiplication and compared as numbers. At 10,000 articles this is some 7 million
//! look-ups, and the general `HashMap<Box<str>, _>` spent about 25 ns on each, mostly on
//! branches that depend on the word's length.

/// The longest word the table holds, in bytes.
pub const MAX: usize = 16;

/// A word of at most [`MAX`] bytes as two numbers (its bytes, little-endian, zero past its end)
/// and its length.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Key {
    lo: u64,
    hi: u64,
    len: u32,
}

impl Key {
    /// The key of a word of `len` bytes that starts `rest` (the text from the word on), or
    /// None when the word is longer than [`MAX`].
    pub fn of(rest: &[u8], len: usize) -> Option<Key> {
        if len > MAX || len > rest.len() {
            return None;
        }
        let (lo, hi) = match rest.get(..MAX) {
            // Two loads, then the bytes past the word masked away.
            Some(b) => {
                let (a, z) = b.split_at(8);
                (le(a), le(z))
            }
            // Near the end of the text: copied into a padded buffer first.
            None => {
                let mut buf = [0u8; MAX];
                buf[..len].copy_from_slice(&rest[..len]);
                let (a, z) = buf.split_at(8);
                (le(a), le(z))
            }
        };
        Some(Key {
            lo: lo & MASK_LO[len],
            hi: hi & MASK_HI[len],
            len: len as u32,
        })
    }

    fn slot(&self, mask: usize) -> usize {
        let h = (self.lo ^ self.hi.rotate_left(29) ^ u64::from(self.len))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 40) as usize & mask
    }
}

fn le(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    u64::from_le_bytes(a)
}

/// For a word of n bytes, the bits of its first eight bytes, and of its next eight.
static MASK_LO: [u64; MAX + 1] = masks(0);
static MASK_HI: [u64; MAX + 1] = masks(8);

const fn masks(skip: usize) -> [u64; MAX + 1] {
    let mut m = [0u64; MAX + 1];
    let mut n = 0;
    while n <= MAX {
        let bytes = n.saturating_sub(skip);
        m[n] = if bytes >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * bytes)) - 1
        };
        n += 1;
    }
    m
}

/// A key and its id in 24 bytes.
#[derive(Clone, Copy)]
struct Slot {
    lo: u64,
    hi: u64,
    len: u32,
    id: u32,
}

impl Slot {
    fn holds(&self, key: &Key) -> bool {
        self.lo == key.lo && self.hi == key.hi && self.len == key.len
    }

    fn key(&self) -> Key {
        Key {
            lo: self.lo,
            hi: self.hi,
            len: self.len,
        }
    }
}

const EMPTY: Slot = Slot {
    lo: 0,
    hi: 0,
    len: 0,
    id: 0,
};

/// Open addressing, linear probing, at most half full; a slot of length 0 is empty (no word
/// is empty).
#[derive(Default)]
pub struct Table {
    slots: Vec<Slot>,
    used: usize,
}

impl Table {
    /// The id of `key`, or the one `miss` gives, which is kept.
    pub fn get_or(&mut self, key: Key, miss: impl FnOnce() -> u32) -> u32 {
        if key.len == 0 {
            return miss();
        }
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; 1024];
        }
        let mask = self.slots.len() - 1;
        let mut i = key.slot(mask);
        loop {
            let s = self.slots[i];
            if s.holds(&key) {
                return s.id;
            }
            if s.len == 0 {
                break;
            }
            i = (i + 1) & mask;
        }
        let id = miss();
        self.slots[i] = Slot {
            lo: key.lo,
            hi: key.hi,
            len: key.len,
            id,
        };
        self.used += 1;
        if self.used * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let bigger = vec![EMPTY; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|s| s.len != 0) {
            let mut i = s.key().slot(mask);
            while self.slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    pub fn clear(&mut self) {
        self.slots.clear();
        self.used = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_the_word_whatever_follows_it_and_wherever_it_stands() {
        let text = "skola skolan skolornas matematikundervisningen x";
        let at = |w: &str| text.find(w).expect("in the text");
        let key = |w: &str| Key::of(&text.as_bytes()[at(w)..], w.len());
        // "skola" followed by " skolan…" and by "n skolor…", and alone at the end of a text.
        assert_eq!(key("skola"), Key::of(b"skola", 5));
        assert_eq!(Key::of(&b"skolan"[..], 5), Key::of(b"skola", 5));
        assert_ne!(key("skolan"), key("skola"));
        assert_ne!(Key::of(b"skolornas", 9), Key::of(b"skolornaz", 9));
        // Lengths 8 and 16 exactly, and one past the longest.
        assert!(Key::of(b"abcdefgh", 8).is_some());
        assert_ne!(
            Key::of(b"abcdefghijklmnop", 16),
            Key::of(b"abcdefghijklmnoq", 16)
        );
        assert_eq!(key("matematikundervisningen"), None);
    }

    #[test]
    fn the_table_gives_each_word_the_id_it_got_first_through_growing() {
        let mut t = Table::default();
        let words: Vec<String> = (0..5000).map(|n| format!("ord{n}")).collect();
        for (n, w) in words.iter().enumerate() {
            let key = Key::of(w.as_bytes(), w.len()).expect("short");
            assert_eq!(t.get_or(key, || n as u32), n as u32);
        }
        for (n, w) in words.iter().enumerate() {
            let key = Key::of(w.as_bytes(), w.len()).expect("short");
            assert_eq!(t.get_or(key, || panic!("{w} was met")), n as u32);
        }
        t.clear();
        let key = Key::of(b"ord1", 4).expect("short");
        assert_eq!(t.get_or(key, || 7), 7);
    }
}
