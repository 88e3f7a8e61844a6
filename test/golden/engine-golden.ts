// The engine's golden record: for each shipped scenario (and each LSM setting of the cheap ones), a
// SHA-256 of the run summary, of the transaction records, of the agent-day rows and of the event
// stream (JSON lines, as `paysim run --events` prints them). test/golden/engine-golden.test.ts
// checks that today's engine reproduces them byte for byte; test/golden/record.ts rewrites them.
//
// A case runs twice: once without an event sink (the engine's fast path; summary, transactions and
// agent days are hashed) and once with one (events are hashed, and the summary must be the same),
// so a change that makes the two paths differ is caught too.

import { createHash } from 'node:crypto';
import { preloadPaymentFiles } from '../../src/config/payments/parquet.js';
import { loadScenarioFile, type LoadedScenario } from '../../src/config/scenario.js';
import type { LsmAlgorithm } from '../../src/engine/config.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { runScenario } from '../../src/runner/single-run.js';

export const GOLDEN_FILE = 'test/fixtures/golden/engine.json';

/** An LSM setting of a case: as the scenario says, off, or one algorithm (with its defaults otherwise). */
export type LsmSetting = 'as configured' | 'off' | LsmAlgorithm;

export interface GoldenCase {
  readonly scenario: string;
  readonly lsm: LsmSetting;
  /** Run only this many ticks (big scenarios: a prefix keeps the test cheap). */
  readonly ticks?: number;
}

const ALL_LSM: readonly LsmSetting[] = ['off', 'pairs_and_cycles', 'multilateral', 'multilateral_then_pairs'];

/**
 * Every shipped scenario. The small ones run whole under every LSM setting; the 200-bank scenario
 * runs whole as configured and with the LSM off, and its first 300 ticks (1.5 of its 10 days, past
 * the first end of day) under each setting; the
 * generated 500-bank day runs whole as configured and its first 40 ticks under the others. The
 * 5 000-bank national day (0.8 M orders; loading alone takes seconds) is checked by
 * `npx tsx test/golden/record.ts --check --national` only, outside `npm test`.
 */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  ...[
    'scenarios/minimal.yaml',
    'scenarios/castro_two_bank_game.yaml',
    'scenarios/payment_file_demo.yaml',
    'scenarios/realistic_demo.yaml',
    'scenarios/high_stress_gridlock.yaml',
    'scenarios/18_agent_3_policy_simulation.yaml',
    'scenarios/balanced_50_banks.yaml',
    'scenarios/generated/balanced_50.yaml',
  ].flatMap((scenario) => (['as configured', ...ALL_LSM] as const).map((lsm) => ({ scenario, lsm }))),
  { scenario: 'scenarios/large_scale_200_agents.yaml', lsm: 'as configured' },
  { scenario: 'scenarios/large_scale_200_agents.yaml', lsm: 'off' },
  ...ALL_LSM.map((lsm) => ({ scenario: 'scenarios/large_scale_200_agents.yaml', lsm, ticks: 300 })),
  { scenario: 'scenarios/generated/core_periphery_500.yaml', lsm: 'as configured' },
  ...ALL_LSM.map((lsm) => ({ scenario: 'scenarios/generated/core_periphery_500.yaml', lsm, ticks: 40 })),
];

export const NATIONAL_CASES: readonly GoldenCase[] = [
  { scenario: 'scenarios/generated/national_5000.yaml', lsm: 'as configured' },
  { scenario: 'scenarios/generated/national_5000.yaml', lsm: 'multilateral' },
];

export interface GoldenHashes {
  readonly summary: string;
  readonly transactions: string;
  readonly agent_days: string;
  readonly events: string;
  /** Plain figures beside the hashes, so a mismatch says roughly what moved. */
  readonly ticks: number;
  readonly arrivals: number;
  readonly settled: number;
  readonly event_count: number;
}

export function caseKey(c: GoldenCase): string {
  return `${c.scenario} | lsm ${c.lsm}${c.ticks === undefined ? '' : ` | ${c.ticks} ticks`}`;
}

function withLsm(loaded: LoadedScenario, lsm: LsmSetting): LoadedScenario {
  if (lsm === 'as configured') return loaded;
  const lsmConfig = lsm === 'off' ? { ...loaded.config.lsm_config, enabled: false } : { ...loaded.config.lsm_config, enabled: true, algorithm: lsm };
  return { ...loaded, config: { ...loaded.config, lsm_config: lsmConfig } };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A hash over a list of JSON values, one per line, without holding the whole text. */
function hashLines(values: Iterable<unknown>): string {
  const hash = createHash('sha256');
  for (const v of values) hash.update(`${JSON.stringify(v)}\n`, 'utf8');
  return hash.digest('hex');
}

const loadedCache = new Map<string, LoadedScenario>();

export async function loadCached(file: string): Promise<LoadedScenario> {
  let loaded = loadedCache.get(file);
  if (loaded === undefined) {
    await preloadPaymentFiles([file]);
    loaded = loadScenarioFile(file);
    loadedCache.set(file, loaded);
  }
  return loaded;
}

export async function goldenHashes(c: GoldenCase): Promise<GoldenHashes> {
  const scenario = withLsm(await loadCached(c.scenario), c.lsm);
  const ticks = c.ticks === undefined ? {} : { ticks: c.ticks };
  const quiet = runScenario(scenario, ticks).result;
  const events = createHash('sha256');
  let eventCount = 0;
  const sink = (event: EngineEvent): void => {
    events.update(`${JSON.stringify(event)}\n`, 'utf8');
    eventCount += 1;
  };
  const loud = runScenario(scenario, { ...ticks, events: sink, transactions: false }).result;
  const summary = sha256(JSON.stringify(quiet.summary));
  const loudSummary = sha256(JSON.stringify(loud.summary));
  if (loudSummary !== summary) throw new Error(`${caseKey(c)}: the summary differs with an event sink`);
  return {
    summary,
    transactions: hashLines(quiet.transactions),
    agent_days: hashLines(quiet.agent_days),
    events: events.digest('hex'),
    ticks: quiet.summary.ticks,
    arrivals: quiet.summary.arrivals,
    settled: quiet.summary.settled,
    event_count: eventCount,
  };
}
