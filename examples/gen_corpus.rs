//! Writes a large, realistic site for benchmarking framsteg:
//!
//! ```text
//! cargo run --release --example gen_corpus -- 10000 /tmp/corpus-10k
//! cargo run --release --example gen_corpus -- 10000 /tmp/corpus-10k-p1000 --photos 1000
//! cargo run --release -- --root /tmp/corpus-10k build
//! ```
//!
//! The site follows DESIGN.md's format: `content/site.yaml` with four subjects, N articles in
//! `content/articles/YYYY-MM-DD-slug.md` (300–600 words of Swedish-ish Markdown with headings,
//! lists, links and a table; one or two subjects; some name initiatives), 200 initiatives with
//! budgets, milestones and one indicator each, `content/plan/plan.yaml` whose goals refer to
//! plan and initiative indicators, 1,000 stories in ten files, two free pages and a few media
//! files. The output depends on N only: the same N gives the same bytes (a small seeded PRNG,
//! no clock). With `--photos P`, P articles spread over the corpus show a photo of their own
//! (`media/foto-K.jpg`, 3000×2000 JPEG, about 1–2 MB each, made here) instead of any SVG; all
//! else is the same as without. Article `i` is the same in every corpus that has it, so the 1k corpus's articles
//! are the first thousand of the 10k corpus's. The folder is emptied of `content/` first.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::{date, Date};
use jiff::ToSpan;

const INITIATIVES: usize = 200;
const STORIES: usize = 1000;
const STORY_FILES: usize = 10;
const MEDIA: usize = 8;

const SUBJECTS: [(&str, &str); 4] = [
    ("sprak", "Språk"),
    ("so-no-matte", "SO, NO och Matte"),
    ("praktiska-amnen", "Praktiska ämnen"),
    ("blandade-amnen", "Blandade ämnen"),
];

const SCHOOLS: &[&str] = &[
    "Ängåsskolan",
    "Lindhagaskolan",
    "Tallåsskolan",
    "Solbackaskolan",
    "Hinnebäcksskolan",
    "Björkvallsskolan",
    "Ekbackens skola",
    "Granhammarsskolan",
    "Östra skolan",
    "Västerängsskolan",
    "Kvarnbäcksskolan",
    "Sjöängsskolan",
    "Norrbyskolan",
    "Rönnbäcksskolan",
    "Älvdalsskolan",
    "Hagaskolan",
];

const TOPICS: &[&str] = &[
    "läslust",
    "språkutveckling",
    "matematiklyft",
    "elevhälsa",
    "studiehandledning",
    "modersmål",
    "digitala verktyg",
    "skolbibliotek",
    "närvaro",
    "trygghet",
    "rörelse",
    "slöjd",
    "hemkunskap",
    "musik",
    "naturvetenskap",
    "programmering",
    "samhällskunskap",
    "vägledning",
    "lärarlyft",
    "nyanlända elever",
    "läxhjälp",
    "sommarskola",
    "kollegialt lärande",
    "extra anpassningar",
];

const VERBS: &[&str] = &[
    "satsar på",
    "provar",
    "utvecklar",
    "följer upp",
    "lyfter fram",
    "bygger ut",
    "samlar kraft kring",
    "tar nästa steg med",
    "utvärderar",
    "firar",
];

const NOUNS: &[&str] = &[
    "eleverna",
    "lärarna",
    "rektorn",
    "vårdnadshavarna",
    "arbetslaget",
    "förvaltningen",
    "skolan",
    "klassen",
    "elevhälsan",
    "fritidshemmet",
    "biblioteket",
    "studie- och yrkesvägledaren",
    "förstelärarna",
    "specialpedagogen",
    "kuratorn",
    "mentorn",
];

const WORDS: &[&str] = &[
    "undervisningen",
    "varje",
    "vecka",
    "tillsammans",
    "språket",
    "läsningen",
    "resultaten",
    "arbetet",
    "stödet",
    "tidigt",
    "tydligt",
    "gemensamt",
    "planen",
    "kunskaperna",
    "möjligheter",
    "förutsättningar",
    "lektionerna",
    "samtalen",
    "uppföljningen",
    "årskurs",
    "höstterminen",
    "vårterminen",
    "skolgården",
    "klassrummet",
    "matsalen",
    "utvecklingen",
    "behöver",
    "får",
    "ger",
    "visar",
    "märker",
    "berättar",
    "beskriver",
    "prövar",
    "känner",
    "hjälper",
    "mer",
    "fler",
    "bättre",
    "längre",
    "nya",
    "egna",
    "viktiga",
    "små",
    "stora",
    "alla",
    "många",
    "flera",
    "och",
    "men",
    "att",
    "som",
    "när",
    "med",
    "för",
    "på",
    "i",
    "av",
    "till",
    "från",
    "under",
    "efter",
    "det",
    "de",
    "vi",
    "hon",
    "han",
    "också",
    "redan",
    "nu",
    "ofta",
    "sedan",
    "kartläggningen",
    "likvärdigheten",
    "skillnaderna",
    "betygen",
    "behörigheten",
    "närvaron",
    "tryggheten",
    "lusten",
    "ansvaret",
    "förväntningarna",
    "mötet",
    "övningarna",
    "materialet",
    "ämnesområdet",
    "skolledningen",
    "kommunen",
    "statsbidraget",
    "satsningen",
];

const UNITS: &[&str] = &["percent", "count", "sek", "ratio"];
const STATUSES: &[&str] = &[
    "planned",
    "ongoing",
    "ongoing",
    "ongoing",
    "completed",
    "paused",
    "cancelled",
];
const SOURCES: &[&str] = &[
    "Statsbidrag för ökad likvärdighet",
    "Kommunens budget",
    "Skolverkets riktade bidrag",
    "Europeiska socialfonden",
];

/// SplitMix64: small, fast and good enough to pick words.
struct Rng(u64);

impl Rng {
    fn new(stream: u64, index: u64) -> Self {
        let mut r = Rng(0x5EED_F4A5_7E60_0001 ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.0 ^= index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

/// Lowercase ASCII slug: å, ä → a, ö → o, anything else → hyphen.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A sentence of 6–16 words; returns it and its word count.
fn sentence(r: &mut Rng) -> (String, usize) {
    let n = r.range(6, 16);
    let mut words = vec![r.pick(NOUNS).to_string()];
    for _ in 1..n {
        words.push(r.pick(WORDS).to_string());
    }
    let mut s = capitalize(&words.join(" "));
    s.push(if r.chance(8) { '!' } else { '.' });
    (s, n)
}

/// A paragraph of 2–5 sentences wrapped at about 90 columns, as editors write them.
fn paragraph(r: &mut Rng, out: &mut String) -> usize {
    let mut words = 0;
    let mut line_len = 0;
    for _ in 0..r.range(2, 5) {
        let (s, n) = sentence(r);
        words += n;
        for w in s.split(' ') {
            if line_len > 0 && line_len + w.len() > 90 {
                out.push('\n');
                line_len = 0;
            } else if line_len > 0 {
                out.push(' ');
                line_len += 1;
            }
            out.push_str(w);
            line_len += w.len();
        }
    }
    out.push_str("\n\n");
    words
}

/// Days from 2021-08-01 that content may be dated: up to 2026-06-30, in the past whenever the
/// benchmark runs, so that no article is scheduled (left out, and links to it errors) as the
/// calendar moves on.
const DATE_SPAN: usize = 1794;

fn article_date(i: usize) -> Date {
    let mut r = Rng::new(1, i as u64);
    date(2021, 8, 1) + (r.range(0, DATE_SPAN) as i64).days()
}

fn article_school(i: usize) -> &'static str {
    SCHOOLS[Rng::new(2, i as u64).range(0, SCHOOLS.len() - 1)]
}

fn article_title(i: usize) -> String {
    let mut r = Rng::new(7, i as u64);
    let school = article_school(i);
    let verb = r.pick(VERBS);
    let topic = r.pick(TOPICS);
    format!("{school} {verb} {topic}")
}

fn article_slug(i: usize) -> String {
    format!("{}-{i}", slugify(&article_title(i)))
}

fn initiative_topic(k: usize) -> &'static str {
    TOPICS[k % TOPICS.len()]
}

fn initiative_id(k: usize) -> String {
    format!("insats-{:03}-{}", k + 1, slugify(initiative_topic(k)))
}

fn indicator_id(k: usize) -> String {
    format!("nyckeltal-{:03}", k + 1)
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn subjects(r: &mut Rng) -> Vec<&'static str> {
    let first = r.range(0, 3);
    let mut v = vec![SUBJECTS[first].0];
    if r.chance(45) {
        let second = (first + r.range(1, 3)) % 4;
        v.push(SUBJECTS[second].0);
    }
    v
}

fn list(items: &[impl AsRef<str>]) -> String {
    let inner: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    format!("[{}]", inner.join(", "))
}

fn article(i: usize, n: usize, photo: Option<usize>) -> (PathBuf, String) {
    let mut r = Rng::new(3, i as u64);
    let d = article_date(i);
    let title = article_title(i);
    let slug = article_slug(i);
    let mut s = String::with_capacity(4096);
    s.push_str("---\n");
    writeln!(s, "title: {}", yaml_str(&title)).unwrap();
    writeln!(s, "date: {d}").unwrap();
    writeln!(s, "subjects: {}", list(&subjects(&mut r))).unwrap();
    let mut initiatives: Vec<usize> = Vec::new();
    if r.chance(40) {
        for _ in 0..r.range(1, 2) {
            let k = r.range(0, INITIATIVES - 1);
            if !initiatives.contains(&k) {
                initiatives.push(k);
            }
        }
        let ids: Vec<String> = initiatives.iter().map(|k| initiative_id(*k)).collect();
        writeln!(s, "initiatives: {}", list(&ids)).unwrap();
    }
    if r.chance(30) {
        let (sum, _) = sentence(&mut r);
        writeln!(s, "summary: {}", yaml_str(&sum)).unwrap();
    }
    let school = article_school(i);
    if r.chance(70) {
        writeln!(s, "school: {school}").unwrap();
    }
    if r.chance(50) {
        writeln!(s, "author: Kommunikationsavdelningen").unwrap();
    }
    if r.chance(5) {
        let k = r.range(1, MEDIA);
        if photo.is_none() {
            writeln!(s, "image: media/bild-{k}.svg").unwrap();
            writeln!(s, "image_alt: Elever och lärare på {school}").unwrap();
        }
    }
    if let Some(k) = photo {
        writeln!(s, "image: media/foto-{k}.jpg").unwrap();
        writeln!(s, "image_alt: Elever och lärare på {school}").unwrap();
    }
    if r.chance(10) {
        writeln!(s, "updated: {}", d + (r.range(1, 60) as i64).days()).unwrap();
    }
    s.push_str("---\n");

    let target = r.range(300, 600);
    let mut words = paragraph(&mut r, &mut s);
    let mut section = 0;
    while words < target {
        section += 1;
        let topic = r.pick(TOPICS);
        writeln!(
            s,
            "## {} {}\n",
            capitalize(topic),
            r.pick(&[
                "i fokus",
                "i praktiken",
                "framåt",
                "på schemat",
                "steg för steg"
            ])
        )
        .unwrap();
        words += 3 + paragraph(&mut r, &mut s);
        match section % 4 {
            1 => {
                for _ in 0..r.range(3, 5) {
                    let (sent, k) = sentence(&mut r);
                    writeln!(s, "- {}", sent.trim_end_matches(['.', '!'])).unwrap();
                    words += k;
                }
                s.push('\n');
            }
            2 => {
                s.push_str("| Läsår | Elever | Andel nöjda |\n|---|---:|---:|\n");
                for y in 0..r.range(3, 5) {
                    writeln!(
                        s,
                        "| {}/{} | {} | {},{} % |",
                        2021 + y,
                        22 + y,
                        r.range(40, 400),
                        r.range(55, 97),
                        r.range(0, 9)
                    )
                    .unwrap();
                }
                s.push('\n');
                words += 12;
            }
            3 => {
                let other = (i + r.range(1, n.max(2) - 1)) % n.max(1);
                write!(
                    s,
                    "– Det här är *precis* vad vi behövde, säger en lärare på {school}. "
                )
                .unwrap();
                write!(
                    s,
                    "Läs också [{}](/artiklar/{}/) och om \"{}\" på [Skolverkets webbplats](https://www.skolverket.se/).",
                    article_title(other),
                    article_slug(other),
                    r.pick(TOPICS)
                )
                .unwrap();
                s.push_str("\n\n");
                words += 20;
            }
            _ => {
                if let Some(k) = initiatives.first() {
                    let (topic, id) = (initiative_topic(*k), initiative_id(*k));
                    writeln!(s, "Arbetet är en del av insatsen [{topic}](/insatser/{id}/) i **handlingsplanen**.\n").unwrap();
                    words += 10;
                }
            }
        }
    }
    let file = format!("content/articles/{d}-{slug}.md");
    (PathBuf::from(file), s)
}

fn initiative(k: usize) -> (PathBuf, String) {
    let mut r = Rng::new(4, k as u64);
    let id = initiative_id(k);
    let topic = initiative_topic(k);
    let mut s = String::new();
    writeln!(s, "title: {} – satsning {}", capitalize(topic), k + 1).unwrap();
    writeln!(s, "subjects: {}", list(&subjects(&mut r))).unwrap();
    writeln!(s, "status: {}", r.pick(STATUSES)).unwrap();
    writeln!(
        s,
        "owner: {}",
        r.pick(&[
            "Utbildningsförvaltningen",
            "Grundskoleavdelningen",
            "Elevhälsan",
            SCHOOLS[k % SCHOOLS.len()]
        ])
    )
    .unwrap();
    let start = 2021 + r.range(0, 3) as i16;
    let end = start + r.range(1, 5) as i16;
    writeln!(
        s,
        "period: {{ start: {start}-0{}-01, end: {end}-12-31 }}",
        r.range(1, 8)
    )
    .unwrap();
    let goals: Vec<String> = (0..r.range(1, 2))
        .map(|_| goal_id(r.range(0, GOALS.len() - 1)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    writeln!(s, "goals: {}", list(&goals)).unwrap();
    s.push_str("budget:\n");
    for y in start..=end.min(2027) {
        writeln!(
            s,
            "  - {{ year: {y}, amount: {}00000, source: {} }}",
            r.range(5, 200),
            r.pick(SOURCES)
        )
        .unwrap();
    }
    let (sum, _) = sentence(&mut r);
    writeln!(s, "summary: {}", yaml_str(&sum)).unwrap();
    s.push_str("description: |\n");
    let mut desc = String::new();
    for _ in 0..r.range(2, 3) {
        paragraph(&mut r, &mut desc);
    }
    for line in desc.trim_end().lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            writeln!(s, "  {line}").unwrap();
        }
    }
    s.push_str("milestones:\n");
    for m in 0..r.range(2, 5) {
        let y = start as usize + m;
        writeln!(
            s,
            "  - {{ date: {y}-{:02}-15, title: Delmål {} för {topic}, done: {} }}",
            r.range(1, 12),
            m + 1,
            y < 2025
        )
        .unwrap();
    }
    s.push_str("indicators:\n");
    indicator(
        &mut s,
        &mut r,
        &indicator_id(k),
        &format!("Uppföljning av {topic}, satsning {}", k + 1),
    );
    (
        PathBuf::from(format!("content/plan/initiatives/{id}.yaml")),
        s,
    )
}

fn indicator(s: &mut String, r: &mut Rng, id: &str, title: &str) {
    let unit = *r.pick(UNITS);
    let base: usize = match unit {
        "percent" => r.range(40, 90),
        "count" => r.range(10, 900),
        "sek" => r.range(10_000, 90_000),
        _ => r.range(5, 30),
    };
    writeln!(s, "  - id: {id}").unwrap();
    writeln!(s, "    title: {title}").unwrap();
    writeln!(s, "    unit: {unit}").unwrap();
    writeln!(s, "    higher_is_better: {}", r.chance(75)).unwrap();
    writeln!(s, "    source: {{ name: Kolada, url: \"https://www.kolada.se/\", kpi: N{}, municipality: \"1880\" }}", r.range(10_000, 99_999)).unwrap();
    writeln!(s, "    baseline: {{ year: 2021, value: {base} }}").unwrap();
    writeln!(
        s,
        "    target: {{ year: 2027, value: {} }}",
        base + base / 10 + 1
    )
    .unwrap();
    let mut values = Vec::new();
    let mut note = None;
    for y in 2022..=2025 {
        if r.chance(8) {
            values.push(format!("{y}: null"));
            note = Some(y);
        } else {
            values.push(format!(
                "{y}: {}.{}",
                base + r.range(0, base / 8 + 1),
                r.range(0, 9)
            ));
        }
    }
    writeln!(s, "    values: {{ {} }}", values.join(", ")).unwrap();
    if let Some(y) = note {
        writeln!(s, "    notes: {{ {y}: Uppgiften sekretessbelagd }}").unwrap();
    }
}

const GOALS: &[&str] = &[
    "Fler elever når kunskapskraven i årskurs 9",
    "Alla elever får en god start i läsning och räkning",
    "Eleverna är närvarande och får stöd i tid",
    "Skillnaderna mellan skolorna minskar",
    "Nyanlända elever når målen snabbare",
    "Fler elever känner sig trygga i skolan",
    "Lärarna har tid för undervisningen",
    "Eleverna gör väl underbyggda studieval",
];

fn goal_id(g: usize) -> String {
    format!("mal-{}", g + 1)
}

fn plan() -> String {
    let mut r = Rng::new(5, 0);
    let mut s = String::new();
    s.push_str("title: Handlingsplan för likvärdig skola\n");
    s.push_str("period: { start: 2022, end: 2027 }\n");
    s.push_str("decided: { date: 2022-05-19, by: Grundskolenämnden }\n");
    s.push_str("summary: |\n");
    let mut summary = String::new();
    paragraph(&mut r, &mut summary);
    paragraph(&mut r, &mut summary);
    summary.push_str("Läs mer i [insatserna](/insatser/) och följ **nyckeltalen** varje år.\n");
    for line in summary.trim_end().lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            writeln!(s, "  {line}").unwrap();
        }
    }
    s.push_str("goals:\n");
    for (g, title) in GOALS.iter().enumerate() {
        let mut inds = vec![format!("plan-nyckeltal-{}", g + 1)];
        for _ in 0..r.range(1, 3) {
            inds.push(indicator_id(r.range(0, INITIATIVES - 1)));
        }
        inds.dedup();
        writeln!(
            s,
            "  - id: {}\n    title: {title}\n    indicators: {}",
            goal_id(g),
            list(&inds)
        )
        .unwrap();
    }
    s.push_str("indicators:\n");
    for g in 0..GOALS.len() {
        indicator(
            &mut s,
            &mut r,
            &format!("plan-nyckeltal-{}", g + 1),
            &format!("Nyckeltal för mål {}", g + 1),
        );
    }
    s
}

fn stories_file(f: usize) -> (PathBuf, String) {
    let per = STORIES / STORY_FILES;
    let mut s = String::new();
    for k in f * per..(f + 1) * per {
        let mut r = Rng::new(6, k as u64);
        let school = *r.pick(SCHOOLS);
        let topic = r.pick(TOPICS);
        let d = date(2021, 8, 1) + (r.range(0, DATE_SPAN) as i64).days();
        let title = format!("{school} och {topic} i årskurs {}", r.range(1, 9));
        writeln!(s, "- title: {title}").unwrap();
        writeln!(s, "  date: {d}").unwrap();
        writeln!(s, "  school: {school}").unwrap();
        writeln!(s, "  subjects: {}", list(&subjects(&mut r))).unwrap();
        let inits: Vec<String> = if r.chance(30) {
            vec![initiative_id(r.range(0, INITIATIVES - 1))]
        } else {
            Vec::new()
        };
        writeln!(s, "  initiatives: {}", list(&inits)).unwrap();
        writeln!(s, "  slug: {}-{}", slugify(&title), k + 1).unwrap();
        s.push_str("  body: |\n");
        let mut body = String::new();
        for _ in 0..r.range(2, 3) {
            paragraph(&mut r, &mut body);
        }
        for line in body.trim_end().lines() {
            if line.is_empty() {
                s.push('\n');
            } else {
                writeln!(s, "    {line}").unwrap();
            }
        }
    }
    (
        PathBuf::from(format!("content/stories/berattelser-{:02}.yaml", f + 1)),
        s,
    )
}

fn svg(k: usize) -> String {
    let hue = (k * 47) % 360;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 180\" role=\"img\"><title>Bild {k}</title>\
         <rect width=\"320\" height=\"180\" fill=\"hsl({hue},60%,85%)\"/>\
         <circle cx=\"{}\" cy=\"90\" r=\"50\" fill=\"hsl({hue},60%,45%)\"/></svg>\n",
        60 + k * 25
    )
}

const SITE_YAML: &str = "title: Likvärdig skola
description: Genererad testwebbplats för prestandamätning av framsteg.
base_url: https://likvardighet.example.se/
language: sv
theme: default
organisation: Utbildningsförvaltningen
contact: { email: tillganglighet@example.se }
subjects:
  - { id: sprak, name: Språk }
  - { id: so-no-matte, name: \"SO, NO och Matte\" }
  - { id: praktiska-amnen, name: Praktiska ämnen }
  - { id: blandade-amnen, name: Blandade ämnen }
";

const OM: &str = "---
title: Om webbplatsen
summary: En genererad webbplats för att mäta hur snabbt framsteg bygger.
---
Den här webbplatsen är **genererad** av `gen_corpus`. Texterna är slumpade ord.

## Varför

För att mäta byggtid och minne med många artiklar.
";

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_corpus <number of articles> <dir> [--photos <number>]";
    let n: usize = args.next().and_then(|a| a.parse().ok()).expect(usage);
    let dir = PathBuf::from(args.next().expect(usage));
    let photos: usize = match args.next().as_deref() {
        Some("--photos") => args.next().and_then(|a| a.parse().ok()).expect(usage),
        None => 0,
        Some(_) => panic!("{usage}"),
    };
    // Every `every`th article shows a photo, the first `photos` such.
    let every = n.checked_div(photos).map_or(0, |e| e.max(1));
    let photo_of =
        |i: usize| (every > 0 && i.is_multiple_of(every) && i / every < photos).then(|| i / every);
    let content = dir.join("content");
    if content.exists() {
        fs::remove_dir_all(&content).expect("remove old content/");
    }
    for sub in ["articles", "plan/initiatives", "stories", "pages", "media"] {
        fs::create_dir_all(content.join(sub)).expect("create content folders");
    }
    let write = |rel: &Path, text: &str| {
        fs::write(dir.join(rel), text).unwrap_or_else(|e| panic!("{}: {e}", rel.display()))
    };
    write(Path::new("content/site.yaml"), SITE_YAML);
    write(Path::new("content/pages/om.md"), OM);
    write(Path::new("content/plan/plan.yaml"), &plan());
    for k in 1..=MEDIA {
        write(
            &PathBuf::from(format!("content/media/bild-{k}.svg")),
            &svg(k),
        );
    }
    let mut bytes = 0usize;
    for i in 0..n {
        let (path, text) = article(i, n, photo_of(i));
        bytes += text.len();
        write(&path, &text);
    }
    for k in 0..INITIATIVES {
        let (path, text) = initiative(k);
        write(&path, &text);
    }
    for f in 0..STORY_FILES {
        let (path, text) = stories_file(f);
        write(&path, &text);
    }
    {
        use rayon::prelude::*;
        (0..photos).into_par_iter().for_each(|k| {
            let rel = PathBuf::from(format!("content/media/foto-{k}.jpg"));
            fs::write(dir.join(&rel), photo(k)).expect("write photo");
        });
    }
    println!(
        "{}: {n} articles ({:.1} MB of Markdown), {INITIATIVES} initiatives, {STORIES} stories in {STORY_FILES} files",
        dir.display(),
        bytes as f64 / 1e6
    );
}

/// A 3000×2000 JPEG that compresses about as a photo does: soft gradients, a few shapes and
/// grain, different for each `k`.
fn photo(k: usize) -> Vec<u8> {
    let (w, h) = (3000u32, 2000u32);
    let mut r = Rng::new(9, k as u64);
    let (cx, cy) = (r.range(500, 2500) as i64, r.range(400, 1600) as i64);
    let hue = r.range(0, 255) as u32;
    let mut seed = r.next();
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let grain = (seed % 25) as i64 - 12;
        let (dx, dy) = (x as i64 - cx, y as i64 - cy);
        let disc = if dx * dx + dy * dy < 300 * 300 { 60 } else { 0 };
        let c = |base: u32| (base as i64 + grain + disc).clamp(0, 255) as u8;
        image::Rgb([
            c((x * 200 / w + hue) % 256),
            c(y * 180 / h + 40),
            c(((x + y) * 120 / (w + h) + 255 - hue) % 256),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&img)
        .expect("encode photo");
    out
}
