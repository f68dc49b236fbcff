//! A document's fragment, one of the two in a file `sok/f/<n>.json`: its address, title and
//! facts, and its text by section, from which the search page shows results and snippets.
//! Written by hand rather than through serde: the text of a 10,000-article site is some 50 MB,
//! and escaping it a byte at a time was a sixth of the index's time. A line break in the text
//! (with the spaces around it) becomes one space, as a browser shows it; the snippets lose
//! nothing by it.

use super::text::Section;

/// What a fragment says besides the text.
pub struct Head<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub kind: &'a str,
    pub date: Option<String>,
    pub school: Option<&'a str>,
    pub subjects: Vec<&'a str>,
    pub draft: bool,
}

/// Appends the fragment's JSON to `out`: `{"u","t","k","d"?,"c"?,"a","x"?,"s"}`, `s` being
/// `["", text]` for the text before the first heading and `[anchor, heading, text]` for each
/// section after.
pub fn json(out: &mut Vec<u8>, head: &Head, sections: &[Section]) {
    // Made at about its size: grown from a few bytes, a long text would be copied often.
    let size: usize = sections
        .iter()
        .map(|s| s.anchor.len() + s.heading.len() + s.text.len() + 16)
        .sum();
    out.reserve(size + head.url.len() + head.title.len() + 128);
    out.extend_from_slice(b"{\"u\":");
    string(out, head.url);
    out.extend_from_slice(b",\"t\":");
    string(out, head.title);
    out.extend_from_slice(b",\"k\":");
    string(out, head.kind);
    if let Some(d) = &head.date {
        out.extend_from_slice(b",\"d\":");
        string(out, d);
    }
    if let Some(c) = head.school {
        out.extend_from_slice(b",\"c\":");
        string(out, c);
    }
    out.extend_from_slice(b",\"a\":[");
    for (n, a) in head.subjects.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        string(out, a);
    }
    out.push(b']');
    if head.draft {
        out.extend_from_slice(b",\"x\":1");
    }
    out.extend_from_slice(b",\"s\":[");
    for (n, s) in sections.iter().enumerate() {
        if n == 0 {
            out.extend_from_slice(b"[\"\",");
        } else {
            out.extend_from_slice(b",[");
            string(out, &s.anchor);
            out.push(b',');
            string(out, s.heading.trim());
            out.push(b',');
        }
        string(out, s.text.trim());
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
}

/// `s` as a JSON string, for the fragments and the word chunks alike. Runs of bytes that need
/// no escape are copied 16 at a time; a line break or tab, with the spaces and line breaks
/// around it, becomes one space (words have neither).
pub fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let b = s.as_bytes();
    let (mut from, mut i) = (0, 0);
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 16) {
            if !chunk.iter().fold(false, |any, &c| any | special(c)) {
                i += 16;
                continue;
            }
        }
        let c = b[i];
        if !special(c) {
            i += 1;
            continue;
        }
        out.extend_from_slice(&b[from..i]);
        i += 1;
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' | b'\r' | b'\t' => {
                while out.last() == Some(&b' ') {
                    out.pop();
                }
                out.push(b' ');
                while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
                    i += 1;
                }
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xf)]);
            }
        }
        from = i;
    }
    out.extend_from_slice(&b[from..]);
    out.push(b'"');
}

/// A byte that a JSON string cannot hold as it is: a control character, `"` or `\`.
fn special(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_of(s: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, s);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn strings_read_back_as_they_were_but_line_breaks_become_one_space() {
        let samples = [
            "",
            "vanlig text",
            "citat \"så\" och \\ snedstreck",
            "kontroll\u{1}tecken\u{1f} och \u{7f}",
            "Åäö é – \u{a0} 東京 😀",
            "sexton tecken ok\"sexton tecken ok\\sexton tecken ok",
        ];
        for s in samples {
            let back: String = serde_json::from_str(&json_of(s)).expect("valid JSON");
            assert_eq!(back, s);
        }
        let back: String =
            serde_json::from_str(&json_of("rad ett  \n  rad två\r\n\ttre\n")).expect("JSON");
        assert_eq!(back, "rad ett rad två tre ");
    }

    #[test]
    fn a_fragment_is_the_json_the_search_page_reads() {
        let sections = [
            Section {
                text: " Inledning\nmed radbrytning. ".into(),
                ..Section::default()
            },
            Section {
                anchor: "varfor".into(),
                heading: "Varför? ".into(),
                text: "Därför \"så\".".into(),
            },
        ];
        let head = Head {
            url: "/artiklar/x/",
            title: "En <titel>",
            kind: "article",
            date: Some("2024-03-04".into()),
            school: Some("Tallåsskolan"),
            subjects: vec!["Språk", "Blandade ämnen"],
            draft: true,
        };
        let mut out = Vec::new();
        json(&mut out, &head, &sections);
        let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(
            v,
            serde_json::json!({
                "u": "/artiklar/x/", "t": "En <titel>", "k": "article", "d": "2024-03-04",
                "c": "Tallåsskolan", "a": ["Språk", "Blandade ämnen"], "x": 1,
                "s": [["", "Inledning med radbrytning."], ["varfor", "Varför?", "Därför \"så\"."]]
            })
        );
        let plain = Head {
            date: None,
            school: None,
            subjects: Vec::new(),
            draft: false,
            ..head
        };
        let mut out = Vec::new();
        json(&mut out, &plain, &sections[..1]);
        let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(
            v,
            serde_json::json!({"u": "/artiklar/x/", "t": "En <titel>", "k": "article", "a": [],
                "s": [["", "Inledning med radbrytning."]]})
        );
    }
}
