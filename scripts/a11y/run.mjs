// Accessibility audit of a built framsteg site: axe-core (WCAG 2.0/2.1 A and AA plus
// best practice) on every page type, at phone (390×844) and desktop (1280×900) size,
// in light and dark colour scheme, plus a few checks axe does not make: heading levels that
// skip (h1 → h3), horizontal scrolling at 320 px width, and a skip link whose target exists.
//
// Usually started by ../a11y.sh, which builds and serves the site. By hand:
//   node scripts/a11y/run.mjs --base http://127.0.0.1:8765 --site /tmp/a11y-out
// Options / environment:
//   --base URL   (A11Y_BASE)      where the site is served; default http://127.0.0.1:8765
//   --site DIR   (A11Y_SITE)      the built site folder, used to pick a story page
//   --chromium P (CHROMIUM)       the browser; default /usr/bin/chromium
//   --verbose                     print every failing element, not only the first three
// Exits 0 when nothing was found, 1 when something was, 2 when the run itself failed.
// Needs Node 18+ and Chromium (apt-get install chromium); playwright-core never downloads a
// browser.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function arg(name, env, fallback) {
  const i = process.argv.indexOf(name);
  if (i !== -1 && process.argv[i + 1]) return process.argv[i + 1];
  return process.env[env] || fallback;
}
const base = arg('--base', 'A11Y_BASE', 'http://127.0.0.1:8765').replace(/\/$/, '');
const site = arg('--site', 'A11Y_SITE', '');
const executablePath = arg('--chromium', 'CHROMIUM', '/usr/bin/chromium');
const verbose = process.argv.includes('--verbose');

const pages = [
  '/',
  '/amnen/',
  '/amnen/sprak/',
  '/amnen/praktiska-amnen/',
  '/artiklar/fn-dagen-angasskolan/',
  '/insatser/',
  '/insatser/las-skriv-rakna-garanti/',
  '/plan/',
  '/om/',
  '/tillganglighet/',
  '/404.html',
  '/sok/?q=skola', // the search page with results (its script fills them in)
];
// One story: the first, by name, in the built site.
if (site && existsSync(path.join(site, 'berattelser'))) {
  const stories = readdirSync(path.join(site, 'berattelser')).filter((d) =>
    existsSync(path.join(site, 'berattelser', d, 'index.html')),
  ).sort();
  if (stories.length) pages.splice(5, 0, `/berattelser/${stories[0]}/`);
}

const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
];
const schemes = ['light', 'dark'];
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

// Findings: key → { rule, impact, help, url, where: Set, nodes: Map(target → summary) }.
const findings = new Map();
function add(rule, impact, help, helpUrl, where, nodes) {
  if (!findings.has(rule)) findings.set(rule, { impact, help, helpUrl, where: new Set(), nodes: new Map(), count: 0 });
  const f = findings.get(rule);
  f.where.add(where);
  for (const n of nodes) {
    f.count += 1;
    const key = `${where.split(' ')[0]}  ${n.target}`;
    if (!f.nodes.has(key)) f.nodes.set(key, n.summary);
  }
}

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser;
try {
  browser = await chromium.launch({ executablePath, args: launchArgs });
} catch (e) {
  console.error(`Could not start Chromium at ${executablePath}: ${e.message}`);
  process.exit(2);
}

let runs = 0;
try {
  for (const vp of viewports) {
    for (const scheme of schemes) {
      const context = await browser.newContext({
        viewport: { width: vp.width, height: vp.height },
        colorScheme: scheme,
        javaScriptEnabled: true,
      });
      const page = await context.newPage();
      for (const p of pages) {
        const where = `${p} (${vp.name}, ${scheme})`;
        const resp = await page.goto(base + p, { waitUntil: 'networkidle' });
        const expected = p === '/404.html' ? [200, 404] : [200];
        if (!resp || !expected.includes(resp.status())) {
          add('page-not-found', 'serious', `The page did not load (HTTP ${resp && resp.status()})`, '', where, [{ target: p, summary: '' }]);
          continue;
        }
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async (runTags) => {
          // eslint-disable-next-line no-undef
          return await axe.run(document, { runOnly: { type: 'tag', values: runTags }, resultTypes: ['violations'] });
        }, tags);
        runs += 1;
        for (const v of result.violations) {
          add(v.id, v.impact, v.help, v.helpUrl, where, v.nodes.map((n) => ({
            target: n.target.join(' '),
            summary: (n.failureSummary || '').split('\n').slice(1).join(' ').trim(),
          })));
        }
        // Checks axe leaves out (once per page: they do not depend on size or scheme).
        if (vp.name === 'phone' && scheme === 'light') {
          const extra = await page.evaluate(() => {
            const out = [];
            let prev = 0;
            for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
              const level = Number(h.tagName[1]);
              if (prev && level > prev + 1) out.push({ rule: 'heading-skip', target: `${h.tagName.toLowerCase()} "${h.textContent.trim().slice(0, 50)}"`, summary: `h${prev} followed by h${level}` });
              if (!prev && level !== 1) out.push({ rule: 'heading-skip', target: h.tagName.toLowerCase(), summary: 'the first heading is not an h1' });
              prev = level;
            }
            const skip = document.querySelector('a.skip-link');
            if (!skip) out.push({ rule: 'skip-link', target: 'body', summary: 'no a.skip-link' });
            else {
              const id = decodeURIComponent((skip.getAttribute('href') || '').slice(1));
              if (!id || !document.getElementById(id)) out.push({ rule: 'skip-link', target: 'a.skip-link', summary: `target #${id} missing` });
            }
            return out;
          });
          for (const e of extra) add(e.rule, 'moderate', e.rule === 'heading-skip' ? 'Heading levels should not skip (h1 → h2 → h3)' : 'The skip link must lead to the main content', '', where, [e]);
          // Reflow (WCAG 1.4.10): no horizontal scrolling at 320 CSS px.
          await page.setViewportSize({ width: 320, height: 640 });
          const overflow = await page.evaluate(() => {
            const w = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= w) return [];
            const wide = [];
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > w + 1 && r.width > 0) {
                let sel = el.tagName.toLowerCase();
                if (el.id) sel += `#${el.id}`;
                else if (el.classList.length) sel += `.${[...el.classList].join('.')}`;
                wide.push(`${sel} (right edge ${Math.round(r.right)} px)`);
              }
            }
            return wide.slice(0, 5).map((t) => ({ target: t, summary: `page is ${document.documentElement.scrollWidth} px wide at ${w} px` }));
          });
          if (overflow.length) add('reflow-320', 'serious', 'No horizontal scrolling at 320 px width (WCAG 1.4.10)', '', `${p} (320px, light)`, overflow);
          await page.setViewportSize({ width: vp.width, height: vp.height });
        }
      }
      await context.close();
    }
  }
} catch (e) {
  console.error(`The audit failed: ${e.stack || e.message}`);
  await browser.close();
  process.exit(2);
}
await browser.close();

console.log(`Checked ${pages.length} pages × ${viewports.length} sizes × ${schemes.length} colour schemes (${runs} axe runs).`);
if (findings.size === 0) {
  console.log('No accessibility problems found.');
  process.exit(0);
}
let total = 0;
for (const [rule, f] of [...findings].sort()) {
  total += f.count;
  console.log(`\n${rule} [${f.impact}] ${f.help} – ${f.count} element(s) on ${f.where.size} page view(s)`);
  if (f.helpUrl) console.log(`  ${f.helpUrl}`);
  const nodes = [...f.nodes];
  for (const [key, summary] of verbose ? nodes : nodes.slice(0, 3)) console.log(`  ${key}${summary ? `\n      ${summary}` : ''}`);
  if (!verbose && nodes.length > 3) console.log(`  … and ${nodes.length - 3} more (--verbose shows all)`);
}
console.log('\nSummary (elements per rule):');
for (const [rule, f] of [...findings].sort()) console.log(`  ${rule}: ${f.count}`);
console.log(`${total} problem(s) found.`);
process.exit(1);
