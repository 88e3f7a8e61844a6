// LSM benchmark and figures for docs/lsm.md: the 200-bank reference scenario with the LSM off,
// pairs_and_cycles and multilateral, and the four-bank gridlock scenario, printing wall time,
// settlement rates, peak liquidity used and each mechanism's share of settlements.
//
// Run alone: `node --import tsx bench/lsm.ts` (or through `npm run bench`).
//
// TEMPORARY: src/config's loadScenarioFile is not ready yet, so this file carries a tiny
// YAML → EngineConfig adapter that understands only the simple keys the reference scenarios use
// (every agent of these two scenarios has policy Fifo, i.e. release everything at once). Replace
// `loadScenario` below by `loadScenarioFile(file)` and `policies.map((p) => p.compile())` once
// src/config lands.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import {
  type AgentConfig,
  type AmountDistribution,
  type CostRates,
  DEFAULT_COST_RATES,
  DEFAULT_LSM_CONFIG,
  type EngineConfig,
  type LsmAlgorithm,
  type LsmConfig,
} from '../src/engine/config.js';
import { Simulation } from '../src/engine/simulation.js';
import type { SettledBy } from '../src/engine/transaction.js';
import type { CompiledPolicy } from '../src/policy/decision.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

type Doc = Record<string, unknown>;

function record(value: unknown, what: string): Doc {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what}: expected a map`);
  return value as Doc;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what}: expected a number`);
  return value;
}

function amountDistribution(doc: Doc): AmountDistribution {
  switch (doc['type']) {
    case 'Uniform':
      return { type: 'Uniform', min: num(doc['min'], 'min'), max: num(doc['max'], 'max') };
    case 'Normal':
      return { type: 'Normal', mean: num(doc['mean'], 'mean'), std_dev: num(doc['std_dev'], 'std_dev') };
    case 'LogNormal':
      return {
        type: 'LogNormal',
        mean_log: num(doc['mean_log'], 'mean_log'),
        std_dev_log: num(doc['std_dev_log'], 'std_dev_log'),
      };
    case 'Exponential':
      return { type: 'Exponential', lambda: num(doc['lambda'], 'lambda') };
    default:
      throw new Error(`amount_distribution: unsupported type ${String(doc['type'])}`);
  }
}

function agentConfig(value: unknown): AgentConfig {
  const doc = record(value, 'agent');
  const policy = record(doc['policy'], 'policy');
  if (policy['type'] !== 'Fifo') throw new Error(`bench adapter: only Fifo agents are supported (${String(doc['id'])})`);
  const credit = typeof doc['credit_limit'] === 'number' ? doc['credit_limit'] : 0;
  const arrival = doc['arrival_config'] === undefined ? null : record(doc['arrival_config'], 'arrival_config');
  const range = arrival === null ? null : (arrival['deadline_range'] as [number, number]);
  return {
    id: String(doc['id']),
    opening_balance: num(doc['opening_balance'], 'opening_balance'),
    credit_limit: credit,
    posted_collateral: typeof doc['posted_collateral'] === 'number' ? doc['posted_collateral'] : 0,
    collateral_capacity: typeof doc['collateral_capacity'] === 'number' ? doc['collateral_capacity'] : 10 * credit,
    arrival_config:
      arrival === null
        ? null
        : {
            rate_per_tick: num(arrival['rate_per_tick'], 'rate_per_tick'),
            amount_distribution: amountDistribution(record(arrival['amount_distribution'], 'amount_distribution')),
            counterparty_weights:
              arrival['counterparty_weights'] === undefined
                ? null
                : (record(arrival['counterparty_weights'], 'counterparty_weights') as Record<string, number>),
            deadline_range: [range![0], range![1]],
            priority: typeof arrival['priority'] === 'number' ? arrival['priority'] : 5,
            divisible: arrival['divisible'] === true,
          },
  };
}

/** Fifo: every Q1 payment is released at once. */
function fifo(): CompiledPolicy {
  return {
    name: 'Fifo',
    hash: 'Fifo',
    hasPaymentTree: false,
    hasStrategicCollateralTree: false,
    hasEndOfTickCollateralTree: false,
    initialLiquidityFraction: null,
    decidePayments(_view, _agent, q1, _txs, out) {
      for (let i = 0; i < q1.length; i++) {
        const d = out[i]!;
        d.action = 'Release';
        d.numSplits = 0;
        d.reason = null;
        d.nodeId = 'fifo';
        d.path = null;
      }
    },
    decideCollateral() {
      return null;
    },
  };
}

export interface LoadedScenario {
  readonly config: EngineConfig;
  readonly policies: CompiledPolicy[];
}

export function loadScenario(file: string): LoadedScenario {
  const doc = record(parse(readFileSync(file, 'utf8')), file);
  const sim = record(doc['simulation'], 'simulation');
  const agents = (doc['agents'] as unknown[]).map(agentConfig);
  const lsm = doc['lsm_config'] === undefined ? {} : (record(doc['lsm_config'], 'lsm_config') as Partial<LsmConfig>);
  const costs = doc['cost_rates'] === undefined ? {} : (record(doc['cost_rates'], 'cost_rates') as Partial<CostRates>);
  const config: EngineConfig = {
    simulation: {
      ticks_per_day: num(sim['ticks_per_day'], 'ticks_per_day'),
      num_days: num(sim['num_days'], 'num_days'),
      rng_seed: String(sim['rng_seed']),
    },
    agents,
    lsm_config: { ...DEFAULT_LSM_CONFIG, ...lsm },
    cost_rates: { ...DEFAULT_COST_RATES, ...costs },
    scenario_events: [],
  };
  return { config, policies: agents.map(() => fifo()) };
}

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
  const loaded = loadScenario(file);
  const config: EngineConfig = { ...loaded.config, lsm_config: { ...loaded.config.lsm_config, ...variant.lsm } };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const simulation = new Simulation(config, loaded.policies);
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
