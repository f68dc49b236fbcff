// What a reader's first search transfers on a built site: serves DIR on 127.0.0.1, opens
// /sok/ in Chromium, types WORD and sums every response body from the page's load to the
// results shown (the same measurement as the gate's --transfer check). For the figures in
// docs/performance.md on the benchmark corpus, which is too large for the whole gate.
//
//   node search-bytes.mjs DIR WORD [LIMIT_BYTES] [--chromium PATH]
//
// Prints the figure; exits 1 when it is over LIMIT_BYTES (default 300000) or the query showed
// no result, 2 when the measurement itself failed.

import path from 'node:path';
import { serve } from './lib/serve.mjs';
import { runJobs } from './lib/browser.mjs';

const argv = process.argv.slice(2);
const at = argv.indexOf('--chromium');
const executablePath = at !== -1 ? argv.splice(at, 2)[1] : process.env.CHROMIUM || '/usr/bin/chromium';
const [dir, word, limit = '300000'] = argv;
if (!dir || !word) {
  console.error('usage: node search-bytes.mjs DIR WORD [LIMIT_BYTES] [--chromium PATH]');
  process.exit(2);
}
const srv = await serve(path.resolve(dir));
let code = 0;
try {
  const job = {
    site: path.basename(path.resolve(dir)), base: srv.url, page: '/sok/', scripted: true, charts: false,
    mode: { width: 1280, scheme: 'light', js: true, query: word }, checks: ['transfer'], limit: Number(limit),
  };
  const r = await runJobs({ executablePath, jobs: [job], workers: 1 });
  for (const n of r.notes) console.log(n);
  for (const f of r.findings) console.log(`${f.check} [${f.rule}] ${f.detail}`);
  if (r.findings.length) code = 1;
} catch (e) {
  console.error(`search-bytes: ${e.stack || e.message}`);
  code = 2;
} finally {
  await srv.close();
}
process.exit(code);
