// `npm run bench`: every benchmark, printed against the targets of the issues. Not part of
// `npm test` (timings vary with the machine; tests never assert them).

import { benchApiLoad } from './api-load.js';
import { benchDesigns } from './designs.js';
import { benchEngine } from './engine.js';
import { benchIso20022 } from './iso20022.js';
import { benchLiquidity } from './liquidity.js';
import { benchLoading } from './loading.js';
import { benchLsm } from './lsm.js';
import { benchLsmOptimum } from './lsm-optimum.js';
import { benchOverhead } from './overhead.js';
import { benchPayments } from './payments.js';
import { benchPolicy } from './policy.js';
import { benchRng } from './rng.js';
import { benchRunner } from './runner.js';
import { benchScenarioEvents } from './scenario-events.js';
import { benchViewer } from './viewer.js';

// `npm run bench -- lsm` runs one; `--workers N` reaches the runner bench, `--runs N`,
// `--baseline DIR` and `--no-baseline` the overhead bench.
const args = process.argv.slice(2);
const VALUED = new Set(['--workers', '--runs', '--baseline']);
const only = args.find((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));

const benches: [string, () => Promise<void>][] = [
  ['engine', benchEngine],
  ['loading', benchLoading],
  ['lsm', benchLsm],
  ['lsm-optimum', benchLsmOptimum],
  ['rng', benchRng],
  ['policy', benchPolicy],
  ['runner', () => benchRunner()],
  ['overhead', benchOverhead],
  ['scenario-events', benchScenarioEvents],
  ['payments', benchPayments],
  ['iso20022', benchIso20022],
  ['api-load', benchApiLoad],
  ['liquidity', benchLiquidity],
  ['designs', benchDesigns],
  ['viewer', benchViewer],
];

if (only !== undefined && !benches.some(([name]) => name === only)) {
  // A typo must not pass for a bench that ran nothing (exit 2: bad input, as the CLI's).
  console.error(`bench: no bench named '${only}' (one of ${benches.map(([name]) => name).join(', ')})`);
  process.exit(2);
}

for (const [name, run] of benches) {
  if (only !== undefined && only !== name) continue;
  console.log(`\n=== ${name} ===`);
  await run();
}
