// `paysim stress`'s driver: the baseline of every seed, then each chosen participant's failure over
// the same seeds, then (with contagion) the rounds in which survivors that ended a day short fail
// the next day. Batches run on one pool into one store (store-session.ts, as `paysim liquidity`),
// so an interrupted study resumes without redoing or duplicating a run. What the runs mean is
// analysis/stress's business: this module only runs them and says which run is which.

import type { DuckDBConnection } from '@duckdb/node-api';
import { rows } from '../../store/read.js';
import type { PlannedRun } from '../plan.js';
import { type SessionTally, sessionTally, type StoreSession, type StudyOptions, withStoreSession } from '../store-session.js';
import { type Failure, STRESS_REVISION, StressPlanner } from './plan.js';
import type { StressSpec } from './spec.js';

/** One failure scenario on one seed: its last round's run (the first run when nothing spread). */
export interface FailureRun {
  readonly agent: string;
  readonly seed: string;
  readonly run_key: string;
  /** Contagion rounds that added failures (0 without contagion or when nobody else failed). */
  readonly rounds: number;
  /** Every failure of the last round: the participant first, then the contagion failures. */
  readonly failures: readonly Failure[];
}

export interface StressRuns extends SessionTally {
  readonly experiment: string;
  readonly agents: readonly string[];
  readonly ticksPerDay: number;
  readonly numDays: number;
  /** The participants that fail, in the order chosen (by sent value for --top). */
  readonly participants: readonly string[];
  /** Each agent's value sent in the baseline, mean over its seeds (what --top ranks by). */
  readonly sentValue: ReadonlyMap<string, number>;
  readonly baseline: ReadonlyArray<{ readonly seed: string; readonly run_key: string }>;
  readonly failures: readonly FailureRun[];
  /** The planner, for detail runs of a failure in this process (the per-tick phases). */
  readonly planner: StressPlanner;
}

export async function runStress(spec: StressSpec, options: StudyOptions): Promise<StressRuns> {
  const planner = new StressPlanner(spec);
  const record = {
    experiment: spec.experiment,
    description: `stress test of ${spec.scenarioFile}: participants failing one at a time (paysim stress)`,
    spec: { kind: 'stress', scenario: spec.scenarioFile, seeds: spec.seeds, participants: spec.participants, failure: spec.failure, contagion: spec.contagion },
    revision: STRESS_REVISION,
  };
  return withStoreSession(record, options, async (session) => {
    const baseline = planner.baseline();
    await run(session, planner, baseline);
    const baseKeys = new Map(baseline.map((r) => [r.identity.seed, r.identity.run_key]));
    const sentValue = await sentValueByAgent(session.store.connection, [...baseKeys.values()]);
    const participants = chooseParticipants(spec, planner.agents, sentValue);
    const first = participants.flatMap((agent) => {
      const failures: Failure[] = [{ agent, at_tick: spec.failure.at_tick }];
      return planner.failure(agent, failures, 0).map((run) => ({ run, failures }));
    });
    await run(session, planner, first.map((f) => f.run));
    let current: FailureRun[] = first.map(({ run: r, failures }) => ({ agent: failures[0]!.agent, seed: r.identity.seed, run_key: r.identity.run_key, rounds: 0, failures }));
    if (spec.contagion) current = await contagionRounds(session, planner, current, baseKeys);
    return {
      experiment: spec.experiment,
      agents: planner.agents,
      ticksPerDay: planner.ticksPerDay,
      numDays: planner.numDays,
      participants,
      sentValue,
      baseline: [...baseKeys].map(([seed, run_key]) => ({ seed, run_key })),
      failures: current,
      ...sessionTally(session),
      planner,
    };
  });
}

async function run(session: StoreSession, planner: StressPlanner, runs: readonly PlannedRun[]): Promise<void> {
  const scenarios = new Set(runs.map((r) => planner.scenarios.get(r.identity.scenario_sha256!)!));
  await session.run(runs, planner.policies, [...scenarios]);
}

/** Every participant, the list given, or the top N by value sent in the baseline (ties by id). */
function chooseParticipants(spec: StressSpec, agents: readonly string[], sentValue: ReadonlyMap<string, number>): string[] {
  const choice = spec.participants;
  if (choice.kind === 'all') return [...agents];
  if (choice.kind === 'list') return [...new Set(choice.agents)];
  return [...agents]
    .sort((a, b) => (sentValue.get(b) ?? 0) - (sentValue.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, choice.n);
}

/**
 * Contagion (docs/stress.md): after each round, a survivor whose value left unsettled on the day
 * examined (still queued at its end, or dropped during it) exceeds the baseline's on that day fails
 * at the start of the next day, in the study's mode. Round k examines the failure's day + k; the
 * rounds stop when nobody new fails or the run has no next day.
 */
async function contagionRounds(
  session: StoreSession,
  planner: StressPlanner,
  start: readonly FailureRun[],
  baseKeys: ReadonlyMap<string, string>,
): Promise<FailureRun[]> {
  const firstDay = Math.floor(planner.spec.failure.at_tick / planner.ticksPerDay);
  let open = [...start];
  const done: FailureRun[] = [];
  for (let day = firstDay; open.length > 0 && !session.interrupted; day++) {
    const next: Array<{ previous: FailureRun; failures: Failure[]; run: PlannedRun }> = [];
    for (const previous of open) {
      const base = baseKeys.get(previous.seed);
      const short = day + 1 < planner.numDays && base !== undefined ? await shortBanks(session.store.connection, previous.run_key, base, day) : [];
      const failedAlready = new Set(previous.failures.map((f) => f.agent));
      const fresh = short.filter((agent) => !failedAlready.has(agent));
      if (fresh.length === 0) {
        done.push(previous);
        continue;
      }
      const failures = [...previous.failures, ...fresh.map((agent) => ({ agent, at_tick: (day + 1) * planner.ticksPerDay }))];
      const [planned] = planner.failure(previous.agent, failures, previous.rounds + 1, [previous.seed]);
      next.push({ previous, failures, run: planned! });
    }
    await run(session, planner, next.map((n) => n.run));
    open = next.map(({ previous, failures, run: r }) => ({ ...previous, run_key: r.identity.run_key, rounds: previous.rounds + 1, failures }));
  }
  return [...done, ...open];
}

/** Survivors with more value unsettled on `day` (queued at its end or dropped in it) than in the baseline. */
async function shortBanks(c: DuckDBConnection, runKey: string, baselineKey: string, day: number): Promise<string[]> {
  const found = await rows(
    c,
    `SELECT s.agent FROM agent_days s JOIN agent_days b ON b.run_key = $2 AND b.agent = s.agent AND b.day = s.day
     WHERE s.run_key = $1 AND s.day = $3
       AND coalesce(s.unsettled_eod_value, 0) + s.dropped_value > coalesce(b.unsettled_eod_value, 0) + b.dropped_value
     ORDER BY s.agent`,
    [runKey, baselineKey, day],
  );
  return found.map((r) => String(r['agent']));
}

/** Each agent's value sent (settled) over the run, mean over the given runs. */
async function sentValueByAgent(c: DuckDBConnection, runKeys: readonly string[]): Promise<Map<string, number>> {
  const found = await rows(
    c,
    `SELECT agent, sum(sent_value) / count(DISTINCT run_key) AS sent FROM agent_days
     WHERE list_contains(from_json($1, '["VARCHAR"]'), run_key) GROUP BY agent`,
    [JSON.stringify(runKeys)],
  );
  return new Map(found.map((r) => [String(r['agent']), Number(r['sent'])]));
}
