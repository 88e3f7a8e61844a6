// `npm run bench`: every benchmark, printed against the targets of the issues. Not part of
// `npm test` (timings vary with the machine; tests never assert them).

import { benchEngine } from './engine.js';
import { benchLsm } from './lsm.js';
import { benchRng } from './rng.js';

const only = process.argv.slice(2).find((a) => !a.startsWith('--'));

const benches: [string, () => Promise<void>][] = [
  ['engine', benchEngine],
  ['lsm', benchLsm],
  ['rng', benchRng],
];

for (const [name, run] of benches) {
  if (only !== undefined && only !== name) continue;
  console.log(`\n=== ${name} ===`);
  await run();
}
