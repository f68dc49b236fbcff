//! Documents in `media/` (PDF, Word, spreadsheets, …): a link to one is shown with its type
//! and size in the site's language, as municipal sites do ("PDF, 285 kB" / "PDF, 285 KB"),
//! and articles and initiatives may list them under `attachments:`.

use std::path::Path;

use serde::Serialize;

use crate::model::Lang;

/// Document extensions and the type name shown for them.
const KINDS: &[(&str, &str)] = &[
    ("pdf", "PDF"),
    ("doc", "DOC"),
    ("docx", "DOCX"),
    ("odt", "ODT"),
    ("rtf", "RTF"),
    ("txt", "TXT"),
    ("xls", "XLS"),
    ("xlsx", "XLSX"),
    ("ods", "ODS"),
    ("csv", "CSV"),
    ("ppt", "PPT"),
    ("pptx", "PPTX"),
    ("odp", "ODP"),
    ("zip", "ZIP"),
];

/// The type name of a document path (`media/plan.pdf` → `PDF`); None for anything else.
pub fn kind(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    KINDS.iter().find(|(e, _)| *e == ext).map(|(_, k)| *k)
}

/// A file size as people read it, in decimal units: sv "850 byte", "285 kB", "1,2 MB";
/// en "850 bytes", "285 KB", "1.2 MB". Number and unit are held together by a no-break space.
pub fn size(bytes: u64, lang: Lang) -> String {
    const NBSP: char = '\u{a0}';
    let b = bytes as f64;
    let (n, unit) = if bytes < 1000 {
        (
            bytes.to_string(),
            match lang {
                Lang::Sv => "byte",
                Lang::En => "bytes",
            },
        )
    } else if bytes < 999_500 {
        let unit = match lang {
            Lang::Sv => "kB",
            Lang::En => "KB",
        };
        (crate::format::number((b / 1000.0).round(), 0, lang), unit)
    } else {
        let mb = b / 1_000_000.0;
        let decimals = if mb < 10.0 { 1 } else { 0 };
        (crate::format::number(mb, decimals, lang), "MB")
    };
    format!("{n}{NBSP}{unit}")
}

/// "PDF, 285 kB" for the document at `rel` (relative to `content/`) under `root`, or None when
/// it is no document or not there.
pub fn label(root: &Path, rel: &str, lang: Lang) -> Option<String> {
    let kind = kind(rel)?;
    let meta = std::fs::metadata(root.join("content").join(rel)).ok()?;
    meta.is_file()
        .then(|| format!("{kind}, {}", size(meta.len(), lang)))
}

/// One entry of an `attachments:` list, as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub title: String,
    /// As written, relative to `content/`: `media/plan.pdf`.
    pub file: String,
    /// Under the site's base path.
    pub url: String,
    /// "PDF", "XLSX", …; empty for a file of another kind.
    pub kind: String,
    /// "285 kB" / "285 KB".
    pub size: String,
    /// "PDF, 285 kB": type and size as shown after the title.
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_sizes_the_way_each_language_does() {
        assert_eq!(size(284_800, Lang::Sv), "285\u{a0}kB");
        assert_eq!(size(284_800, Lang::En), "285\u{a0}KB");
        assert_eq!(size(1_234_567, Lang::Sv), "1,2\u{a0}MB");
        assert_eq!(size(1_234_567, Lang::En), "1.2\u{a0}MB");
        assert_eq!(size(12_345_678, Lang::Sv), "12\u{a0}MB");
        assert_eq!(size(999_700, Lang::Sv), "1\u{a0}MB");
        assert_eq!(size(850, Lang::Sv), "850\u{a0}byte");
    }

    #[test]
    fn knows_documents_by_extension() {
        assert_eq!(kind("media/Plan.PDF"), Some("PDF"));
        assert_eq!(kind("media/tabell.xlsx"), Some("XLSX"));
        assert_eq!(kind("media/bild.jpg"), None);
    }
}
