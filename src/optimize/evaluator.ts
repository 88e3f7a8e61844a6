// Trials as ordinary runs of the experiment: each trial is a variant named by the hash of its
// parameters (`t-…`) whose `set:` writes them into the scenario; its seeds run through the
// sweep's own machinery (planning and validation, the worker pool, run keys, the store), so a
// trial's runs are found by compare, query and report like any sweep's, and a run already
// stored is never run again — which is what makes `paysim optimize` resumable after kill -9.
//
// One store stays open for the whole optimisation (DuckDB allows one writer process); so the
// steps of runSweep are taken here on that store, with the experiment's real specification.

import type { DuckDBConnection } from '@duckdb/node-api';
import { isAgentMetric } from '../analysis/metrics.js';
import { type Experiment, parseExperimentDocument } from '../runner/experiment.js';
import { type Plan, planExperiment, withPlanRevision } from '../runner/plan.js';
import type { RunPool } from '../runner/pool.js';
import { chooseRevision, recordRevision } from '../runner/revision.js';
import { runIntoStore } from '../runner/sweep.js';
import type { Store } from '../store/open.js';
import { upsertExperiment } from '../store/writer.js';
import type { ConstraintSpec, SearchedParameter } from './config.js';
import type { Observation } from './search.js';
import type { Assignment } from './space.js';

/** A variant as the experiment file would write it. */
export interface VariantDocument {
  readonly set?: Record<string, unknown>;
  readonly policies?: Record<string, unknown>;
}

/** The variant a trial's assignment makes: each parameter's value at its path. */
export function trialVariant(parameters: readonly SearchedParameter[], a: Assignment): VariantDocument {
  return { set: Object.fromEntries(parameters.filter((p) => p.name in a).map((p) => [p.path, a[p.name]])) };
}

/**
 * The experiment document that runs these variants on these seeds: the file's own, its grid,
 * variants and optimize section left out (a trial is one point, its variant named by its hash).
 */
export function trialDocument(experimentDoc: Record<string, unknown>, variants: Record<string, VariantDocument>, seeds: readonly string[]): Record<string, unknown> {
  const { vary: _vary, variants: _variants, optimize: _optimize, compare: _compare, ...rest } = experimentDoc;
  return { ...rest, seeds: seeds.map((s) => (/^[0-9]{1,15}$/.test(s) ? Number(s) : s)), variants };
}

export interface EvaluatorOptions {
  readonly store: Store;
  readonly experimentDoc: Record<string, unknown>;
  readonly file: string;
  readonly specJson: string;
  readonly specSha256: string;
  readonly pool: RunPool;
  readonly workers: number;
  readonly signal?: AbortSignal;
  /** The experiment changed since its runs were stored: store this optimisation's as a new revision. */
  readonly newRevision?: boolean;
}

export class Interrupted extends Error {
  /** Set by the optimisation it interrupted, once known. */
  optimizationId: string | null = null;
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

export class StoreEvaluator {
  /** Runs actually executed (not found in the store) since this evaluator was made. */
  executed = 0;
  revision = 1;
  /** Variant → seed → run key of every run observed (a proposer is sent the per-agent costs of these). */
  readonly runKeys = new Map<string, Map<string, string>>();
  /** True until the new revision asked for has been recorded (then later trials resume it). */
  private newRevision: boolean;

  constructor(private readonly o: EvaluatorOptions) {
    this.newRevision = o.newRevision ?? false;
  }

  /**
   * The revision these trials will go to, decided before anything is written: an experiment
   * changed since its runs were stored is refused here (ExperimentChangedError, exit 2) unless a
   * new revision was asked for, so a refused optimisation leaves the store as it was.
   */
  async settleRevision(variants: Record<string, VariantDocument>, seeds: readonly string[]): Promise<number> {
    return (await this.planTrials(variants, seeds)).revision;
  }

  /** The trials as an experiment, planned once, and the revision they go to. */
  private async planTrials(variants: Record<string, VariantDocument>, seeds: readonly string[]): Promise<{ experiment: Experiment; plan: Plan; revision: number }> {
    const experiment = parseExperimentDocument(trialDocument(this.o.experimentDoc, variants, seeds), this.o.file);
    const plan = planExperiment(experiment);
    const choice = await chooseRevision(this.o.store.connection, plan, this.newRevision, 'optimize');
    this.revision = choice.revision;
    return { experiment, plan, revision: choice.revision };
  }

  /** Runs the variants on the seeds (stored runs are skipped); returns variant → seed → run key. */
  async ensure(variants: Record<string, VariantDocument>, seeds: readonly string[]): Promise<Map<string, Map<string, string>>> {
    const c = this.o.store.connection;
    const trials = await this.planTrials(variants, seeds);
    const { experiment } = trials;
    const plan = withPlanRevision(trials.plan, trials.revision);
    await recordRevision(c, plan, trials.revision);
    this.newRevision = false;
    await upsertExperiment(c, {
      experiment_id: experiment.name,
      name: experiment.name,
      description: experiment.description,
      spec_json: this.o.specJson,
      spec_sha256: this.o.specSha256,
    });
    const result = await runIntoStore(this.o.store, experiment.name, plan.runs, plan.policies, plan.scenarios, {
      db: this.o.store.file,
      workers: this.o.workers,
      pool: this.o.pool,
      ...(this.o.signal ? { signal: this.o.signal } : {}),
    });
    this.executed += result.ok + result.failed.length;
    if (result.interrupted) throw new Interrupted();
    if (result.failed.length > 0) {
      const f = result.failed[0]!;
      throw new Error(`run of trial ${f.variant} seed ${f.seed} failed: ${f.error}`);
    }
    const keys = new Map<string, Map<string, string>>();
    for (const run of plan.runs) {
      const m = keys.get(run.identity.variant) ?? new Map<string, string>();
      m.set(run.identity.seed, run.identity.run_key);
      keys.set(run.identity.variant, m);
    }
    return keys;
  }

  /** A metric of these runs: the system's (runs table) or one agent's (run_agents). */
  async metric(runKeys: ReadonlyMap<string, string>, metric: string, agent: string | null): Promise<Map<string, number>> {
    return readMetric(this.o.store.connection, runKeys, metric, agent);
  }

  /** Agent → the effective policy document (parameters merged) one run ran, as stored. */
  async policyDocuments(runKey: string): Promise<Map<string, Record<string, unknown>>> {
    const reader = await this.o.store.connection.runAndReadAll(
      'SELECT rp.agent, p.document_json FROM run_policies rp JOIN policies p USING (policy_sha256) WHERE rp.run_key = $1',
      [runKey],
    );
    return new Map(reader.getRowsJS().map(([agent, doc]) => [String(agent), JSON.parse(String(doc)) as Record<string, unknown>]));
  }

  /** Observations of a trial's variant on the seeds: objective and constraint metrics per seed. */
  async observe(
    variant: string,
    doc: VariantDocument,
    seeds: readonly string[],
    objective: { metric: string; agent: string | null },
    constraints: readonly ConstraintSpec[],
  ): Promise<Observation[]> {
    const keys = (await this.ensure({ [variant]: doc }, seeds)).get(variant)!;
    const known = this.runKeys.get(variant) ?? new Map<string, string>();
    for (const [seed, key] of keys) known.set(seed, key);
    this.runKeys.set(variant, known);
    const obj = await this.metric(keys, objective.metric, objective.agent);
    const cons = await Promise.all(constraints.map((c) => this.metric(keys, c.metric, c.agent)));
    return seeds.map((s) => ({ objective: obj.get(s)!, constraints: cons.map((m) => m.get(s)!) }));
  }
}

/** Seed → metric value for the given runs (seed → run key); metric names come from the metric lists. */
export async function readMetric(c: DuckDBConnection, runKeys: ReadonlyMap<string, string>, metric: string, agent: string | null): Promise<Map<string, number>> {
  const bySeed = new Map<string, number>();
  const seedOf = new Map([...runKeys].map(([seed, key]) => [key, seed]));
  const keys = JSON.stringify([...runKeys.values()]);
  const mine = `list_contains(from_json($1, '["VARCHAR"]'), run_key)`;
  let reader;
  if (agent === null) reader = await c.runAndReadAll(`SELECT run_key, ${metric} FROM runs WHERE ${mine}`, [keys]);
  else if (isAgentMetric(metric)) reader = await c.runAndReadAll(`SELECT run_key, ${metric} FROM run_agents WHERE agent = $2 AND ${mine}`, [keys, agent]);
  else if (metric === 'settlement_rate_value') {
    // The share of the value of the agent's own payments settled; an agent with none has missed nothing (1).
    reader = await c.runAndReadAll(
      `SELECT run_key, coalesce(sum(sent_value) / nullif(sum(arrivals_value), 0), 1) FROM agent_days WHERE agent = $2 AND ${mine} GROUP BY run_key`,
      [keys, agent],
    );
  } else throw new Error(`${metric} is not stored per agent`);
  for (const [key, value] of reader.getRowsJS()) bySeed.set(seedOf.get(String(key))!, Number(value));
  for (const seed of runKeys.keys()) if (!bySeed.has(seed)) throw new Error(`no ${metric}${agent ? ` of ${agent}` : ''} stored for seed ${seed}`);
  return bySeed;
}
