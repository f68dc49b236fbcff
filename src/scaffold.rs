//! `framsteg init` and `framsteg new`: a new site that builds at once, and new content files
//! named correctly with front matter to fill in. Never overwrites a file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::Lang;

#[derive(Debug, Error)]
pub enum ScaffoldError {
    #[error("{0} finns redan; välj ett annat namn eller ta bort filen först")]
    Exists(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("titeln behöver minst en bokstav eller siffra")]
    EmptyTitle,
}

impl ScaffoldError {
    /// The error in `lang` (the `Display` text is Swedish).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ScaffoldError::Exists(p), Lang::En) => format!(
                "{} already exists; choose another name or remove the file first",
                p.display()
            ),
            (ScaffoldError::EmptyTitle, Lang::En) => {
                "the title needs at least one letter or digit".into()
            }
            (e, _) => e.to_string(),
        }
    }
}

fn create(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.to_path_buf()));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|source| ScaffoldError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    fs::write(path, bytes).map_err(|source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Today's date: `FRAMSTEG_TODAY` when set to a date, else the local date.
pub fn today() -> jiff::civil::Date {
    crate::load::today().unwrap_or_else(|_| crate::load::local_today())
}

const SITE_YAML: &str = "\
title: Min portal
description: Så går arbetet med vår plan.
base_url: https://example.se/
language: sv            # sv eller en
theme: egen             # themes/egen/: bara det ni ändrar, resten från det inbyggda temat
subjects:               # ordningen här är ordningen på webbplatsen
  - { id: sprak, name: Språk }
  - { id: so-no-matte, name: \"SO, NO och Matte\" }
  - { id: praktiska-amnen, name: Praktiska ämnen }
  - { id: blandade-amnen, name: Blandade ämnen }
# Tillgänglighetsredogörelsen (/tillganglighet/). `framsteg build` stoppar tills FYLL I är ersatt.
organisation: \"FYLL I: kommunens eller förvaltningens namn\"
contact: { email: \"FYLL I: e-post för synpunkter på tillgängligheten\" }
accessibility:
  compliance: partial    # full, partial eller none
  shortcomings: []       # kända brister, en mening var
";

/// Replaces `init`'s placeholders in `site.yaml` (for tests and scripts that build a new site).
pub const PLACEHOLDER_ORGANISATION: &str = "FYLL I: kommunens eller förvaltningens namn";
pub const PLACEHOLDER_EMAIL: &str = "FYLL I: e-post för synpunkter på tillgängligheten";

const PLAN_YAML: &str = "\
title: Handlingsplan
period: { start: 2025, end: 2030 }
summary: |
  Beskriv planen här.
goals: []
indicators: []
";

/// The site's own theme as `init` writes it: only a hook for a stylesheet; every other file
/// comes from the built-in theme, so an upgrade of framsteg reaches the site.
const OWN_THEME: &[(&str, &str)] = &[
    (
        "themes/egen/theme.yaml",
        "\
# Webbplatsens eget tema. Det ärver allt från det inbyggda temat och behöver bara de filer
# ni vill ändra. Läs README.md i den här mappen.
name: egen
extends: default
",
    ),
    (
        "themes/egen/README.md",
        "\
# Eget tema

Det här temat ärver från framstegs inbyggda tema (`extends: default` i `theme.yaml`). En fil
som inte finns här hämtas från det inbyggda temat, så när framsteg uppdateras får webbplatsen
de nya mallarna av sig själv.

- **Egna stilar:** skriv dem i `static/egen.css`. Den läses in efter framstegs egen stilmall
  (`templates/partials/head.html` länkar in den) och kan skriva över vad som helst i den.
- **Byta en mall:** kopiera mallen från det inbyggda temat (mappen `themes/default/templates/`
  i framstegs källkod) till `templates/` här, med samma namn, och ändra i kopian. Bara den
  mallen byts; alla andra hämtas fortfarande från det inbyggda temat. Ta bort kopian för att
  gå tillbaka.
- **Byta en text i gränssnittet:** skriv nyckeln och den nya texten i `i18n/sv.yaml` (eller
  `i18n/en.yaml`), till exempel `nav_subjects: Områden`. Andra nycklar behåller sin text.
- **Egna filer** (bilder, typsnitt, skript) i `static/` kopieras till webbplatsens rot.

Alla mallar, deras variabler och textnycklar står i framstegs dokumentation, `docs/teman.md`.
",
    ),
    (
        "themes/egen/templates/partials/head.html",
        "<link rel=\"stylesheet\" href=\"{{ site.base_path }}egen.css\">\n",
    ),
    (
        "themes/egen/static/egen.css",
        "/* Webbplatsens egna stilar. Läses in efter framsteg.css, så det som står här gäller. */\n",
    ),
];

/// Creates a new site in `dir`: its own small theme to adapt, and content that builds.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let mut made = Vec::new();
    let mut add = |rel: &str, bytes: &[u8]| -> Result<(), ScaffoldError> {
        let p = dir.join(rel);
        create(&p, bytes)?;
        made.push(p);
        Ok(())
    };
    add("content/site.yaml", SITE_YAML.as_bytes())?;
    add("content/plan/plan.yaml", PLAN_YAML.as_bytes())?;
    let date = today();
    let article = format!(
        "---\ntitle: Välkommen till portalen\ndate: {date}\nsubjects: [blandade-amnen]\n---\nHär berättar vi hur arbetet går.\n"
    );
    add(
        &format!("content/articles/{date}-valkommen.md"),
        article.as_bytes(),
    )?;
    add(
        "content/pages/om.md",
        "---\ntitle: Om webbplatsen\n---\nHär beskriver ni webbplatsen.\n".as_bytes(),
    )?;
    add(
        ".gitignore",
        b"output/\n.output.staging/\n.output.old/\n.output.lock\n.framsteg-cache/\n",
    )?;
    for (path, text) in OWN_THEME {
        add(path, text.as_bytes())?;
    }
    fs::create_dir_all(dir.join("content/media")).map_err(|source| ScaffoldError::Io {
        path: dir.join("content/media"),
        source,
    })?;
    Ok(made)
}

/// What `framsteg new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Article,
    Story,
    Initiative,
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Creates a content file for `title` under `root`, its comments in `lang`, and returns its
/// path.
pub fn new_file(
    root: &Path,
    kind: NewKind,
    title: &str,
    subject: &str,
    lang: Lang,
) -> Result<PathBuf, ScaffoldError> {
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let date = today();
    let t = yaml_quote(title);
    let year = date.year();
    let (rel, text) = match (kind, lang) {
        (NewKind::Article, Lang::Sv) => (
            format!("content/articles/{date}-{slug}.md"),
            format!(
                "---\ntitle: {t}\ndate: {date}\nsubjects: [{subject}]       # ett eller flera ämnen från site.yaml\nsummary: \"\"                # kort ingress; tom: första stycket\ndraft: true                 # ta bort när artikeln ska publiceras\n---\nSkriv artikeln här.\n"
            ),
        ),
        (NewKind::Article, Lang::En) => (
            format!("content/articles/{date}-{slug}.md"),
            format!(
                "---\ntitle: {t}\ndate: {date}\nsubjects: [{subject}]       # one or more subjects from site.yaml\nsummary: \"\"                # short lead; empty: the first paragraph\ndraft: true                 # remove when the article is to be published\n---\nWrite the article here.\n"
            ),
        ),
        (NewKind::Story, Lang::Sv) => (
            format!("content/stories/{date}-{slug}.yaml"),
            format!(
                "- title: {t}\n  date: {date}\n  school: \"\"\n  subjects: [{subject}]\n  initiatives: []\n  draft: true                 # ta bort när berättelsen ska publiceras\n  body: |\n    Skriv berättelsen här.\n"
            ),
        ),
        (NewKind::Story, Lang::En) => (
            format!("content/stories/{date}-{slug}.yaml"),
            format!(
                "- title: {t}\n  date: {date}\n  school: \"\"\n  subjects: [{subject}]\n  initiatives: []\n  draft: true                 # remove when the story is to be published\n  body: |\n    Write the story here.\n"
            ),
        ),
        (NewKind::Initiative, Lang::Sv) => (
            format!("content/plan/initiatives/{slug}.yaml"),
            format!(
                "title: {t}\nsubjects: [{subject}]\nstatus: planned            # planned, ongoing, completed, paused eller cancelled\nowner: \"\"\nperiod: {{ start: {date} }}\ngoals: []\nbudget: []                 # till exempel - {{ year: {year}, amount: 1000000, source: Statsbidrag }}\nsummary: \"\"\ndescription: |\n  Beskriv insatsen här.\nmilestones: []\ndraft: true                  # ta bort när insatsen ska publiceras\n"
            ),
        ),
        (NewKind::Initiative, Lang::En) => (
            format!("content/plan/initiatives/{slug}.yaml"),
            format!(
                "title: {t}\nsubjects: [{subject}]\nstatus: planned            # planned, ongoing, completed, paused or cancelled\nowner: \"\"\nperiod: {{ start: {date} }}\ngoals: []\nbudget: []                 # for example - {{ year: {year}, amount: 1000000, source: State grant }}\nsummary: \"\"\ndescription: |\n  Describe the initiative here.\nmilestones: []\ndraft: true                  # remove when the initiative is to be published\n"
            ),
        ),
    };
    let path = root.join(rel);
    create(&path, text.as_bytes())?;
    Ok(path)
}
