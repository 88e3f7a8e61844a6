// Records (or checks) the engine's golden hashes: test/fixtures/golden/engine.json.
//
//   npx tsx test/golden/record.ts                 rewrite the hashes of the cases `npm test` checks
//   npx tsx test/golden/record.ts --national      the same, plus the 5 000-bank national day (slow)
//   npx tsx test/golden/record.ts --check [--national]   compare only; exit 1 on any difference
//
// Rewrite them only when a change is meant to change results (a scenario's parameters, a policy
// rule, an engine rule), and say why in the commit message. An optimisation must never need it.

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { caseKey, GOLDEN_CASES, GOLDEN_FILE, goldenHashes, type GoldenHashes, NATIONAL_CASES } from './engine-golden.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const cases = args.includes('--national') ? [...GOLDEN_CASES, ...NATIONAL_CASES] : GOLDEN_CASES;

const stored: Record<string, GoldenHashes> = existsSync(GOLDEN_FILE) ? (JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, GoldenHashes>) : {};
const next: Record<string, GoldenHashes> = { ...stored };
let differences = 0;
for (const c of cases) {
  const key = caseKey(c);
  const started = performance.now();
  const hashes = await goldenHashes(c);
  const ms = performance.now() - started;
  const same = JSON.stringify(stored[key]) === JSON.stringify(hashes);
  if (!same) differences += 1;
  console.log(`${same ? 'same     ' : check ? 'DIFFERENT' : 'recorded '} ${key} (${ms.toFixed(0)} ms)`);
  next[key] = hashes;
}
if (check) {
  console.log(differences === 0 ? 'all identical' : `${differences} case(s) differ`);
  process.exit(differences === 0 ? 0 : 1);
}
mkdirSync(dirname(GOLDEN_FILE), { recursive: true });
writeFileSync(GOLDEN_FILE, `${JSON.stringify(next, null, 2)}\n`);
console.log(`wrote ${GOLDEN_FILE}`);
