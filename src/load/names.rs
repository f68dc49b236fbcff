//! Media file names that work on one computer and break on another: names Windows reserves
//! (`con`, `nul`, `com1`, … with any extension), characters it does not allow (`\`, `?`, `:`,
//! …, or a trailing dot or space), and names that differ only in case, which are one file on
//! Windows and macOS. A citizen downloading, or a web team copying, the output there would
//! lose a file or fail.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, MediaName, Problem};

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    "com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³",
];

/// What is wrong with one part of a path (a folder or file name), if anything.
fn part_problem(part: &str) -> Option<MediaName> {
    if let Some(c) = part
        .chars()
        .find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\') || c.is_control())
    {
        return Some(MediaName::BadChar(c));
    }
    if let Some(c) = part.chars().last().filter(|c| *c == '.' || *c == ' ') {
        return Some(MediaName::BadChar(c));
    }
    let stem = part.split('.').next().unwrap_or(part).trim_end();
    let lower = stem.to_lowercase();
    RESERVED
        .contains(&lower.as_str())
        .then(|| MediaName::Reserved(stem.to_string()))
}

/// Every media name problem, for paths relative to `content/` (`media/a/b.png`), each reported
/// on the file (the second of two that collide, in path order).
pub fn media_name_problems(media: &[PathBuf]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, &Path> = HashMap::new();
    for m in media {
        let file = Path::new("content").join(m);
        let text = m.to_string_lossy();
        let bad = m
            .iter()
            .skip(1)
            .find_map(|p| part_problem(&p.to_string_lossy()));
        if let Some(problem) = bad {
            out.push(Diagnostic::new(&file, 0, 0, Problem::BadMediaName(problem)));
            continue;
        }
        match seen.get(&text.to_lowercase()) {
            Some(first) => out.push(Diagnostic::new(
                &file,
                0,
                0,
                Problem::BadMediaName(MediaName::SameButCase(format!(
                    "content/{}",
                    first.to_string_lossy()
                ))),
            )),
            None => {
                seen.insert(text.to_lowercase(), m);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_and_characters() {
        assert_eq!(part_problem("bild.png"), None);
        assert_eq!(part_problem("console.png"), None);
        assert_eq!(
            part_problem("CON.tar.gz"),
            Some(MediaName::Reserved("CON".into()))
        );
        assert_eq!(part_problem("nul"), Some(MediaName::Reserved("nul".into())));
        assert_eq!(part_problem("a\\b.png"), Some(MediaName::BadChar('\\')));
        assert_eq!(part_problem("slut."), Some(MediaName::BadChar('.')));
    }

    #[test]
    fn names_differing_only_in_case_collide() {
        let media = vec![
            PathBuf::from("media/Bild.png"),
            PathBuf::from("media/bild.png"),
        ];
        let d = media_name_problems(&media);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file, PathBuf::from("content/media/bild.png"));
    }
}
