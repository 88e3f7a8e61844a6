// How often each LSM algorithm falls short of the exact optimum (the largest set of queued
// payments that can settle at once), over a fixed sample of 400 random small Q2s: the figures of
// docs/lsm.md. A statistic, not a check; the checks are test/engine/lsm/properties.test.ts.
//
// Run alone: `node --import tsx bench/lsm-optimum.ts` (or `npm run bench -- lsm-optimum`).

import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { runLsm } from '../src/engine/lsm/index.js';
import { ALGORITHMS, caseArb, optimum, prepare } from '../test/engine/lsm/cases.js';

export async function benchLsmOptimum(): Promise<void> {
  const sample = fc.sample(caseArb, { seed: 20_240_601, numRuns: 400 });
  const lines: string[] = [];
  for (const algorithm of ALGORITHMS) {
    let cases = 0;
    let short = 0;
    let missing = 0;
    let possible = 0;
    for (const c of sample) {
      const { sim, queued, before } = prepare(c, algorithm);
      if (queued.length === 0 || queued.length > 12) continue;
      const best = optimum(sim, before, queued);
      runLsm(sim.state);
      const settled = queued.filter((id) => sim.state.txs[id]!.status === 'settled').length;
      cases++;
      possible += best;
      missing += best - settled;
      if (settled < best) short++;
    }
    lines.push(
      `${algorithm.padEnd(24)} short of the optimum in ${short}/${cases} cases ` +
        `(${((100 * short) / cases).toFixed(1)}%), settling ${possible - missing}/${possible} of the optimal payments`,
    );
  }
  console.log(`LSM vs exact optimum (largest feasible subset of Q2, by count):\n${lines.join('\n')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchLsmOptimum();
