//! Diagnostics for communicators: every content mistake as a value that names the file, line and
//! column, says what was expected in the site's language, and suggests the near name. A build
//! collects all of them; `render_all` prints them with the offending source line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

pub use crate::hints::Hint;
use crate::model::{Lang, ValueFrom};

/// What kind of thing an id names, for "unknown id" and "duplicate id" errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Subject,
    Initiative,
    Goal,
    Indicator,
    Slug,
}

impl IdKind {
    fn noun(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IdKind::Subject, Lang::Sv) => "ämne",
            (IdKind::Initiative, Lang::Sv) => "insats",
            (IdKind::Goal, Lang::Sv) => "mål",
            (IdKind::Indicator, Lang::Sv) => "indikator",
            (IdKind::Slug, Lang::Sv) => "adress (slug)",
            (IdKind::Subject, Lang::En) => "subject",
            (IdKind::Initiative, Lang::En) => "initiative",
            (IdKind::Goal, Lang::En) => "goal",
            (IdKind::Indicator, Lang::En) => "indicator",
            (IdKind::Slug, Lang::En) => "address (slug)",
        }
    }
}

/// The shape a value should have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    Bool,
    Integer,
    Number,
    List,
    Mapping,
    YearMap,
}

impl Shape {
    fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Shape::Text, Lang::Sv) => "en text",
            (Shape::Bool, Lang::Sv) => "true eller false",
            (Shape::Integer, Lang::Sv) => "ett heltal",
            (Shape::Number, Lang::Sv) => "ett tal",
            (Shape::List, Lang::Sv) => "en lista, till exempel [a, b]",
            (Shape::Mapping, Lang::Sv) => "en samling nycklar (nyckel: värde)",
            (Shape::YearMap, Lang::Sv) => "en samling år: värde, till exempel { 2022: 81.5 }",
            (Shape::Text, Lang::En) => "a text",
            (Shape::Bool, Lang::En) => "true or false",
            (Shape::Integer, Lang::En) => "a whole number",
            (Shape::Number, Lang::En) => "a number",
            (Shape::List, Lang::En) => "a list, for example [a, b]",
            (Shape::Mapping, Lang::En) => "a mapping of keys (key: value)",
            (Shape::YearMap, Lang::En) => "a mapping of year: value, for example { 2022: 81.5 }",
        }
    }
}

/// The mistake itself, without its place.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The YAML does not parse; the message is serde_yaml's.
    YamlSyntax(String),
    /// A Markdown file does not start with a `---` front matter block, or it is not closed.
    FrontMatter,
    UnknownKey {
        key: String,
        expected: Vec<String>,
    },
    MissingField(String),
    /// A value of the wrong shape.
    WrongType {
        key: String,
        expected: Shape,
    },
    UnknownId {
        kind: IdKind,
        id: String,
    },
    DuplicateId {
        kind: IdKind,
        id: String,
        first: String,
    },
    BadDate(String),
    BadStatus(String),
    BadUnit(String),
    BadLanguage(String),
    /// An id or slug that cannot be used as a URL segment.
    BadSlug(String),
    ImageWithoutAlt,
    /// `![](…)` in Markdown, or a raw `<img>` without `alt`.
    TextImageWithoutAlt,
    /// A heading in Markdown more than one level deeper than the one before it.
    HeadingSkip {
        from: u8,
        to: u8,
    },
    /// Raw HTML in Markdown nested deeper than the limit.
    HtmlTooDeep {
        limit: usize,
    },
    /// A link or image in Markdown to a page or file the site does not have.
    UnknownLink {
        url: String,
        image: bool,
    },
    /// A link or image in Markdown with a scheme that is not allowed (`javascript:`, `data:`).
    UnsafeLink {
        url: String,
    },
    /// A link to `page#anchor` (or `#anchor`) where the page has no such heading.
    UnknownAnchor {
        url: String,
    },
    /// An external link that did not answer well (`check --external`).
    BrokenLink {
        url: String,
        why: String,
    },
    MissingFile(String),
    NotUtf8,
    Io(String),
    Template(String),
    /// A build was pointed at a folder it may not write; the diagnostic's file is that path.
    OutputRefused(crate::claim::Refusal),
    /// `theme:` in site.yaml or `extends:` in theme.yaml names no folder in `themes/` (and is
    /// not the built-in `default`); `available` lists the themes there are.
    UnknownTheme {
        name: String,
        available: Vec<String>,
    },
    /// Themes that extend each other in a circle, in the order followed.
    ThemeCycle(Vec<String>),
    /// A URL from YAML that is neither http(s) nor a path on the site.
    BadUrl {
        key: String,
        value: String,
    },
    /// `base_url` that is not an absolute http(s) URL with a clean path.
    BadBaseUrl(String),
    /// A media file that could run a script when opened.
    UnsafeMedia(MediaRisk),
    /// A text that must say something (a title) is empty; the key.
    EmptyField(String),
    /// A slug or id longer than a file name may safely be.
    SlugTooLong {
        slug: String,
        max: usize,
    },
    /// A year outside 1900–2200, as written.
    BadYear(String),
    /// An amount of money that is negative or larger than 10^12 kronor, as written.
    BadAmount(String),
    /// `.nan`, `.inf` or `-.inf` where a number is wanted; the key.
    NotFinite(String),
    /// A reference to content that is a draft (or scheduled) and so not published.
    DraftReference {
        kind: IdKind,
        id: String,
    },
    /// A symbolic link that points outside the site folder, nowhere, or in a circle.
    BadSymlink {
        reason: SymlinkProblem,
    },
    /// A media file name that breaks on Windows or collides with another one.
    BadMediaName(MediaName),
    /// More mistakes in one file than are listed; the number left out.
    TooManyErrors(usize),
    /// YAML nested deeper than the limit.
    TooDeep {
        max: usize,
    },
    /// A content file larger than the limit; sizes in bytes.
    FileTooLarge {
        size: u64,
        max: u64,
    },
    /// `FRAMSTEG_TODAY` is set but is no `YYYY-MM-DD` date.
    BadToday(String),
    /// The default accessibility statement needs this `site.yaml` key (`organisation`,
    /// `contact`); an error when building for production, else a warning.
    StatementMissing(String),
    /// A `site.yaml` value the accessibility statement shows is still a placeholder.
    StatementPlaceholder {
        key: String,
        value: String,
    },
    /// `accessibility.compliance` that is not full, partial or none.
    BadCompliance(String),
    /// An indicator source's `gender` that is not T, K or M.
    BadGender(String),
    /// A warning: an indicator's newest value is from `newest`, more than `limit` years ago.
    StaleValues {
        indicator: String,
        newest: i32,
        limit: i32,
    },
    /// A warning: the value shown for a year and a value from another source disagree.
    ValuesDisagree(Box<Disagreement>),
    /// A warning: `kolada.yaml` holds values for another series than the indicator's source
    /// names now (its KPI, municipality, school unit or gender changed since the fetch).
    FetchedOtherSeries {
        indicator: String,
    },
    /// A photo (JPEG, PNG, WebP) that cannot be decoded; the file and the decoder's words.
    ImageUnreadable {
        file: String,
        why: String,
    },
    /// A photo larger than `images.max_mb`; sizes in bytes.
    ImageTooLarge {
        file: String,
        size: u64,
        max: u64,
    },
    /// A warning: a photo narrower than the smallest published width (it is shown as it is).
    ImageTooSmall {
        file: String,
        width: u32,
        smallest: u32,
    },
    /// A warning of `check`: a media file no text or front matter names.
    UnusedMedia {
        published: bool,
    },
}

/// The two values of a [`Problem::ValuesDisagree`]: the one shown and the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub indicator: String,
    pub year: i32,
    pub used: Option<f64>,
    pub used_from: ValueFrom,
    pub other: Option<f64>,
    pub other_from: ValueFrom,
}

/// Why a symbolic link in `content/` is not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymlinkProblem {
    Outside,
    Broken,
    Loop,
}

/// What is wrong with a media file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaName {
    /// A name Windows reserves (`con`, `nul`, `com1`, …), with any extension.
    Reserved(String),
    /// A character Windows does not allow in file names, or a trailing dot or space.
    BadChar(char),
    /// The same name as another media file but for case (`Bild.png`, `bild.png`).
    SameButCase(String),
    /// The name a resized version of the photo named here gets (`foto-480w.jpg` of `foto.jpg`).
    SameAsVariant(String),
}

/// What makes a media file unsafe to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaRisk {
    /// `<script>`, or an element in another namespace named so.
    Script,
    /// An `on…` attribute, or an animation that sets one.
    EventHandler(String),
    /// `<foreignObject>`: HTML inside SVG.
    ForeignObject,
    /// A `javascript:` URL.
    JavascriptUrl,
    /// A reference to a file outside the SVG (`href`, `url(…)`, `@import`, a stylesheet).
    External(String),
    /// `<!DOCTYPE …>`: entity declarations.
    DocType,
    /// The SVG is no well-formed XML; the parser's message.
    NotXml(String),
    /// A kind of file a browser runs as a page (`.html`, `.svgz`, …); the extension.
    ActiveFile(String),
}

impl MediaRisk {
    fn describe(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        match self {
            MediaRisk::Script if sv => "den innehåller `<script>`".into(),
            MediaRisk::Script => "it contains `<script>`".into(),
            MediaRisk::EventHandler(a) if sv => format!("den har händelseattributet `{a}`"),
            MediaRisk::EventHandler(a) => format!("it has the event handler attribute `{a}`"),
            MediaRisk::ForeignObject if sv => "den innehåller `<foreignObject>`".into(),
            MediaRisk::ForeignObject => "it contains `<foreignObject>`".into(),
            MediaRisk::JavascriptUrl if sv => "den innehåller en `javascript:`-länk".into(),
            MediaRisk::JavascriptUrl => "it contains a `javascript:` link".into(),
            MediaRisk::External(r) if sv => format!("den hämtar något utanför filen: `{r}`"),
            MediaRisk::External(r) => format!("it loads something outside the file: `{r}`"),
            MediaRisk::DocType if sv => "den har en `<!DOCTYPE>` med egna definitioner".into(),
            MediaRisk::DocType => "it has a `<!DOCTYPE>` with its own declarations".into(),
            MediaRisk::NotXml(m) if sv => format!("den går inte att läsa som SVG (XML): {m}"),
            MediaRisk::NotXml(m) => format!("it cannot be read as SVG (XML): {m}"),
            MediaRisk::ActiveFile(e) if sv => {
                format!("filer av typen `.{e}` öppnas som webbsidor och kan köra skript")
            }
            MediaRisk::ActiveFile(e) => {
                format!("files of type `.{e}` open as web pages and can run scripts")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Relative to the site root, with `/` separators.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub problem: Problem,
    /// A near name: "menade du so-no-matte?".
    pub suggestion: Option<String>,
    /// Advice in plain words beside the message (see [`crate::hints`]).
    pub hint: Option<Box<Hint>>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize, problem: Problem) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            problem,
            suggestion: None,
            hint: None,
        }
    }

    pub fn with_hint(mut self, h: Option<Hint>) -> Self {
        self.hint = h.map(Box::new);
        self
    }

    pub fn with_suggestion(mut self, s: Option<String>) -> Self {
        self.suggestion = s;
        self
    }

    /// `file:line:column`, the place a communicator opens.
    pub fn place(&self) -> String {
        let f = self.file.to_string_lossy().replace('\\', "/");
        if self.line == 0 {
            f
        } else {
            format!("{f}:{}:{}", self.line, self.column)
        }
    }

    /// One sentence saying what is wrong and what was expected.
    pub fn message(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        match &self.problem {
            Problem::YamlSyntax(m) if sv => format!("YAML-koden går inte att läsa: {m}"),
            Problem::YamlSyntax(m) => format!("the YAML cannot be read: {m}"),
            Problem::FrontMatter if sv => "filen ska börja med ett huvud mellan två rader med `---`".into(),
            Problem::FrontMatter => "the file must start with front matter between two `---` lines".into(),
            Problem::UnknownKey { key, expected } if sv => {
                format!("okänd nyckel `{key}`; tillåtna nycklar: {}", expected.join(", "))
            }
            Problem::UnknownKey { key, expected } => {
                format!("unknown key `{key}`; allowed keys: {}", expected.join(", "))
            }
            Problem::MissingField(f) if sv => format!("obligatoriska fältet `{f}` saknas"),
            Problem::MissingField(f) => format!("the required field `{f}` is missing"),
            Problem::WrongType { key, expected } if sv => {
                format!("`{key}` ska vara {}", expected.describe(lang))
            }
            Problem::WrongType { key, expected } => {
                format!("`{key}` must be {}", expected.describe(lang))
            }
            Problem::UnknownId { kind, id } if sv => format!("okänt {} `{id}`", kind.noun(lang)),
            Problem::UnknownId { kind, id } => format!("unknown {} `{id}`", kind.noun(lang)),
            Problem::DuplicateId { kind, id, first } if sv => {
                format!("{} `{id}` finns redan i {first}", kind.noun(lang))
            }
            Problem::DuplicateId { kind, id, first } => {
                format!("{} `{id}` is already used in {first}", kind.noun(lang))
            }
            Problem::BadDate(v) if sv => {
                format!("`{v}` är inget giltigt datum; skriv datum som ÅÅÅÅ-MM-DD, till exempel 2022-10-24")
            }
            Problem::BadDate(v) => {
                format!("`{v}` is not a valid date; write dates as YYYY-MM-DD, for example 2022-10-24")
            }
            Problem::BadStatus(v) if sv => format!(
                "okänd status `{v}`; tillåtna: planned, ongoing, completed, paused, cancelled"
            ),
            Problem::BadStatus(v) => format!(
                "unknown status `{v}`; allowed: planned, ongoing, completed, paused, cancelled"
            ),
            Problem::BadUnit(v) if sv => {
                format!("okänd enhet `{v}`; tillåtna: percent, count, sek, ratio")
            }
            Problem::BadUnit(v) => format!("unknown unit `{v}`; allowed: percent, count, sek, ratio"),
            Problem::BadLanguage(v) if sv => format!("okänt språk `{v}`; tillåtna: sv, en"),
            Problem::BadLanguage(v) => format!("unknown language `{v}`; allowed: sv, en"),
            Problem::BadSlug(v) if sv => format!(
                "`{v}` kan inte användas i en adress; använd små bokstäver a–z, siffror och bindestreck"
            ),
            Problem::BadSlug(v) => format!(
                "`{v}` cannot be used in an address; use lowercase letters a–z, digits and hyphens"
            ),
            Problem::ImageWithoutAlt if sv => {
                "`image` kräver `image_alt`: en kort text som beskriver bilden för den som inte ser den".into()
            }
            Problem::ImageWithoutAlt => {
                "`image` needs `image_alt`: a short text describing the image for those who cannot see it".into()
            }
            Problem::TextImageWithoutAlt if sv => "bilden saknar alt-text: beskriv den inom hakparenteserna, \
                till exempel `![Elever på skolgården](media/bild.jpg)`, eller skriv `![dekorativ](…)` \
                om bilden bara är utsmyckning (för rå HTML: `<img alt=\"…\">`)".into(),
            Problem::TextImageWithoutAlt => "the image has no alt text: describe it between the brackets, \
                for example `![Pupils in the schoolyard](media/picture.jpg)`, or write `![decorative](…)` \
                if the image is only decoration (in raw HTML: `<img alt=\"…\">`)".into(),
            Problem::HeadingSkip { from, to } if sv => format!(
                "rubriken hoppar från nivå {from} till nivå {to}; ta en nivå i taget (sidans titel \
                 är nivå 1, så texten börjar med `##`, och under den `###`)"
            ),
            Problem::HeadingSkip { from, to } => format!(
                "the heading jumps from level {from} to level {to}; go one level at a time (the page \
                 title is level 1, so the text starts with `##`, and under it `###`)"
            ),
            Problem::HtmlTooDeep { limit } if sv => format!(
                "HTML-koden är kapslad i mer än {limit} nivåer (taggar som öppnas utan att stängas); \
                 stäng taggarna eller skriv texten i Markdown"
            ),
            Problem::HtmlTooDeep { limit } => format!(
                "the HTML is nested more than {limit} levels deep (tags opened and not closed); \
                 close the tags or write the text in Markdown"
            ),
            Problem::UnknownLink { url, image: false } if sv => {
                format!("länken `{url}` leder inte till någon sida eller fil på webbplatsen")
            }
            Problem::UnknownLink { url, image: true } if sv => {
                format!("bilden `{url}` finns inte; lägg filen i content/media/")
            }
            Problem::UnknownLink { url, image: false } => {
                format!("the link `{url}` leads to no page or file of the site")
            }
            Problem::UnknownLink { url, image: true } => {
                format!("the image `{url}` does not exist; put the file in content/media/")
            }
            Problem::UnsafeLink { url } if sv => format!(
                "länken `{url}` är inte tillåten: en länk i texten får börja med https:, http:, \
                 mailto:, tel:, / eller media/"
            ),
            Problem::UnsafeLink { url } => format!(
                "the link `{url}` is not allowed: a link in the text may start with https:, \
                 http:, mailto:, tel:, / or media/"
            ),
            Problem::UnknownAnchor { url } if sv => {
                format!("länken `{url}` pekar på en rubrik som inte finns på sidan")
            }
            Problem::UnknownAnchor { url } => {
                format!("the link `{url}` points to a heading the page does not have")
            }
            Problem::BrokenLink { url, why } if sv => format!("den externa länken `{url}` fungerar inte: {why}"),
            Problem::BrokenLink { url, why } => format!("the external link `{url}` does not work: {why}"),
            Problem::MissingFile(p) if sv => format!("filen `{p}` finns inte"),
            Problem::MissingFile(p) => format!("the file `{p}` does not exist"),
            Problem::NotUtf8 if sv => "filen är inte sparad som UTF-8; spara den som UTF-8 i din editor".into(),
            Problem::NotUtf8 => "the file is not saved as UTF-8; save it as UTF-8 in your editor".into(),
            Problem::Io(m) if sv => format!("filen kunde inte läsas eller skrivas: {m}"),
            Problem::Io(m) => format!("the file could not be read or written: {m}"),
            Problem::Template(m) if sv => format!("fel i mallen: {m}"),
            Problem::Template(m) => format!("template error: {m}"),
            Problem::OutputRefused(why) => why.message(&self.place(), lang),
            Problem::BadUrl { key, value } if sv => format!(
                "`{key}` ska vara en webbadress som börjar med https:// (eller http://), eller en adress på webbplatsen som börjar med /, inte `{value}`"
            ),
            Problem::BadUrl { key, value } => format!(
                "`{key}` must be a web address starting with https:// (or http://), or an address on the site starting with /, not `{value}`"
            ),
            Problem::BadBaseUrl(v) if sv => format!(
                "`base_url` ska vara webbplatsens fullständiga adress, till exempel https://likvardighet.example.se/ (med https:// eller http://, utan användarnamn, ?, # eller tomma delar som //), inte `{v}`"
            ),
            Problem::BadBaseUrl(v) => format!(
                "`base_url` must be the site's full address, for example https://progress.example.org/ (with https:// or http://, without user name, ?, # or empty parts such as //), not `{v}`"
            ),
            Problem::EmptyField(k) if sv => format!("`{k}` är tom; skriv en text"),
            Problem::EmptyField(k) => format!("`{k}` is empty; write a text"),
            Problem::SlugTooLong { slug, max } if sv => format!(
                "adressen `{}…` är {} tecken lång; högst {max} tecken går att använda som filnamn (ange en kortare `slug:` eller `id:`, eller ett kortare filnamn)",
                slug.chars().take(30).collect::<String>(),
                slug.chars().count()
            ),
            Problem::SlugTooLong { slug, max } => format!(
                "the address `{}…` is {} characters long; at most {max} can be used as a file name (give a shorter `slug:` or `id:`, or a shorter file name)",
                slug.chars().take(30).collect::<String>(),
                slug.chars().count()
            ),
            Problem::BadYear(v) if sv => format!("`{v}` är inget rimligt årtal; skriv ett år mellan 1900 och 2200"),
            Problem::BadYear(v) => format!("`{v}` is no plausible year; write a year between 1900 and 2200"),
            Problem::BadAmount(v) if sv => format!(
                "beloppet `{v}` går inte att använda; skriv hela kronor, från 0 till 1 000 000 000 000"
            ),
            Problem::BadAmount(v) => format!(
                "the amount `{v}` cannot be used; write whole kronor, from 0 to 1,000,000,000,000"
            ),
            Problem::NotFinite(k) if sv => format!("`{k}` ska vara ett vanligt tal, inte .nan eller .inf"),
            Problem::NotFinite(k) => format!("`{k}` must be an ordinary number, not .nan or .inf"),
            Problem::DraftReference { kind, id } if sv => format!(
                "{} `{id}` är ett utkast (`draft: true`) och publiceras inte; ta bort hänvisningen eller publicera den",
                kind.noun(lang)
            ),
            Problem::DraftReference { kind, id } => format!(
                "{} `{id}` is a draft (`draft: true`) and is not published; remove the reference or publish it",
                kind.noun(lang)
            ),
            Problem::BadSymlink { reason } => match (reason, sv) {
                (SymlinkProblem::Outside, true) => "länken pekar utanför webbplatsens mapp och följs inte; kopiera filerna in i mappen i stället".into(),
                (SymlinkProblem::Outside, false) => "the link points outside the site folder and is not followed; copy the files into the folder instead".into(),
                (SymlinkProblem::Broken, true) => "länken pekar på något som inte finns".into(),
                (SymlinkProblem::Broken, false) => "the link points to something that does not exist".into(),
                (SymlinkProblem::Loop, true) => "länken pekar på en mapp som innehåller länken själv".into(),
                (SymlinkProblem::Loop, false) => "the link points to a folder that contains the link itself".into(),
            },
            Problem::BadMediaName(n) => match (n, sv) {
                (MediaName::Reserved(r), true) => format!("namnet `{r}` är reserverat i Windows och kan inte laddas ned eller kopieras där; byt namn på filen"),
                (MediaName::Reserved(r), false) => format!("the name `{r}` is reserved on Windows and cannot be downloaded or copied there; rename the file"),
                (MediaName::BadChar(c), true) => format!("tecknet `{}` går inte att använda i filnamn på alla datorer; byt namn på filen", c.escape_default()),
                (MediaName::BadChar(c), false) => format!("the character `{}` cannot be used in file names on every computer; rename the file", c.escape_default()),
                (MediaName::SameButCase(o), true) => format!("namnet skiljer sig bara i stora och små bokstäver från `{o}`; på Windows och macOS blir de samma fil"),
                (MediaName::SameButCase(o), false) => format!("the name differs only in case from `{o}`; on Windows and macOS they are the same file"),
                (MediaName::SameAsVariant(o), true) => format!("framsteg ger en skalad version av `{o}` samma namn; byt namn på en av filerna"),
                (MediaName::SameAsVariant(o), false) => format!("framsteg gives a resized version of `{o}` the same name; rename one of the files"),
            },
            Problem::TooManyErrors(n) if sv => format!("och {n} fel till i den här filen"),
            Problem::TooManyErrors(n) => format!("and {n} more errors in this file"),
            Problem::TooDeep { max } if sv => format!(
                "YAML-koden är inbäddad i mer än {max} nivåer; så djupt kan framsteg inte läsa"
            ),
            Problem::TooDeep { max } => format!(
                "the YAML is nested more than {max} levels deep; framsteg does not read that deep"
            ),
            Problem::FileTooLarge { size, max } if sv => format!(
                "filen är {:.1} MB; högst {} MB läses (dela upp den, eller lägg stora filer i media/)",
                *size as f64 / 1e6,
                max / 1_000_000
            ),
            Problem::FileTooLarge { size, max } => format!(
                "the file is {:.1} MB; at most {} MB is read (split it, or put large files in media/)",
                *size as f64 / 1e6,
                max / 1_000_000
            ),
            Problem::StatementMissing(key) if sv => format!(
                "tillgänglighetsredogörelsen behöver `{key}` i site.yaml: lagen om tillgänglighet till digital offentlig service kräver att den säger vem som står bakom webbplatsen och hur man anmäler brister (se docs/innehall.md#tillgänglighetsredogörelsen)"
            ),
            Problem::StatementMissing(key) => format!(
                "the accessibility statement needs `{key}` in site.yaml: the Swedish accessibility law requires it to say who runs the site and how to report a problem (see docs/innehall.md)"
            ),
            Problem::StatementPlaceholder { key, value } if sv => format!(
                "`{key}` är fortfarande platshållaren `{value}`; skriv in den riktiga uppgiften innan webbplatsen publiceras"
            ),
            Problem::StatementPlaceholder { key, value } => format!(
                "`{key}` is still the placeholder `{value}`; write the real value before the site is published"
            ),
            Problem::BadCompliance(v) if sv => format!(
                "`accessibility.compliance` är `{v}`; skriv full (fullt förenlig), partial (delvis förenlig) eller none (inte förenlig)"
            ),
            Problem::BadCompliance(v) => format!(
                "`accessibility.compliance` is `{v}`; write full, partial or none"
            ),
            Problem::BadToday(v) if sv => format!(
                "FRAMSTEG_TODAY är `{v}`; skriv dagens datum som ÅÅÅÅ-MM-DD, eller ta bort variabeln"
            ),
            Problem::BadToday(v) => format!(
                "FRAMSTEG_TODAY is `{v}`; write the date as YYYY-MM-DD, or unset it"
            ),
            Problem::UnsafeMedia(risk) if sv => format!(
                "filen publiceras inte eftersom {}; ta bort det eller spara om bilden utan skript (till exempel som PNG)",
                risk.describe(lang)
            ),
            Problem::UnsafeMedia(risk) => format!(
                "the file is not published because {}; remove it or save the image again without scripts (for example as PNG)",
                risk.describe(lang)
            ),
            Problem::UnknownTheme { name, available } if sv => format!(
                "temat `{name}` finns inte (ingen mapp themes/{name}/); teman som finns: {}",
                available.join(", ")
            ),
            Problem::UnknownTheme { name, available } => format!(
                "the theme `{name}` does not exist (no folder themes/{name}/); themes there are: {}",
                available.join(", ")
            ),
            Problem::ThemeCycle(chain) if sv => format!(
                "teman ärver av varandra i en cirkel: {}; ta bort `extends` i ett av dem",
                chain.join(" → ")
            ),
            Problem::ThemeCycle(chain) => format!(
                "themes extend each other in a circle: {}; remove `extends` from one of them",
                chain.join(" → ")
            ),
            Problem::BadGender(v) if sv => {
                format!("okänt kön `{v}`; tillåtna: T (totalt), K (kvinnor), M (män)")
            }
            Problem::BadGender(v) => format!("unknown gender `{v}`; allowed: T (total), K (women), M (men)"),
            Problem::StaleValues { indicator, newest, limit } if sv => format!(
                "indikatorn `{indicator}` har inget värde nyare än {newest}, mer än {limit} år gammalt; hämta eller skriv in nya värden (gränsen sätts med `stale_after_years` i site.yaml)"
            ),
            Problem::StaleValues { indicator, newest, limit } => format!(
                "indicator `{indicator}` has no value newer than {newest}, more than {limit} years old; fetch or type newer values (the limit is `stale_after_years` in site.yaml)"
            ),
            Problem::ValuesDisagree(d) => {
                let Disagreement {
                    indicator,
                    year,
                    used,
                    used_from,
                    other,
                    other_from,
                } = &**d;
                let num = |v: &Option<f64>| match (v, sv) {
                    (Some(x), _) => format!("{x}"),
                    (None, true) => "inget värde (null)".to_string(),
                    (None, false) => "no value (null)".to_string(),
                };
                if sv {
                    format!(
                        "`{indicator}` {year}: {} {} används, men {} har {}",
                        from_name(*used_from, lang), num(used), from_name(*other_from, lang), num(other)
                    )
                } else {
                    format!(
                        "`{indicator}` {year}: {} {} is used, but {} has {}",
                        from_name(*used_from, lang), num(used), from_name(*other_from, lang), num(other)
                    )
                }
            }
            Problem::FetchedOtherSeries { indicator } if sv => format!(
                "content/plan/data/kolada.yaml har värden för en annan serie än den som `{indicator}` anger under `source`; de används inte förrän du kör `framsteg data kolada` igen"
            ),
            Problem::FetchedOtherSeries { indicator } => format!(
                "content/plan/data/kolada.yaml holds values for another series than `{indicator}` names in `source`; they are not used until you run `framsteg data kolada` again"
            ),
            Problem::ImageUnreadable { file, why } if sv => format!(
                "bilden `{file}` går inte att läsa som JPEG, PNG eller WebP ({why}); spara den på nytt i ett bildprogram"
            ),
            Problem::ImageUnreadable { file, why } => format!(
                "the image `{file}` cannot be read as JPEG, PNG or WebP ({why}); save it again in an image editor"
            ),
            Problem::ImageTooLarge { file, size, max } if sv => format!(
                "bilden `{file}` är {} MB; högst {} MB tas emot (spara den mindre, eller ändra `images: {{ max_mb: … }}` i site.yaml)",
                crate::format::number(*size as f64 / 1e6, 1, lang),
                crate::format::number(*max as f64 / 1e6, 1, lang)
            ),
            Problem::ImageTooLarge { file, size, max } => format!(
                "the image `{file}` is {} MB; at most {} MB is accepted (save it smaller, or change `images: {{ max_mb: … }}` in site.yaml)",
                crate::format::number(*size as f64 / 1e6, 1, lang),
                crate::format::number(*max as f64 / 1e6, 1, lang)
            ),
            Problem::ImageTooSmall { file, width, smallest } if sv => format!(
                "bilden `{file}` är bara {width} bildpunkter bred, smalare än den minsta bredden {smallest}; den visas suddig på stora skärmar (använd en större bild)"
            ),
            Problem::ImageTooSmall { file, width, smallest } => format!(
                "the image `{file}` is only {width} pixels wide, narrower than the smallest width {smallest}; it looks blurred on large screens (use a larger image)"
            ),
            Problem::UnusedMedia { published: true } if sv => {
                "filen används inte i någon text (den publiceras ändå)".into()
            }
            Problem::UnusedMedia { published: false } if sv => {
                "bilden används inte i någon text och publiceras inte".into()
            }
            Problem::UnusedMedia { published: true } => {
                "no text uses the file (it is published anyway)".into()
            }
            Problem::UnusedMedia { published: false } => {
                "no text uses the image, and it is not published".into()
            }
        }
    }

    pub fn suggestion_text(&self, lang: Lang) -> Option<String> {
        self.suggestion.as_ref().map(|s| match lang {
            Lang::Sv => format!("menade du {s}?"),
            Lang::En => format!("did you mean {s}?"),
        })
    }

    /// A single plain line: `file:line:col: message (menade du …?)`, then the hint if any.
    pub fn one_line(&self, lang: Lang) -> String {
        let mut s = format!("{}: {}", self.place(), self.message(lang));
        if let Some(h) = self.suggestion_text(lang) {
            let _ = write!(s, " ({h})");
        }
        if let Some(h) = &self.hint {
            let _ = write!(s, " — {}", h.text(lang));
        }
        s
    }
}

/// "värdet inskrivet för hand", "Kolada", … for disagreement warnings.
fn from_name(f: ValueFrom, lang: Lang) -> &'static str {
    match (f, lang) {
        (ValueFrom::Hand, Lang::Sv) => "värdet inskrivet för hand,",
        (ValueFrom::Import, Lang::Sv) => "det importerade värdet,",
        (ValueFrom::Kolada, Lang::Sv) => "Kolada",
        (ValueFrom::Hand, Lang::En) => "the value typed by hand,",
        (ValueFrom::Import, Lang::En) => "the imported value,",
        (ValueFrom::Kolada, Lang::En) => "Kolada",
    }
}

/// The nearest candidate to `wrong`, if one is near enough to be a likely typo.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wrong, c);
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// Sorts diagnostics by file, line and column, and drops exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.message(Lang::En)).cmp(&(
            &b.file,
            b.line,
            b.column,
            b.message(Lang::En),
        ))
    });
    diags.dedup();
}

fn help_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "tips",
        Lang::En => "help",
    }
}

/// The hint of `d` as a help line under its snippet.
fn hint_group(d: &Diagnostic, lang: Lang) -> Option<Group<'static>> {
    let text = d.hint.as_ref()?.text(lang);
    Some(Group::with_title(
        Level::HELP
            .with_name(Some(help_name(lang)))
            .secondary_title(text),
    ))
}

/// Renders every diagnostic with its source line underlined, followed by a count.
/// `root` is the site root, used to read the source lines again.
pub fn render_all(diags: &[Diagnostic], root: &Path, lang: Lang, color: bool) -> String {
    let error_name = match lang {
        Lang::Sv => "fel",
        Lang::En => "error",
    };
    let mut out = render_each(
        diags,
        root,
        lang,
        color,
        Level::ERROR.with_name(Some(error_name)),
    );
    let n = diags.len();
    let found = crate::cli_text::count(n, crate::cli_text::Noun::Error, lang);
    let _ = match lang {
        Lang::Sv => writeln!(out, "{found} hittades. Webbplatsen byggdes inte."),
        Lang::En => writeln!(out, "{found} found. The site was not built."),
    };
    out
}

/// Renders warnings like [`render_all`] renders errors, with a count that says the site was
/// built anyway. Empty when there are none.
pub fn render_warnings(warnings: &[Diagnostic], root: &Path, lang: Lang, color: bool) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let name = match lang {
        Lang::Sv => "varning",
        Lang::En => "warning",
    };
    let mut out = render_each(
        warnings,
        root,
        lang,
        color,
        Level::WARNING.with_name(Some(name)),
    );
    let n = warnings.len();
    let _ = match lang {
        Lang::Sv if n == 1 => writeln!(out, "1 varning (webbplatsen byggs ändå)."),
        Lang::Sv => writeln!(out, "{n} varningar (webbplatsen byggs ändå)."),
        Lang::En if n == 1 => writeln!(out, "1 warning (the site is built anyway)."),
        Lang::En => writeln!(out, "{n} warnings (the site is built anyway)."),
    };
    out
}

fn render_each(
    diags: &[Diagnostic],
    root: &Path,
    lang: Lang,
    color: bool,
    level: Level<'_>,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        let title = d.message(lang);
        let source = std::fs::read(root.join(&d.file))
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let line_text = source
            .as_deref()
            .and_then(|s| s.lines().nth(d.line.saturating_sub(1)))
            .filter(|_| d.line > 0);
        let place = d.place();
        let file = d.file.to_string_lossy().replace('\\', "/");
        let help = d.suggestion_text(lang);
        let head = level.clone().primary_title(&title);
        match line_text {
            Some(text) => {
                let start = text
                    .char_indices()
                    .nth(d.column.saturating_sub(1))
                    .map_or(text.len(), |(i, _)| i);
                let end = text[start..]
                    .find(|c: char| c == ',' || c == ']' || c == '}' || c.is_whitespace())
                    .map_or(text.len(), |e| start + e)
                    .max((start + 1).min(text.len()));
                let mut ann = AnnotationKind::Primary.span(start..end);
                if let Some(h) = &help {
                    ann = ann.label(h.as_str());
                }
                let group = head.element(
                    Snippet::source(text)
                        .line_start(d.line)
                        .path(file.as_str())
                        .annotation(ann),
                );
                let mut groups = vec![group];
                groups.extend(hint_group(d, lang));
                out.push_str(&renderer.render(&groups));
            }
            None => {
                let mut groups = vec![head.element(
                    Snippet::<annotate_snippets::Annotation>::source("").path(place.as_str()),
                )];
                if let Some(h) = &help {
                    groups.push(Group::with_title(
                        Level::HELP
                            .with_name(Some(help_name(lang)))
                            .secondary_title(h.as_str()),
                    ));
                }
                groups.extend(hint_group(d, lang));
                out.push_str(&renderer.render(&groups));
            }
        }
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_near_subject_id() {
        let ids = ["sprak", "so-no-matte", "praktiska-amnen"];
        assert_eq!(suggest("so-no-mate", ids), Some("so-no-matte".into()));
        assert_eq!(suggest("zzzz", ids), None);
    }

    #[test]
    fn one_line_names_place_and_suggestion_in_swedish() {
        let d = Diagnostic::new(
            "content/a.md",
            4,
            12,
            Problem::UnknownId {
                kind: IdKind::Subject,
                id: "so-no-mate".into(),
            },
        )
        .with_suggestion(Some("so-no-matte".into()));
        assert_eq!(
            d.one_line(Lang::Sv),
            "content/a.md:4:12: okänt ämne `so-no-mate` (menade du so-no-matte?)"
        );
    }
}
