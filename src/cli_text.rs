//! The command line's own words, in the site's language: counts with the right plural ("1
//! artikel", "2 artiklar"; "1 article") in one place, and the one definition of what a build
//! made that `check`, `build` and `serve` all report: **pages** are what the theme's templates
//! render (every HTML page, the feeds and the sitemap); **other files** are what is copied or
//! generated beside them (stylesheets, media, the search index, open data).

use crate::model::Lang;

/// A thing the command line counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Article,
    Story,
    Initiative,
    Page,
    OtherFile,
    File,
    Error,
}

impl Noun {
    fn forms(self, lang: Lang) -> (&'static str, &'static str) {
        match (self, lang) {
            (Noun::Article, Lang::Sv) => ("artikel", "artiklar"),
            (Noun::Story, Lang::Sv) => ("berättelse", "berättelser"),
            (Noun::Initiative, Lang::Sv) => ("insats", "insatser"),
            (Noun::Page, Lang::Sv) => ("sida", "sidor"),
            (Noun::OtherFile, Lang::Sv) => ("annan fil", "andra filer"),
            (Noun::File, Lang::Sv) => ("fil", "filer"),
            (Noun::Error, Lang::Sv) => ("fel", "fel"),
            (Noun::Article, Lang::En) => ("article", "articles"),
            (Noun::Story, Lang::En) => ("story", "stories"),
            (Noun::Initiative, Lang::En) => ("initiative", "initiatives"),
            (Noun::Page, Lang::En) => ("page", "pages"),
            (Noun::OtherFile, Lang::En) => ("other file", "other files"),
            (Noun::File, Lang::En) => ("file", "files"),
            (Noun::Error, Lang::En) => ("error", "errors"),
        }
    }
}

/// `n` and the noun in the form `n` needs: "1 artikel", "2 artiklar", "0 articles".
pub fn count(n: usize, noun: Noun, lang: Lang) -> String {
    let (one, many) = noun.forms(lang);
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "22 sidor och 9 andra filer" / "22 pages and 9 other files".
pub fn pages_and_files(pages: usize, files: usize, lang: Lang) -> String {
    let and = match lang {
        Lang::Sv => "och",
        Lang::En => "and",
    };
    format!(
        "{} {and} {}",
        count(pages, Noun::Page, lang),
        count(files.saturating_sub(pages), Noun::OtherFile, lang)
    )
}

/// The word before an error printed by the command line itself.
pub fn error_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "fel",
        Lang::En => "error",
    }
}

/// When no folder from here up holds `content/site.yaml`; in both languages, since no site
/// says which.
pub fn no_site(start: &std::path::Path) -> String {
    let p = start.display();
    format!(
        "Här finns ingen webbplats för framsteg: varken {p} eller mapparna ovanför har content/site.yaml.\n\
         Gå till webbplatsens mapp, ange den med --root MAPP, eller skapa en ny med: framsteg init MAPP\n\
         No framsteg site here: neither {p} nor the folders above it have content/site.yaml.\n\
         Go to the site's folder, name it with --root DIR, or make a new one with: framsteg init DIR"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grammatical_in_both_languages() {
        assert_eq!(count(1, Noun::Article, Lang::Sv), "1 artikel");
        assert_eq!(count(2, Noun::Article, Lang::Sv), "2 artiklar");
        assert_eq!(count(0, Noun::Story, Lang::Sv), "0 berättelser");
        assert_eq!(count(1, Noun::Story, Lang::En), "1 story");
        assert_eq!(count(3, Noun::Story, Lang::En), "3 stories");
        assert_eq!(count(1, Noun::Error, Lang::Sv), "1 fel");
        assert_eq!(count(1, Noun::Page, Lang::En), "1 page");
        assert_eq!(
            pages_and_files(22, 23, Lang::Sv),
            "22 sidor och 1 annan fil"
        );
        assert_eq!(pages_and_files(1, 10, Lang::En), "1 page and 9 other files");
    }
}
