// LSM benchmark and figures for docs/lsm.md: the 200-bank reference scenario with the LSM off,
// pairs_and_cycles and multilateral, and the four-bank gridlock scenario, printing wall time,
// settlement rates, peak liquidity used and each mechanism's share of settlements.
//
// Run alone: `node --import tsx bench/lsm.ts` (or through `npm run bench`).

import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadScenarioFile } from '../src/config/scenario.js';
import type { EngineConfig, LsmAlgorithm, LsmConfig } from '../src/engine/config.js';
import { Simulation } from '../src/engine/simulation.js';
import type { SettledBy } from '../src/engine/transaction.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface LsmVariant {
  readonly label: string;
  readonly lsm: Partial<LsmConfig>;
}

export interface BenchRow {
  readonly scenario: string;
  readonly variant: string;
  readonly wallMs: number;
  /** CPU time of this process during the run (user + system): less sensitive to other load than wall time. */
  readonly cpuMs: number;
  readonly arrivals: number;
  readonly settlementRate: number;
  readonly settlementRateValue: number;
  readonly peakLiquidityUsed: number;
  readonly shares: Readonly<Record<SettledBy, number>>;
}

const MECHANISMS: readonly SettledBy[] = ['rtgs', 'queue', 'bilateral', 'cycle', 'multilateral'];

export function runVariant(file: string, variant: LsmVariant): BenchRow {
  const loaded = loadScenarioFile(file);
  const config: EngineConfig = { ...loaded.config, lsm_config: { ...loaded.config.lsm_config, ...variant.lsm } };
  const policies = loaded.policies.map((policy) => policy.compile());
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const simulation = new Simulation(config, policies);
  simulation.run();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const summary = simulation.results().summary;
  const settlements = MECHANISMS.reduce((s, m) => s + summary.settled_by[m], 0);
  const shares = Object.fromEntries(
    MECHANISMS.map((m) => [m, settlements === 0 ? 0 : summary.settled_by[m] / settlements]),
  ) as Record<SettledBy, number>;
  return {
    scenario: file.split('/').pop()!,
    variant: variant.label,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    arrivals: summary.arrivals,
    settlementRate: summary.settlement_rate,
    settlementRateValue: summary.settlement_rate_value,
    peakLiquidityUsed: summary.peak_liquidity_used,
    shares,
  };
}

function algorithm(label: LsmAlgorithm): LsmVariant {
  return { label, lsm: { enabled: true, algorithm: label } };
}

export const VARIANTS: readonly LsmVariant[] = [
  { label: 'lsm off', lsm: { enabled: false } },
  algorithm('pairs_and_cycles'),
  algorithm('multilateral'),
  algorithm('multilateral_then_pairs'),
];

export const SCENARIOS: readonly string[] = ['large_scale_200_agents.yaml', 'high_stress_gridlock.yaml'];

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function formatRow(row: BenchRow): string {
  const shares = MECHANISMS.map((m) => `${m} ${pct(row.shares[m])}`).join(', ');
  return (
    `| ${row.scenario} | ${row.variant} | ${row.wallMs.toFixed(0)} ms | ${row.cpuMs.toFixed(0)} ms | ${row.arrivals} | ` +
    `${pct(row.settlementRate)} | ${pct(row.settlementRateValue)} | ${row.peakLiquidityUsed} | ${shares} |`
  );
}

export async function benchLsm(): Promise<void> {
  console.log('## LSM (scenario file settings, each algorithm substituted in lsm_config.algorithm)');
  console.log(
    '| scenario | lsm | wall | cpu | arrivals | settled (count) | settled (value) | peak liquidity used (cents) | settlements by mechanism |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const scenario of SCENARIOS) {
    for (const variant of VARIANTS) {
      const row = runVariant(join(ROOT, 'scenarios', scenario), variant);
      console.log(formatRow(row));
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchLsm().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
