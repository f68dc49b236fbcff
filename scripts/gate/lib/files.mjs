// The gate's checks on the built files, without a browser: every internal link and
// fragment leads somewhere, the W3C Nu validator finds no error in any HTML file, the feeds
// are well-formed XML, the sitemap validates against sitemap.xsd (xmllint), and the JSON and
// CSV files parse. Each finding is { check, site, page, mode, rule, detail }.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Every file under dir, as paths relative to it with forward slashes, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out;
}

/** The URL path a built file is served at: a/index.html → /a/, 404.html → /404.html. */
export function urlOf(rel) {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };
function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (ENTITIES[e.toLowerCase()] !== undefined) return ENTITIES[e.toLowerCase()];
    if (e[0] === '#') {
      const n = e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(n);
    }
    return m;
  });
}

/** Attribute values in the markup outside <script>, <style> and comments. */
function attrs(html, names) {
  const body = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<script\b[\s\S]*?<\/script>/gi, '<script>')
    .replace(/<style\b[\s\S]*?<\/style>/gi, '<style>');
  const out = [];
  // A tag can hold more than one wanted attribute: scan each tag on its own.
  for (const tag of body.match(/<[a-zA-Z][^>]*>/g) || []) {
    const inner = new RegExp(`\\s(${names})\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'gi');
    let m;
    while ((m = inner.exec(tag))) out.push({ name: m[1].toLowerCase(), value: decode(m[3] ?? m[4] ?? m[5] ?? '') });
  }
  return out;
}

/**
 * Crawls every HTML file: each href/src/srcset/action that stays on the site (a path, a
 * relative URL, or the site's own base_url host) must name a built file, and a #fragment
 * must be an id (or a[name]) on that page.
 */
export function checkLinks(site, dir, baseUrl) {
  const findings = [];
  const files = listFiles(dir);
  const idCache = new Map();
  const ids = (rel) => {
    if (!idCache.has(rel)) {
      const set = new Set();
      for (const a of attrs(readFileSync(path.join(dir, rel), 'utf8'), 'id|name')) set.add(a.value);
      idCache.set(rel, set);
    }
    return idCache.get(rel);
  };
  const base = baseUrl ? new URL(baseUrl) : null;
  const fileFor = (pathname) => {
    let p = decodeURIComponent(pathname).replace(/^\/+/, '');
    if (base && base.pathname !== '/' && `/${p}`.startsWith(base.pathname)) p = `/${p}`.slice(base.pathname.length);
    if (p === '' || p.endsWith('/')) p += 'index.html';
    if (existsSync(path.join(dir, p)) && statSync(path.join(dir, p)).isFile()) return p;
    return null;
  };
  let links = 0;
  for (const rel of files.filter((f) => f.endsWith('.html'))) {
    const page = urlOf(rel);
    const pageUrl = new URL(page, 'http://gate.invalid');
    for (const a of attrs(readFileSync(path.join(dir, rel), 'utf8'), 'href|src|srcset|action|poster')) {
      const values = a.name === 'srcset' ? a.value.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean) : [a.value];
      for (const v of values) {
        if (/^(mailto|tel|data|javascript):/i.test(v)) continue;
        let target;
        try { target = new URL(v, pageUrl); } catch { findings.push({ check: 'links', site, page, mode: '', rule: 'bad-url', detail: `${a.name}="${v}" is no URL` }); continue; }
        let pathname;
        if (target.host === 'gate.invalid') pathname = target.pathname;
        else if (base && target.host === base.host && /^https?:$/.test(target.protocol)) pathname = target.pathname;
        else continue; // another host: `framsteg check --external` asks those
        links += 1;
        const file = fileFor(pathname);
        if (!file) {
          findings.push({ check: 'links', site, page, mode: '', rule: 'broken-link', detail: `${a.name}="${v}" leads to no built file` });
          continue;
        }
        const frag = target.hash ? decodeURIComponent(target.hash.slice(1)) : '';
        if (frag && file.endsWith('.html') && !ids(file).has(frag)) {
          findings.push({ check: 'links', site, page, mode: '', rule: 'broken-fragment', detail: `${a.name}="${v}": ${urlOf(file)} has no id "${frag}"` });
        }
      }
    }
  }
  return { findings, links };
}

/** The W3C Nu validator, once over every HTML file of every site (errors only). */
export function checkHtml(sites) {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  const dirs = sites.map((s) => s.dir);
  const r = spawnSync('java', ['-Xss8m', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', ...dirs], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`could not run java -jar vnu.jar: ${r.error.message}`);
  let messages;
  try {
    messages = JSON.parse(r.stderr || r.stdout || '{"messages":[]}').messages;
  } catch {
    throw new Error(`the Nu validator did not answer in JSON (exit ${r.status}):\n${(r.stderr || '').slice(0, 2000)}`);
  }
  const findings = [];
  for (const m of messages) {
    if (m.type !== 'error' && m.subType !== 'fatal') continue;
    const file = fileURLToPath(m.url);
    const s = sites.find((x) => file.startsWith(x.dir + path.sep));
    const rel = s ? path.relative(s.dir, file).split(path.sep).join('/') : file;
    findings.push({
      check: 'html', site: s ? s.name : '?', page: s ? urlOf(rel) : file, mode: '',
      rule: 'nu-validator', detail: `line ${m.lastLine}: ${m.message}${m.extract ? ` – “${m.extract.trim().slice(0, 120)}”` : ''}`,
    });
  }
  return findings;
}

/** Feeds and other XML well-formed, the sitemap valid, JSON and CSV parse. */
export function checkData(site, dir) {
  const findings = [];
  const files = listFiles(dir);
  const add = (rel, rule, detail) => findings.push({ check: 'data', site, page: urlOf(rel), mode: '', rule, detail });
  const xml = files.filter((f) => f.endsWith('.xml'));
  for (const rel of xml) {
    const args = ['--noout', '--nonet'];
    if (rel === 'sitemap.xml') args.push('--schema', path.join(here, '..', 'sitemap.xsd'));
    const r = spawnSync('xmllint', [...args, path.join(dir, rel)], { encoding: 'utf8' });
    if (r.error) throw new Error(`could not run xmllint: ${r.error.message}`);
    if (r.status !== 0) add(rel, rel === 'sitemap.xml' ? 'sitemap-schema' : 'xml', r.stderr.trim().split('\n').slice(0, 5).join(' | '));
  }
  if (!files.includes('sitemap.xml')) add('sitemap.xml', 'sitemap-missing', 'no sitemap.xml was built');
  if (!files.includes('atom.xml')) add('atom.xml', 'feed-missing', 'no atom.xml was built');
  for (const rel of files.filter((f) => f.endsWith('.json'))) {
    try { JSON.parse(readFileSync(path.join(dir, rel), 'utf8')); } catch (e) { add(rel, 'json', e.message); }
  }
  for (const rel of files.filter((f) => f.endsWith('.csv'))) {
    try {
      const rows = parseCsv(readFileSync(path.join(dir, rel), 'utf8'), { relax_column_count: false, bom: true });
      if (!rows.length) add(rel, 'csv', 'no header row');
    } catch (e) { add(rel, 'csv', e.message); }
  }
  return { findings, xml: xml.length };
}
