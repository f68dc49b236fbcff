// The gate's self-test verdict: reads the report of a gate run on the example site built with
// scripts/gate/broken-theme and asserts each deliberate fault was reported by the check that
// owns it. Exits 1, naming what was missed, when one was not.
//
//   node self-test.mjs REPORT.json

import { readFileSync } from 'node:fs';

const findings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const expected = [
  ['a field without a label (axe)', (f) => f.check === 'axe' && f.rule === 'label'],
  ['text with too low contrast (axe)', (f) => f.check === 'axe' && f.rule === 'color-contrast'],
  ['an unclosed element (Nu validator)', (f) => f.check === 'html' && /[Uu]nclosed element|open elements/.test(f.detail)],
  ['a font from another host (requests)', (f) => f.check === 'requests' && f.rule === 'external-request' && f.detail.includes('fonts.googleapis.com')],
];
let missed = 0;
for (const [what, test] of expected) {
  const hits = findings.filter(test);
  if (hits.length) console.log(`self-test: caught ${what}: ${hits.length} finding(s), e.g. ${hits[0].page} – ${hits[0].detail.slice(0, 100)}`);
  else {
    console.log(`self-test: MISSED ${what}`);
    missed += 1;
  }
}
process.exit(missed ? 1 : 0);
