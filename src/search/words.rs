//! The words of a text for the search index: runs of letters and digits (as
//! `char::is_alphanumeric` says) of at least two characters. The scan is the index's hottest
//! loop (some 50 MB of text at 10,000 articles), so ASCII is taken eight bytes at a time: one
//! 64-bit number whose bytes are tested for letters and digits with a few additions and masks,
//! the first byte that ends a run found by counting trailing zeros. å, ä, ö and the rest of
//! Latin-1 are taken without decoding; any other character past ASCII is decoded.

/// Hands every word of `text` to `f`, as it is written, with the bytes of the text from the
/// word's start to its end (for a look-up that reads the first 16 bytes of a word at once,
/// see [`super::short`]).
pub fn words(text: &str, mut f: impl FnMut(&str, &[u8])) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        i = past(b, i, Run::Other);
        if i >= b.len() {
            break;
        }
        let start = i;
        loop {
            i = past(b, i, Run::Alnum);
            // Then å, ä, ö, é and the other letters of Latin-1 (two bytes, the first 0xC3;
            // not × and ÷), without decoding; then any other character past ASCII, decoded.
            match b.get(i..i + 2) {
                Some([0xc3, second]) if *second != 0x97 && *second != 0xb7 => i += 2,
                Some([first, ..]) if *first >= 0x80 => match text[i..].chars().next() {
                    Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        if i == start {
            // Past the character that is not a letter or digit.
            i += utf8_width(b[i]);
        } else if i - start > utf8_width(b[start]) {
            f(&text[start..i], &b[start..]);
        }
    }
}

/// Which run of ASCII bytes [`past`] goes past.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    /// Letters and digits.
    Alnum,
    /// Neither (spaces, punctuation).
    Other,
}

/// The index of the first byte from `i` on that is not in the run: a byte past ASCII ends
/// either run.
fn past(b: &[u8], mut i: usize, run: Run) -> usize {
    while let Some(eight) = b.get(i..i + 8) {
        let mut x = [0u8; 8];
        x.copy_from_slice(eight);
        let x = u64::from_le_bytes(x);
        let alnum = alnum_bytes(x);
        let ends = match run {
            Run::Alnum => !alnum & HIGH,
            Run::Other => alnum | (x & HIGH),
        };
        if ends != 0 {
            return i + (ends.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] < 0x80 && ASCII_ALNUM[usize::from(b[i])] == (run == Run::Alnum) {
        i += 1;
    }
    i
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is an ASCII letter or digit.
fn alnum_bytes(x: u64) -> u64 {
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    let digit = within(low, b'0', b'9');
    let letter = within(low | (0x20 * ONES), b'a', b'z');
    (digit | letter) & ascii
}

/// The high bit of each byte of `x` (each under 0x80) from `lo` to `hi`: adding `0x80 - lo`
/// sets a byte's high bit when it is at least `lo`, adding `0x7f - hi` when it is over `hi`,
/// and neither sum carries into the next byte.
fn within(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least = x + u64::from(0x80 - lo) * ONES;
    let over = x + u64::from(0x7f - hi) * ONES;
    at_least & !over & HIGH
}

/// The ASCII letters and digits, by byte.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// The length of the character a UTF-8 sequence starts with, from its first byte.
fn utf8_width(first: u8) -> usize {
    match first {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut seen = Vec::new();
        words(text, |w, rest| {
            assert!(rest.starts_with(w.as_bytes()));
            seen.push(w.to_string());
        });
        seen
    }

    /// The definition, a character at a time.
    fn by_chars(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for run in text.split(|c: char| !c.is_alphanumeric()) {
            if run.chars().count() >= 2 {
                out.push(run.to_string());
            }
        }
        out
    }

    #[test]
    fn words_are_runs_of_two_or_more_letters_or_digits() {
        assert_eq!(
            all("Å, ö1 ék 2024: x – Ω Ωm 東京 a-b naïve\u{a0}café"),
            ["ö1", "ék", "2024", "Ωm", "東京", "naïve", "café"]
        );
    }

    #[test]
    fn words_agree_with_unicode_letters_and_digits_for_every_latin1_character() {
        // The fast path takes every character written 0xC3 0x80..=0xBF (U+00C0..=U+00FF) as a
        // letter but × and ÷: the same as `char::is_alphanumeric` says, character by character.
        for c in '\u{80}'..='\u{24f}' {
            let text = format!("x{c}y");
            assert_eq!(all(&text), by_chars(&text), "{c:?}");
        }
    }

    #[test]
    fn every_ascii_byte_is_told_right_eight_at_a_time() {
        // Each byte value in each of the eight places of a number, between letters.
        for c in 0u8..0x80 {
            for at in 0..8 {
                let mut bytes = *b"abcdefghijklmnop";
                bytes[at] = c;
                let text = std::str::from_utf8(&bytes).expect("ASCII");
                assert_eq!(all(text), by_chars(text), "{c:#x} at {at}");
            }
        }
    }

    #[test]
    fn words_agree_with_the_definition_on_random_texts() {
        let alphabet: Vec<char> = "aZ09 .,-–\n\tåÄöé×÷ßΩ東😀\u{a0}\u{300}ǅ_@[`{"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let text: String = (0..len)
                .map(|k| alphabet[((seed >> (k % 50)) as usize + k * 7) % alphabet.len()])
                .collect();
            assert_eq!(all(&text), by_chars(&text), "{text:?}");
        }
    }
}
