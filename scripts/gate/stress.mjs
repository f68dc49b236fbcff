// Writes the gate's stress site: content that pushes the templates where the example site
// does not go. Long Swedish compound words (in titles, subjects, table cells), a subject with
// nothing in it and one with enough articles to paginate, a list of 1,000 items and one of
// none, every initiative status, an initiative and an article with only the required keys,
// tables, footnotes, an image, stories without image or school, indicators of every unit with
// missing years and notes, and the theme's default accessibility statement.
//
//   node stress.mjs DIR [sv|en]
//
// DIR is created (it must not exist); the site is DIR/content/site.yaml … Deterministic: the
// same arguments always write the same files.

import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const [dir, lang = 'sv'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node stress.mjs DIR [sv|en]');
  process.exit(2);
}
if (existsSync(dir)) {
  console.error(`stress.mjs: ${dir} already exists`);
  process.exit(2);
}
const en = lang === 'en';
const c = path.join(dir, 'content');
function write(rel, text) {
  const p = path.join(c, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
}

const LONG = 'Grundskoleförvaltningsutvecklingssamordnarutbildningsprogrammet';
const LONG2 = 'Elevhälsoteamsmedarbetarkompetensutvecklingsinsatsen';

write('site.yaml', `title: ${en ? 'Equal schools stress test' : `Stresstest för ${LONG}`}
description: ${en ? 'A site that tests the templates at their limits.' : 'En webbplats som prövar mallarna vid gränserna.'}
base_url: https://stress.example.se/
language: ${lang}
theme: default
organisation: Gatekommunen
contact: { email: tillganglighet@gate.example.se, phone: 010-000 00 00 }
accessibility:
  compliance: partial
  shortcomings:
    - ${en ? 'Search needs JavaScript.' : 'Sökfunktionen kräver JavaScript.'}
  assessed_by: ${en ? 'We checked the site with automated tools and by keyboard.' : 'Vi har kontrollerat webbplatsen med automatiska verktyg och med tangentbord.'}
subjects:
  - { id: sprak, name: Språk, description: Läsning och skrivning. }
  - { id: langa-ord, name: "${LONG2}" }
  - { id: tom, name: ${en ? 'Empty area' : 'Tomt ämne'} }
data_license: CC0 1.0
`);

// 1×1 SVG image for the article with an image.
write('media/bild.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20" fill="#2a6"/></svg>\n');

// Plan: every unit, missing years, notes, an indicator with no values at all.
write('plan/plan.yaml', `title: ${LONG}s handlingsplan
period: { start: 2022, end: 2027 }
decided: { date: 2022-05-19, by: Grundskolenämnden }
summary: |
  Planen har fyra mål. Tabell:

  | år | ${LONG2} |
  |---|---|
  | 2022 | 12 |
  | 2023 | 14 |
goals:
  - id: mal-ett
    title: ${LONG}
    indicators: [andel, antal, kronor, kvot]
  - id: mal-tva
    title: Mål utan indikatorer
    indicators: []
  - id: mal-tre
    title: Mål med en indikator utan värden
    indicators: [tom-indikator]
indicators:
  - id: andel
    title: Andel elever med ${LONG2}
    unit: percent
    higher_is_better: true
    source: { name: Kolada, url: "https://www.kolada.se/", kpi: N15419, municipality: "1880" }
    baseline: { year: 2021, value: 81.2 }
    target: { year: 2027, value: 90 }
    values: { 2022: 82.0, 2023: null, 2024: 84.1, 2025: 85.6 }
    notes: { 2023: Uppgiften sekretessbelagd }
  - id: antal
    title: Antal elever
    unit: count
    higher_is_better: true
    values: { 2022: 10234, 2023: 10421 }
  - id: kronor
    title: Kostnad per elev
    unit: sek
    higher_is_better: false
    baseline: { year: 2021, value: 118000 }
    values: { 2024: 121500 }
  - id: kvot
    title: Elever per lärare
    unit: ratio
    higher_is_better: false
    target: { year: 2027, value: 11.5 }
    values: { 2021: 12.9, 2022: 12.7, 2023: 12.4, 2024: 12.2, 2025: 12.1 }
  - id: tom-indikator
    title: Indikator utan värden
    unit: percent
    higher_is_better: true
`);

const statuses = ['planned', 'ongoing', 'completed', 'paused', 'cancelled'];
statuses.forEach((s, i) => {
  const milestones = Array.from({ length: 12 }, (_, k) =>
    `  - { date: 20${22 + Math.floor(k / 3)}-0${1 + (k % 3) * 3}-15, title: Milstolpe ${k + 1} för ${LONG2}, done: ${k < 6} }`).join('\n');
  write(`plan/initiatives/insats-${s}.yaml`, `title: ${LONG} – ${s}
subjects: [sprak, langa-ord]
status: ${s}
owner: ${LONG}
period: { start: 2022-01-01, end: 2027-12-31 }
goals: [mal-ett]
budget:
  - { year: 2022, amount: 12000000, source: Statsbidrag för ökad likvärdighet }
  - { year: 2023, amount: 3500000, source: Kommunens budget }
  - { year: 2023, amount: 250000, source: ${LONG2} }
summary: En insats med status ${s}.
description: |
  Beskrivning med en fotnot.[^1]

  [^1]: Fotnoten.
milestones:
${milestones}
indicators:
  - id: lokal-${i}
    title: Lokal indikator ${i}
    unit: percent
    higher_is_better: ${i % 2 === 0}
    values: { 2022: ${50 + i}, 2023: ${52 + i}, 2024: null, 2025: ${55 + i} }
`);
});
// Only the required keys.
write('plan/initiatives/minimal.yaml', `title: Minimal insats
subjects: [tom]
status: planned
`);

// Articles.
const list1000 = Array.from({ length: 1000 }, (_, i) => `- punkt ${i + 1}: ${i % 50 === 0 ? LONG : 'kort'}`).join('\n');
write('articles/2024-01-10-lang-lista.md', `---
title: En lista med tusen punkter
date: 2024-01-10
subjects: [sprak]
summary: Tusen punkter i en lista.
---
${list1000}
`);
write('articles/2024-01-11-tabeller-och-fotnoter.md', `---
title: ${LONG} i tabeller och fotnoter
date: 2024-01-11
subjects: [sprak, langa-ord]
initiatives: [insats-ongoing, insats-paused]
summary: Tabeller, fotnoter och ${LONG2}.
school: ${LONG}skolan
author: Kommunikationsavdelningen
updated: 2024-02-01
image: media/bild.svg
image_alt: En grön rektangel
---
Ett stycke med en fotnot[^a] och en till.[^b]

## Tabell {#tabell}

| skola | ${LONG2} | andel |
|---|---|---:|
| ${LONG}skolan | ja | 81,2 % |
| Ängåsskolan | nej | 12 % |

### Underrubrik

Text med [en länk till tabellen](#tabell), [till planen](/plan/) och ~~överstruket~~.

> Ett citat om ${LONG}.

\`\`\`
kod
\`\`\`

[^a]: Första fotnoten.
[^b]: Andra fotnoten, med ${LONG2}.
`);
// Only the required keys.
write('articles/2024-01-12-minimal.md', `---
title: Minimal
date: 2024-01-12
subjects: [langa-ord]
---
Kort.
`);
// Enough to paginate a subject (20 per page).
for (let i = 1; i <= 45; i++) {
  const d = `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
  write(`articles/${d}-nyhet-${i}.md`, `---
title: Nyhet nummer ${i} om ${i % 5 === 0 ? LONG : 'skolan'}
date: ${d}
subjects: [sprak]
summary: Kort sammanfattning ${i}.
---
Text ${i}.
`);
}

// Stories: without image, without school, without initiatives.
write('stories/berattelser.yaml', `- title: Berättelse utan skola
  date: 2023-05-05
  subjects: [sprak]
  body: |
    En berättelse utan bild och utan skola.
- title: ${LONG}
  date: 2023-06-06
  school: ${LONG}skolan
  subjects: [sprak, langa-ord]
  initiatives: [insats-completed]
  summary: En sammanfattning.
  body: |
    En berättelse med ett långt ord: ${LONG2}.

    | a | b |
    |---|---|
    | 1 | 2 |
`);

// A free page with a table and an empty list (nothing to list is the empty subject).
write('pages/om.md', `---
title: Om ${LONG}
summary: Om webbplatsen.
---
## Vem

| roll | namn |
|---|---|
| ${LONG2} | Anna |
`);
console.log(`stress site (${lang}) written to ${dir}`);
