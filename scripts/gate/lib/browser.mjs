// The gate's checks in Chromium: one browser, a few workers (each with a JavaScript context
// and a context without), every job one page load in one mode. Per load: no request to
// another host (every request is intercepted; others are refused and reported), no script
// error, no missing local resource, then the checks the job asks for: axe-core (WCAG 2.0/2.1
// A and AA), reflow at the width, keyboard (every interactive element reached by Tab with a
// visible focus, the skip link moves focus to <main>), chart text size, charts in forced
// colours, link addresses in print. On the search page a job may first type a query (the
// results with their sections are then what axe and the keyboard check see), press "show
// more" by keyboard, or measure what a first query transfers. Findings are
// { check, site, page, mode, rule, detail }.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import * as probe from './probes.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT = 120_000;

export function modeName(m) {
  return `${m.width}px ${m.scheme}${m.js ? '' : ' no-js'}${m.forced ? ' forced-colors' : ''}${m.print ? ' print' : ''}${m.query ? ` typed “${m.query}”` : ''}`;
}

/** Runs every job; resolves to { findings, loads, axeRuns, notes } (notes: figures to print). */
export async function runJobs({ executablePath, jobs, workers = 3, log = () => {} }) {
  const findings = [];
  const notes = [];
  let loads = 0;
  let axeRuns = 0;
  // playwright-core starts Chromium with --headless and a new, empty user-data-dir of its
  // own (a temporary folder it removes on close); the flags below are the ones this machine needs.
  const browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS, timeout: TIMEOUT });
  const queue = jobs.slice();
  let done = 0;
  const worker = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    context.setDefaultTimeout(TIMEOUT);
    context.setDefaultNavigationTimeout(TIMEOUT);
    const page = await context.newPage();
    const state = { job: null, external: [], missing: [], errors: [], bodies: [] };
    await page.route('**/*', async (route) => {
      const req = route.request();
      const url = req.url();
      if (/^(data|blob|about):/.test(url)) return route.continue();
      // The gate's own servers are all on 127.0.0.1; a late request of the page before (its
      // favicon) may reach another of them, which is no fault.
      if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) {
        state.external.push(url);
        return route.abort('blockedbyclient');
      }
      if (!state.job || state.job.mode.js) return route.continue();
      // Without JavaScript: the page as a browser with scripting off shows it.
      if (req.resourceType() === 'script') return route.abort('blockedbyclient');
      if (req.resourceType() !== 'document') return route.continue();
      // The gate's own fetch may meet a connection the server is just closing (ECONNRESET):
      // tried again, up to three times, before the page load fails (and is reported as such).
      // An error here must never escape: it would end the whole gate, not fail one page.
      for (let attempt = 1; ; attempt += 1) {
        try {
          const resp = await route.fetch();
          return await route.fulfill({ response: resp, body: withoutScripts(await resp.text()) });
        } catch (e) {
          if (attempt >= 3) return route.abort('failed').catch(() => {});
          await new Promise((r) => setTimeout(r, 100 * attempt));
        }
      }
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') state.missing.push(`${r.status()} ${r.url()}`);
      // What a transfer job's page receives: every response body, from the page's own load on.
      if (state.job && state.job.checks.includes('transfer')) {
        state.bodies.push(r.body().then((b) => ({ url: r.url(), bytes: b.length }), () => ({ url: r.url(), bytes: 0 })));
      }
    });
    page.on('pageerror', (e) => state.errors.push(e.message));
    for (;;) {
      const job = queue.shift();
      if (!job) break;
      const t0 = Date.now();
      if (process.env.GATE_DEBUG) log(`  start ${job.site} ${job.page} ${modeName(job.mode)} ${job.checks}`);
      await runJob(page, state, job, findings).then((r) => { loads += 1; axeRuns += r.axe; if (r.note) notes.push(r.note); }, (e) => {
        findings.push({ check: 'run', site: job.site, page: job.page, mode: modeName(job.mode), rule: 'page-failed', detail: e.message.split('\n')[0] });
      });
      done += 1;
      if (process.env.GATE_DEBUG) log(`  done  ${job.site} ${job.page} ${modeName(job.mode)} ${Date.now() - t0} ms`);
      if (done % 50 === 0) log(`  ${done}/${jobs.length} page loads`);
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    await browser.close();
  }
  return { findings, loads, axeRuns, notes };
}

/**
 * A page as it is without JavaScript: its scripts and event attributes gone, <noscript>
 * content shown. (Chromium's own switch for scripts also stops the page.evaluate promises the
 * checks need, so the gate takes the scripts out instead.)
 */
function withoutScripts(html) {
  return html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<noscript\b[^>]*>([\s\S]*?)<\/noscript\s*>/gi, '$1')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '');
}

async function runJob(page, state, job, findings) {
  const m = job.mode;
  const mode = modeName(m);
  const add = (check, rule, detail) => findings.push({ check, site: job.site, page: job.page, mode, rule, detail });
  state.job = job;
  // state.external is not emptied here: a request made after the page before was checked is
  // reported with this one rather than lost.
  state.missing = [];
  state.errors = [];
  state.bodies = [];
  await page.setViewportSize({ width: m.width, height: m.width < 600 ? 800 : 900 });
  await page.emulateMedia({ media: m.print ? 'print' : 'screen', colorScheme: m.scheme, forcedColors: m.forced ? 'active' : 'none', reducedMotion: 'reduce' });
  const resp = await page.goto(job.base + job.page, { waitUntil: 'load' });
  const want = job.page === '/404.html' ? [200, 404] : [200];
  if (!resp || !want.includes(resp.status())) add('run', 'http-status', `the page answered ${resp && resp.status()}`);
  // A page with scripts is done when its requests are (the search page fetches its index).
  if (m.js && job.scripted) await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts && document.fonts.ready.then(() => true));
  let note = null;
  if (m.query) {
    const shown = await typeQuery(page, m.query, job.checks.includes('sections'), add);
    if (shown && job.checks.includes('more')) await pressMore(page, add);
    if (shown && job.checks.includes('transfer')) note = await transfer(state, job, add);
  }
  let axe = 0;
  if (job.checks.includes('axe')) {
    await page.evaluate(axeSource);
    const result = await page.evaluate((tags) => window.axe.run(document, {
      runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
    }), AXE_TAGS);
    axe = 1;
    for (const v of result.violations) {
      for (const n of v.nodes) {
        add('axe', v.id, `${v.help}: ${n.target.join(' ')}${n.failureSummary ? ` – ${n.failureSummary.split('\n').slice(1).join(' ').trim().slice(0, 300)}` : ''}`);
      }
    }
  }
  if (job.checks.includes('reflow') && m.width <= 400) {
    for (const r of await page.evaluate(probe.reflow)) add('reflow', 'horizontal-scroll', r);
  }
  if (job.checks.includes('charts')) {
    const r = await page.evaluate(probe.chartText, 12);
    if (r.small.length) add('charts', 'chart-text-under-12px', `${r.small.length} of ${r.count} chart texts are under 12 px: ${r.small.slice(0, 4).join(', ')}${r.small.length > 4 ? ' …' : ''}`);
    // A page with charts whose text the probe cannot find would pass unseen.
    if (job.charts && r.count === 0) add('charts', 'no-chart-text-found', 'the page has a chart but no visible chart text was measured');
  }
  if (job.checks.includes('forced')) {
    const r = await page.evaluate(probe.forcedColours);
    for (const s of r.bad) add('forced-colors', 'chart-mark-unreadable', s);
    if (job.charts && r.marks === 0) add('forced-colors', 'no-chart-marks-found', 'the page has a chart but no chart mark was measured');
  }
  if (job.checks.includes('print')) {
    const r = await page.evaluate(probe.printLinks);
    if (r.missing.length) add('print', 'link-address-not-printed', `${r.missing.length} of ${r.count} links print without their address: ${r.missing.slice(0, 3).join(', ')}${r.missing.length > 3 ? ' …' : ''}`);
    for (const s of r.hiddenTables) add('print', 'table-not-printed', s);
  }
  if (job.checks.includes('keyboard')) {
    // After typing, Tab would go on from the search field: back to the top of the page first,
    // as a reader starts over (Chromium starts a Tab from the element last focused).
    if (m.query) await page.evaluate(() => { document.documentElement.setAttribute('tabindex', '-1'); document.documentElement.focus(); });
    await keyboard(page, add);
  }
  for (const u of state.external) add('requests', 'external-request', `asked another host: ${u}`);
  state.external = [];
  for (const u of state.missing) add('requests', 'missing-resource', u);
  for (const e of state.errors) add('run', 'script-error', e);
  state.job = null;
  return { axe, note };
}

/**
 * Types a query into the search field as a reader does (a key at a time, faster than the
 * script's pause before it searches) and waits for the results and their fragments. False,
 * with a finding, when none appear; a finding too when no word is marked or, with sections,
 * no result shows a section under a heading, so that the checks after this one are known to
 * have seen them.
 */
async function typeQuery(page, query, sections, add) {
  await page.focus('#sok-falt');
  await page.keyboard.type(query, { delay: 40 });
  const ok = await page.waitForFunction(() => document.querySelectorAll('#sok-traffar > li').length > 0, null, { timeout: 20_000 })
    .then(() => true, () => false);
  await page.waitForLoadState('networkidle');
  const r = await page.evaluate(() => ({
    status: (document.getElementById('sok-status') || {}).textContent || '',
    results: document.querySelectorAll('#sok-traffar > li').length,
    sections: document.querySelectorAll('#sok-traffar .search-sections li').length,
    marks: document.querySelectorAll('#sok-traffar mark').length,
    url: window.location.search,
  }));
  if (!ok) {
    add('search', 'no-results', `typing “${query}” showed no result (status: “${r.status.trim()}”)`);
    return false;
  }
  if (sections && !r.sections) add('search', 'no-sub-results', `typing “${query}” showed ${r.results} results but no section under a heading`);
  if (!r.marks) add('search', 'nothing-marked', `typing “${query}” showed ${r.results} results with no word in <mark>`);
  if (new URLSearchParams(r.url).get('q') !== query) add('search', 'query-not-in-url', `after typing “${query}” the address has ${r.url || 'no query'}`);
  return true;
}

/** Tab to "show more" and press Enter: ten more results, focus on the first new one. */
async function pressMore(page, add) {
  const before = await page.evaluate(() => document.querySelectorAll('#sok-traffar > li').length);
  const visible = await page.evaluate(() => { const b = document.getElementById('sok-mer'); return !!b && b.checkVisibility(); });
  if (!visible) {
    add('search', 'no-more-button', `${before} results shown and no visible “show more” button (#sok-mer): the query needs more than ten hits`);
    return;
  }
  let reached = false;
  for (let presses = 0; presses < 400 && !reached; presses++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => (document.activeElement === document.body ? null : document.activeElement.id));
    if (at === null) break;
    reached = at === 'sok-mer';
  }
  if (!reached) {
    add('keyboard', 'more-not-reachable', 'Tab from the search field never reaches the “show more” button (#sok-mer)');
    return;
  }
  await page.keyboard.press('Enter');
  const grew = await page.waitForFunction((n) => document.querySelectorAll('#sok-traffar > li').length > n, before, { timeout: 20_000 })
    .then(() => true, () => false);
  await page.waitForLoadState('networkidle');
  if (!grew) {
    add('search', 'more-shows-nothing', `Enter on “show more” added nothing to the ${before} results`);
    return;
  }
  const r = await page.evaluate((n) => {
    const li = document.querySelectorAll('#sok-traffar > li')[n];
    return { ok: !!li && li.contains(document.activeElement), at: document.activeElement ? document.activeElement.tagName.toLowerCase() + (document.activeElement.id ? `#${document.activeElement.id}` : '') : 'nothing' };
  }, before);
  if (!r.ok) add('keyboard', 'more-loses-focus', `after “show more”, focus is on ${r.at}, not on the first new result`);
}

/** Bytes of every response the page received from its load to the first query's results. */
async function transfer(state, job, add) {
  const bodies = await Promise.all(state.bodies);
  const sum = (list) => list.reduce((a, b) => a + b.bytes, 0);
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
  const part = (re) => bodies.filter((b) => re.test(new URL(b.url).pathname));
  const script = part(/\/sok\.js$/);
  const meta = part(/\/sok\/meta\.json$/);
  const chunks = part(/\/sok\/ord\//);
  const fragments = part(/\/sok\/f\//);
  const filters = part(/\/sok\/filter\.json$/);
  const total = sum(bodies);
  const search = sum(script) + sum(meta) + sum(chunks) + sum(fragments) + sum(filters);
  const detail = `${kb(total)} in ${bodies.length} responses: sok.js ${kb(sum(script))}, meta.json ${kb(sum(meta))}, `
    + `${chunks.length} word chunks ${kb(sum(chunks))}, ${fragments.length} fragment files ${kb(sum(fragments))}`
    + `${filters.length ? `, filter.json ${kb(sum(filters))}` : ''}; the page, its CSS and icon ${kb(total - search)}`;
  if (total > job.limit) add('search', 'first-query-too-large', `the first query for “${job.mode.query}” transferred ${detail}; the limit is ${kb(job.limit)}`);
  return `${job.site} ${job.page}: the first query for “${job.mode.query}” transferred ${detail} (bodies as served, uncompressed)`;
}

/** Tab through the page from the top; then follow the skip link with Enter. */
async function keyboard(page, add) {
  const items = await page.evaluate(probe.focusables);
  if (!items.length) add('keyboard', 'nothing-focusable', 'no interactive element found (not even the skip link)');
  const reached = new Set();
  const invisible = [];
  let first = null;
  for (let presses = 0; presses < items.length + 5; presses++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(probe.focusedDiff);
    if (f.i === null) break; // past the last element: focus left the page
    if (f.i === -1) continue; // something not on our list (e.g. inside an iframe)
    if (first === null) first = f.i;
    if (reached.has(f.i)) break; // wrapped around
    reached.add(f.i);
    if (!f.visible) invisible.push(items[f.i].name);
  }
  const radios = new Set(items.filter((x) => x.radio && reached.has(x.i)).map((x) => x.radio));
  for (const it of items) {
    if (!reached.has(it.i) && !(it.radio && radios.has(it.radio))) add('keyboard', 'not-reachable-by-tab', `${it.name} is never focused by Tab`);
  }
  for (const n of invisible) add('keyboard', 'focus-not-visible', `${n}: no outline, box-shadow, background or border change when focused`);
  const skip = await page.$('a.skip-link, body a[href^="#"]');
  if (!skip) {
    add('keyboard', 'skip-link-missing', 'no skip link (a.skip-link) on the page');
    return;
  }
  if (first !== null && items[first] && !/skip-link/.test(items[first].name)) add('keyboard', 'skip-link-not-first', `the first Tab stop is ${items[first].name}, not the skip link`);
  await skip.focus();
  await page.keyboard.press('Enter');
  const r = await page.evaluate(probe.focusInMain);
  if (!r.ok) add('keyboard', 'skip-link-focus', `after the skip link, focus is on ${r.at}, not in <main>`);
}
