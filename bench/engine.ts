// Engine speed (issue 22), today beside the baseline commit on the same machine in one bench run:
// the 200-bank scenario with pairs_and_cycles (goal ≤ 500 ms) and with the LSM off (≤ 250 ms) in
// one process, the national 5 000-bank day with its LSM (≤ 2 s of engine time), and with
// `--huge` a generated 20 000-bank day of 3.2 million orders, end to end (`paysim run --no-store`),
// under every LSM algorithm (≤ 20 s of CPU, ≤ 2 GB). Engine figures are CPU milliseconds of
// `runScenario` (best of a few runs after loading; wall time is mostly other processes' when the
// machine is loaded, so it is printed apart).

import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../src/cli/format.js';
import { LSM_ALGORITHMS } from '../src/engine/config.js';
import { type Build, builds, type Comparison, COMPARISON_HEADER, comparisonRows, machineLoad, paysimProcess, probe } from './versions.js';

const LARGE = 'scenarios/large_scale_200_agents.yaml';
const NATIONAL = 'scenarios/generated/national_5000.yaml';

function engineCase(target: string, scenario: string, lsm: string, repeat: number, goal: number | null, both: { baseline: Build; today: Build }): Comparison[] {
  const baseline = probe(both.baseline, ['engine', scenario, lsm, String(repeat)]);
  const today = probe(both.today, ['engine', scenario, lsm, String(repeat)]);
  if (baseline.settledValue !== today.settledValue || baseline.settled !== today.settled) {
    throw new Error(`${target}: today settles ${today.settled} (${today.settledValue}), the baseline ${baseline.settled} (${baseline.settledValue})`);
  }
  return [
    { target, measure: 'engine CPU ms', baseline: baseline.cpuMs!, today: today.cpuMs!, goal },
    { target, measure: 'engine wall ms', baseline: baseline.ms!, today: today.ms!, goal: null },
  ];
}

/** A 20 000-bank day of 3.2 million orders (generated once into the temp directory), one file per LSM algorithm. */
function hugeScenarios(today: Build): Map<string, string> {
  const dir = join(tmpdir(), 'paysim-bench-huge');
  const base = join(dir, 'national_20000.yaml');
  if (!existsSync(base)) {
    mkdirSync(dir, { recursive: true });
    console.log(`generating the 20 000-bank day in ${dir} (once)…`);
    paysimProcess(today, [
      'generate', 'scenario', '-o', base, '--banks', '20000', '--network', 'core-periphery', '--core', '200',
      '--payments', '3200000', '--ticks-per-day', '200', '--profile', 'peaks', '--lb-ub', '0.3',
      '--liquidity-share', '0.5', '--median-amount', '1000000', '--seed', '1', '--gzip',
    ]);
  }
  const text = readFileSync(base, 'utf8');
  const files = new Map<string, string>();
  for (const algorithm of LSM_ALGORITHMS) {
    const file = join(dir, `national_20000_${algorithm}.yaml`);
    writeFileSync(file, text.replace(/algorithm: \w+/, `algorithm: ${algorithm}`));
    files.set(algorithm, file);
  }
  return files;
}

export async function benchEngine(): Promise<void> {
  const huge = process.argv.includes('--huge');
  const both = builds();
  console.log(`measuring (${machineLoad()})`);
  const rows: Comparison[] = [
    ...engineCase('200 banks, pairs_and_cycles', LARGE, 'pairs_and_cycles', 3, 500, both),
    ...engineCase('200 banks, LSM off', LARGE, 'off', 3, 250, both),
    ...engineCase('5 000 banks, LSM as configured', NATIONAL, 'as', 1, 2000, both),
  ];
  if (huge) {
    for (const [algorithm, file] of hugeScenarios(both.today)) {
      const args = ['run', file, '--no-store', '--json'];
      const baseline = paysimProcess(both.baseline, args);
      const today = paysimProcess(both.today, args);
      const target = `20 000 banks, 3.2 M orders, ${algorithm}, end to end`;
      rows.push(
        { target, measure: 'process CPU ms', baseline: baseline.cpuMs, today: today.cpuMs, goal: 20_000 },
        { target, measure: 'peak memory MB', baseline: baseline.maxRssMb, today: today.maxRssMb, goal: 2048 },
      );
    }
  }
  console.log(`Engine: today beside ${both.baseline.label}, same inputs, one run (${machineLoad()})`);
  console.log(table(COMPARISON_HEADER, comparisonRows(rows)));
  if (!huge) console.log('(add --huge for the 20 000-bank day under every LSM algorithm: several minutes)');
}
