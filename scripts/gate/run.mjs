// The gate: every check of ../gate.sh on built sites, one report.
//
//   node run.mjs --site NAME=DIR [--site NAME=DIR …] [--report FILE] [--chromium PATH]
//                [--workers N] [--only /,/om/] [--quiet]
//                [--search NAME=WORD,MANY …] [--transfer NAME=WORD …] [--transfer-limit BYTES]
//
// Files (no browser): links and fragments, the Nu validator, XML/sitemap/JSON/CSV.
// Browser: every HTML page once (axe, 1280 px, light); then each page TYPE (its smallest and
// its largest page) at 320, 375 and 1280 px, light and dark, also without JavaScript when the
// page has a script; keyboard at 320 and 1280 px; chart text at 320 px; charts in forced
// colours; link addresses in print. Every load refuses requests to other hosts.
// Search (sok.js on /sok/): --search types WORD into the field of site NAME at 320 and 1280 px,
// light and dark, and checks with axe, reflow and keyboard once the results (with sections
// under headings and marked words) are shown; it types MANY (a word with more than ten hits)
// at 320 and 1280 px and presses "show more" by keyboard. --transfer types WORD on a fresh
// /sok/ and sums every response body from the page's load to the results: at most
// --transfer-limit bytes (default 300000); the figure is printed.
// Prints the findings grouped by check (page, mode, rule, detail) and writes them as JSON to
// --report (--quiet: only the count). Exits 0 when nothing was found, 1 when something was, 2 when the gate itself failed.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles, urlOf, checkLinks, checkHtml, checkData } from './lib/files.mjs';
import { serve } from './lib/serve.mjs';
import { runJobs } from './lib/browser.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i !== -1 && argv[i + 1] ? argv[i + 1] : fallback;
};
const sites = [];
const searches = new Map();
const transfers = new Map();
argv.forEach((a, i) => {
  if (a === '--site') {
    const [name, dir] = argv[i + 1].split('=');
    sites.push({ name, dir: path.resolve(dir) });
  }
  if (a === '--search' || a === '--transfer') {
    const [name, words] = argv[i + 1].split('=');
    (a === '--search' ? searches : transfers).set(name, words.split(','));
  }
});
const transferLimit = Number(opt('--transfer-limit', '300000'));
if (!sites.length) {
  console.error('usage: node run.mjs --site NAME=DIR … [--report FILE] [--chromium PATH] [--workers N]');
  process.exit(2);
}
const executablePath = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const workers = Number(opt('--workers', process.env.GATE_WORKERS || '3'));
const reportFile = opt('--report', '');
// --only /,/om/ : the browser checks only these pages, once each at 1280 px light (the
// self-test needs no more); the file checks still cover every file.
const only = opt('--only', '') ? opt('--only', '').split(',') : null;

const started = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const log = (s) => console.log(s);
const findings = [];

/** True when the page runs a script: a <script> with no type or a JavaScript one (data such
 *  as JSON-LD, type="application/ld+json", runs nothing). */
function hasScript(html) {
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(m[1]);
    if (!type || /^(module|text\/javascript|application\/javascript)$/i.test(type[1])) return true;
  }
  return false;
}

/** The page type of a URL path: its first folder, the rest as * (pagination kept). */
function typeOf(url) {
  if (url === '/') return '/';
  const segs = url.split('/').filter(Boolean);
  return `/${segs[0]}/${segs.slice(1).map((s) => (s === 'sida' ? 'sida' : '*')).join('/')}`;
}

/** Jobs for one served site. */
function plan(site, base) {
  const html = listFiles(site.dir).filter((f) => f.endsWith('.html'));
  const info = html.map((rel) => {
    const text = readFileSync(path.join(site.dir, rel), 'utf8');
    return { rel, url: urlOf(rel), size: statSync(path.join(site.dir, rel)).size, scripted: hasScript(text), charts: /<svg\b[^>]*class="chart\b/i.test(text) };
  });
  const byType = new Map();
  for (const p of info) {
    const t = typeOf(p.url);
    if (!byType.has(t)) byType.set(t, []);
    byType.get(t).push(p);
  }
  const samples = [];
  for (const [, pages] of [...byType].sort()) {
    const sorted = pages.slice().sort((a, b) => a.size - b.size || a.url.localeCompare(b.url));
    for (const p of new Set([sorted[0], sorted[sorted.length - 1]])) samples.push(p);
  }
  // The search page with a query, as a reader arrives from the search form.
  const search = info.find((p) => p.url === '/sok/');
  if (search) samples.push({ ...search, url: '/sok/?q=skola' });
  const jobs = [];
  const job = (p, mode, checks) => jobs.push({ site: site.name, base, page: p.url, scripted: p.scripted, charts: p.charts, mode, checks });
  if (only) {
    for (const p of info.filter((x) => only.includes(x.url))) job(p, { width: 1280, scheme: 'light', js: true }, ['axe']);
    return { jobs, pages: info.length, types: byType.size, samples: 0 };
  }
  const sampled = new Set(samples.map((p) => p.url));
  for (const p of info) if (!sampled.has(p.url)) job(p, { width: 1280, scheme: 'light', js: true }, ['axe']);
  for (const p of samples) {
    for (const js of p.scripted ? [true, false] : [true]) {
      for (const width of [320, 375, 1280]) {
        for (const scheme of ['light', 'dark']) {
          const checks = ['axe', 'reflow'];
          if (scheme === 'light' && width !== 375) checks.push('keyboard');
          if (scheme === 'light' && width === 320 && js && p.charts) checks.push('charts');
          job(p, { width, scheme, js }, checks);
        }
      }
    }
    if (p.charts) job(p, { width: 1280, scheme: 'light', js: true, forced: true }, ['forced']);
    job(p, { width: 1280, scheme: 'light', js: true, print: true }, ['print']);
  }
  // The search page as a reader uses it: a query typed, the results on screen.
  const [word, many] = searches.get(site.name) || [];
  if (search && word) {
    for (const width of [320, 1280]) {
      for (const scheme of ['light', 'dark']) {
        job(search, { width, scheme, js: true, query: word }, scheme === 'light' ? ['sections', 'axe', 'reflow', 'keyboard'] : ['sections', 'axe', 'reflow']);
      }
    }
  }
  if (search && many) {
    for (const width of [320, 1280]) job(search, { width, scheme: 'light', js: true, query: many }, ['more', 'axe', 'reflow', 'keyboard']);
  }
  const [common] = transfers.get(site.name) || [];
  if (search && common) {
    job(search, { width: 1280, scheme: 'light', js: true, query: common }, ['transfer']);
    jobs[jobs.length - 1].limit = transferLimit;
  }
  if ((word || common) && !search) findings.push({ check: 'search', site: site.name, page: '/sok/', mode: '', rule: 'no-search-page', detail: 'the site has no /sok/index.html to type a query into' });
  return { jobs, pages: info.length, types: byType.size, samples: samples.length };
}

let exitCode = 0;
const servers = [];
try {
  // 1. Files.
  let t = Date.now();
  let links = 0;
  for (const s of sites) {
    const index = readFileSync(path.join(s.dir, 'index.html'), 'utf8');
    const canonical = /<link rel="canonical" href="([^"]+)"/.exec(index);
    const r = checkLinks(s.name, s.dir, canonical ? canonical[1] : null);
    links += r.links;
    findings.push(...r.findings);
    findings.push(...checkData(s.name, s.dir).findings);
  }
  log(`gate: links, feeds, sitemap, JSON and CSV checked (${links} internal links) in ${secs(t)}`);
  t = Date.now();
  const html = checkHtml(sites);
  findings.push(...html);
  log(`gate: Nu validator over ${sites.map((s) => listFiles(s.dir).filter((f) => f.endsWith('.html')).length).reduce((a, b) => a + b, 0)} HTML files in ${secs(t)}`);

  // 2. Browser.
  t = Date.now();
  const jobs = [];
  for (const s of sites) {
    const srv = await serve(s.dir);
    servers.push(srv);
    const p = plan(s, srv.url);
    log(`gate: ${s.name}: ${p.pages} pages of ${p.types} types, ${p.samples} sampled in every mode, ${p.jobs.length} page loads`);
    jobs.push(...p.jobs);
  }
  const r = await runJobs({ executablePath, jobs, workers, log });
  findings.push(...r.findings);
  log(`gate: browser: ${r.loads} page loads, ${r.axeRuns} axe runs, ${workers} workers, in ${secs(t)}`);
  for (const n of r.notes) log(`gate: search: ${n}`);
} catch (e) {
  console.error(`gate: the gate itself failed: ${e.stack || e.message}`);
  exitCode = 2;
} finally {
  for (const s of servers) await s.close();
}

// 3. Report: one line per finding, the same finding in several modes on one line.
const grouped = new Map();
for (const f of findings) {
  f.detail = String(f.detail).replace(/\s+/g, ' ').trim();
  const key = [f.check, f.site, f.page, f.rule, f.detail].join('\u0000');
  if (!grouped.has(key)) grouped.set(key, { ...f, modes: [] });
  if (f.mode && !grouped.get(key).modes.includes(f.mode)) grouped.get(key).modes.push(f.mode);
}
const lines = [...grouped.values()].sort((a, b) => [a.check, a.site, a.page, a.rule].join(' ').localeCompare([b.check, b.site, b.page, b.rule].join(' ')));
if (reportFile) writeFileSync(reportFile, JSON.stringify(findings, null, 1));
const quiet = argv.includes('--quiet');
if (lines.length) {
  let check = '';
  for (const f of lines) {
    if (quiet) break;
    if (f.check !== check) {
      check = f.check;
      console.log(`\n== ${check} ==`);
    }
    console.log(`${f.site} ${f.page}${f.modes.length ? ` (${f.modes.join(', ')})` : ''} [${f.rule}] ${f.detail}`);
  }
  const per = {};
  for (const f of lines) per[f.check] = (per[f.check] || 0) + 1;
  console.log(`\ngate: ${quiet ? 'found' : 'FAILED –'} ${lines.length} problem(s): ${Object.entries(per).map(([k, v]) => `${k} ${v}`).join(', ')} (${secs(started)})`);
  if (!exitCode) exitCode = 1;
} else if (!exitCode) {
  console.log(`gate: passed (${secs(started)})`);
}
process.exit(exitCode);
