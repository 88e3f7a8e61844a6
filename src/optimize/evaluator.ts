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
import { type Plan, planExperiment, type ScenarioBase, scenarioBase, withPlanRevision } from '../runner/plan.js';
import type { RunPool } from '../runner/pool.js';
import { chooseRevision, revisionEntry } from '../runner/revision.js';
import { runIntoStore } from '../runner/sweep.js';
import type { Store } from '../store/open.js';
import { openExperiment } from '../store/revisions.js';
import { StoreWriter } from '../store/writer.js';
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
  return { set: Object.fromEntries(parameters.filter((p) => p.name in a).flatMap((p) => p.paths.map((path) => [path, a[p.name]]))) };
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

/** Whose value a metric is: the system's (null), or the sum over these agents (one agent: its own; a class: its members'). */
export type Whose = readonly string[] | null;

export interface ObjectiveSpec {
  readonly metric: string;
  readonly agents: Whose;
}

/** One trial to observe in a batch: its variant, and what it is observed for. */
export interface ObservationRequest {
  readonly variant: string;
  readonly doc: VariantDocument;
  readonly objective: ObjectiveSpec;
  readonly constraints: readonly ConstraintSpec[];
}

export class StoreEvaluator {
  /** Runs actually executed (not found in the store) since this evaluator was made. */
  executed = 0;
  revision = 1;
  /** Variant → seed → run key of every run observed (a proposer is sent the per-agent costs of these). */
  readonly runKeys = new Map<string, Map<string, string>>();
  /** True until the new revision asked for has been recorded (then later trials resume it). */
  private newRevision: boolean;
  /** The revision is chosen and recorded by the first trials stored; later ones go to the same. */
  private settled = false;
  /** The scenario read once for every plan of trials (an optimisation's snapshot of its files). */
  private base: ScenarioBase | null = null;
  /** One writer for every trial: its staging tables are set up once. */
  private writer: StoreWriter | null = null;
  /** Runs executed per variant and not yet claimed by a trial (runsExecuted). */
  private readonly executedBy = new Map<string, number>();
  /** Observations read in a batch (observeMany), by what they observe, variant and seed. */
  private readonly known = new Map<string, Observation>();

  constructor(private readonly o: EvaluatorOptions) {
    this.newRevision = o.newRevision ?? false;
  }

  /**
   * The revision these trials will go to, decided before anything is written: an experiment
   * changed since its runs were stored is refused here (ExperimentChangedError, exit 2) unless a
   * new revision was asked for, so a refused optimisation leaves the store as it was.
   */
  async settleRevision(variants: Record<string, VariantDocument>, seeds: readonly string[]): Promise<number> {
    const { plan } = this.planTrials(variants, seeds);
    const choice = await chooseRevision(this.o.store.connection, plan, this.newRevision, 'optimize');
    this.revision = choice.revision;
    return choice.revision;
  }

  /**
   * The trials as an experiment, planned on the scenario read once. Each trial's document is
   * still validated (a value can be out of the scenario's range); the files are not read again.
   */
  private planTrials(variants: Record<string, VariantDocument>, seeds: readonly string[]): { experiment: Experiment; plan: Plan } {
    const experiment = parseExperimentDocument(trialDocument(this.o.experimentDoc, variants, seeds), this.o.file);
    this.base ??= scenarioBase(experiment.scenarioFile);
    return { experiment, plan: planExperiment(experiment, this.base) };
  }

  /** Runs the variants on the seeds (stored runs are skipped); returns variant → seed → run key. */
  async ensure(variants: Record<string, VariantDocument>, seeds: readonly string[]): Promise<Map<string, Map<string, string>>> {
    const c = this.o.store.connection;
    const trials = this.planTrials(variants, seeds);
    const { experiment } = trials;
    if (!this.settled) {
      // The first trials stored decide and record the revision (the files are not read again after).
      const choice = await chooseRevision(c, trials.plan, this.newRevision, 'optimize');
      this.revision = choice.revision;
      await openExperiment(
        c,
        { name: experiment.name, description: experiment.description, spec_json: this.o.specJson, spec_sha256: this.o.specSha256 },
        revisionEntry(withPlanRevision(trials.plan, choice.revision), choice.revision),
      );
      this.newRevision = false;
      this.settled = true;
    }
    const plan = withPlanRevision(trials.plan, this.revision);
    this.writer ??= await StoreWriter.create(this.o.store);
    const result = await runIntoStore(this.o.store, experiment.name, plan.runs, plan.policies, plan.scenarios, {
      db: this.o.store.file,
      workers: this.o.workers,
      pool: this.o.pool,
      writer: this.writer,
      onOutcome: (run) => this.executedBy.set(run.identity.variant, (this.executedBy.get(run.identity.variant) ?? 0) + 1),
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

  /** Runs of this variant executed since the last call for it (a trial's `runs_executed`). */
  runsExecuted(variant: string): number {
    const n = this.executedBy.get(variant) ?? 0;
    this.executedBy.delete(variant);
    return n;
  }

  /** A metric of these runs (seed → run key): the system's (runs table), or one agent's or a class's sum. */
  async metric(runKeys: ReadonlyMap<string, string>, metric: string, agents: Whose): Promise<Map<string, number>> {
    const byKey = await readMetric(this.o.store.connection, [...runKeys.values()], metric, agents);
    const bySeed = new Map<string, number>();
    for (const [seed, key] of runKeys) {
      const value = byKey.get(key);
      if (value === undefined) throw new Error(`no ${metric}${agents ? ` of ${agents.join(', ')}` : ''} stored for seed ${seed}`);
      bySeed.set(seed, value);
    }
    return bySeed;
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
  async observe(variant: string, doc: VariantDocument, seeds: readonly string[], objective: ObjectiveSpec, constraints: readonly ConstraintSpec[]): Promise<Observation[]> {
    const request: ObservationRequest = { variant, doc, objective, constraints };
    const missing = seeds.filter((s) => !this.known.has(observationKey(request, s)));
    if (missing.length > 0) await this.observeMany([{ ...request, seeds: missing }]);
    return seeds.map((s) => this.known.get(observationKey(request, s))!);
  }

  /**
   * Runs every request's variant on the seeds as one set of runs (the pool runs them all in
   * parallel, the store takes them in one commit) and reads each request's metrics in one query
   * per metric; `observe` then answers from what was read. Equilibrium mode asks for an agent's
   * whole grid, or every agent's, this way.
   */
  async observeMany(requests: readonly (ObservationRequest & { readonly seeds: readonly string[] })[]): Promise<void> {
    // Requests on the same seeds are planned and run together.
    const bySeeds = new Map<string, Array<ObservationRequest & { readonly seeds: readonly string[] }>>();
    for (const r of requests) {
      if (r.seeds.length === 0) continue;
      const id = JSON.stringify(r.seeds);
      bySeeds.set(id, [...(bySeeds.get(id) ?? []), r]);
    }
    for (const group of bySeeds.values()) await this.observeOnSeeds(group, group[0]!.seeds);
  }

  private async observeOnSeeds(requests: readonly ObservationRequest[], seeds: readonly string[]): Promise<void> {
    const variants: Record<string, VariantDocument> = {};
    for (const r of requests) variants[r.variant] = r.doc;
    const keys = await this.ensure(variants, seeds);
    for (const [variant, bySeed] of keys) {
      const known = this.runKeys.get(variant) ?? new Map<string, string>();
      for (const [seed, key] of bySeed) known.set(seed, key);
      this.runKeys.set(variant, known);
    }
    // One query per distinct metric (and whose), over every run that needs it.
    const reads = new Map<string, { metric: string; agents: Whose; keys: Set<string> }>();
    const need = (metric: string, agents: Whose, variant: string): void => {
      const id = metricId(metric, agents);
      const read = reads.get(id) ?? { metric, agents, keys: new Set<string>() };
      for (const key of keys.get(variant)!.values()) read.keys.add(key);
      reads.set(id, read);
    };
    for (const r of requests) {
      need(r.objective.metric, r.objective.agents, r.variant);
      for (const c of r.constraints) need(c.metric, c.agent === null ? null : [c.agent], r.variant);
    }
    const values = new Map<string, Map<string, number>>();
    for (const [id, read] of reads) values.set(id, await readMetric(this.o.store.connection, [...read.keys], read.metric, read.agents));
    const value = (metric: string, agents: Whose, key: string, seed: string): number => {
      const v = values.get(metricId(metric, agents))!.get(key);
      if (v === undefined) throw new Error(`no ${metric}${agents ? ` of ${agents.join(', ')}` : ''} stored for seed ${seed}`);
      return v;
    };
    for (const r of requests) {
      for (const seed of seeds) {
        const key = keys.get(r.variant)!.get(seed)!;
        this.known.set(observationKey(r, seed), {
          objective: value(r.objective.metric, r.objective.agents, key, seed),
          constraints: r.constraints.map((c) => value(c.metric, c.agent === null ? null : [c.agent], key, seed)),
        });
      }
    }
  }

  /** Commits nothing more and lets go of the staging tables (call before closing the store). */
  async close(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
  }
}

function metricId(metric: string, agents: Whose): string {
  return JSON.stringify([metric, agents]);
}

function observationKey(r: ObservationRequest, seed: string): string {
  const constraints = r.constraints.map((c) => [c.metric, c.agent, c.min, c.max]);
  return JSON.stringify([r.variant, seed, r.objective.metric, r.objective.agents, constraints]);
}

/**
 * Run key → a metric of each run: the system's (runs table), or summed over `agents`
 * (run_agents; one agent's is its own value). `settlement_rate_value` of agents is the share of
 * the value of their own payments settled, Σ sent ÷ Σ arrived over their days (1 when they sent
 * nothing). Metric names come from the metric lists.
 */
export async function readMetric(c: DuckDBConnection, runKeys: readonly string[], metric: string, agents: Whose): Promise<Map<string, number>> {
  const keys = JSON.stringify(runKeys);
  const mine = `run_key IN (SELECT unnest(from_json($1, '["VARCHAR"]')))`;
  const whose = JSON.stringify(agents ?? []);
  const members = `agent IN (SELECT unnest(from_json($2, '["VARCHAR"]')))`;
  let reader;
  if (agents === null) reader = await c.runAndReadAll(`SELECT run_key, ${metric} FROM runs WHERE ${mine}`, [keys]);
  else if (isAgentMetric(metric)) {
    // One agent: its stored value as it is; several: their sum.
    reader =
      agents.length === 1
        ? await c.runAndReadAll(`SELECT run_key, ${metric} FROM run_agents WHERE agent = $2 AND ${mine}`, [keys, agents[0]!])
        : await c.runAndReadAll(`SELECT run_key, sum(${metric}) FROM run_agents WHERE ${members} AND ${mine} GROUP BY run_key`, [keys, whose]);
  } else if (metric === 'settlement_rate_value') {
    reader = await c.runAndReadAll(
      `SELECT run_key, coalesce(sum(sent_value) / nullif(sum(arrivals_value), 0), 1) FROM agent_days WHERE ${members} AND ${mine} GROUP BY run_key`,
      [keys, whose],
    );
  } else throw new Error(`${metric} is not stored per agent`);
  const out = new Map<string, number>();
  for (const [key, value] of reader.getRowsJS()) out.set(String(key), Number(value));
  return out;
}
