// `paysim liquidity`: the liquidity–delay frontier and the minimum-liquidity search, run on the
// worker pool and stored as an experiment through the sweep's own machinery (runIntoStore), so a
// frontier resumes like a sweep and its runs compare like any others (`paysim compare`).

import type { DuckDBConnection } from '@duckdb/node-api';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { PlannedRun } from '../../runner/plan.js';
import { createPool, type RunPool } from '../../runner/pool.js';
import type { ProgressSink } from '../../runner/progress.js';
import { type FailedRun, runIntoStore } from '../../runner/sweep.js';
import { openStore, type Store } from '../../store/open.js';
import { saveRevision } from '../../store/revisions.js';
import { upsertExperiment } from '../../store/writer.js';
import { type FrontierPoint, FrontierPlanner, type FrontierSpec, type LsmSetting } from './frontier-runs.js';
import { type MinLiquidityResult, minLiquidity } from './min-liquidity.js';
import { FIGURE_COLUMNS, runFigures } from './store-rows.js';
import { rows } from '../store-reader.js';

/** One stored run's figures, as the frontier reads them back from `runs`. */
export interface RunFigures {
  readonly ok: boolean;
  readonly arrivals: number;
  readonly settled: number;
  readonly arrived_value: number;
  readonly settled_value: number;
  readonly settlement_rate_value: number;
  readonly delay_value_weighted: number | null;
  readonly delay_indicator: number | null;
  readonly peak_liquidity_used: number;
}

export interface FrontierRun {
  readonly point: FrontierPoint;
  readonly figures: RunFigures | null;
}

/** `full`: every payment order settles; a number: at least this share of the arrived value settles. */
export type Target = 'full' | number;

export interface SearchOutcome extends MinLiquidityResult {
  readonly variant: LsmSetting;
  /** Σ banks' liquidity at the answer, averaged over seeds, and as a share of Σ upper bounds. */
  readonly liquidity: number | null;
  readonly share_of_upper: number | null;
  /** Per seed: the smallest α that met the target on its own (exact on the lattice below the answer). */
  readonly by_seed: ReadonlyArray<{ readonly seed: string; readonly alpha: number | null }>;
}

export interface FrontierOptions {
  readonly db: string;
  readonly workers: number;
  readonly progress?: (total: number) => ProgressSink;
  readonly signal?: AbortSignal;
  /** Run the minimum-liquidity search with this target and lattice step. */
  readonly search?: { readonly target: Target; readonly resolution: number };
}

export interface FrontierResult {
  readonly experiment: string;
  readonly bounds: ReadonlyArray<{ readonly seed: string; readonly upper: number; readonly lower: number }>;
  readonly runs: readonly FrontierRun[];
  readonly searches: readonly SearchOutcome[];
  readonly failed: readonly FailedRun[];
  readonly interrupted: boolean;
  readonly ran: number;
  readonly skipped: number;
}

export function meetsTarget(figures: RunFigures | null, target: Target): boolean {
  if (figures === null || !figures.ok) return false;
  return target === 'full' ? figures.settled === figures.arrivals : figures.settlement_rate_value >= target;
}

export async function runFrontier(spec: FrontierSpec, options: FrontierOptions): Promise<FrontierResult> {
  const planner = new FrontierPlanner(spec);
  const store = await openStore(options.db);
  const pool = createPool(options.workers);
  const session = new Session(store, pool, planner, options);
  try {
    const specJson = canonicalize({ kind: 'liquidity-frontier', ...spec, search: options.search ?? null })!;
    const specSha256 = createHash('sha256').update(specJson, 'utf8').digest('hex');
    // A frontier is revision 1 of its experiment: more seeds or α values only add runs (their keys
    // hold the bounds and α), so the record is the latest command's.
    await saveRevision(store.connection, spec.experiment, 1, specJson, specSha256);
    await upsertExperiment(store.connection, {
      experiment_id: spec.experiment,
      name: spec.experiment,
      description: `liquidity–delay frontier of ${spec.scenarioFile} (paysim liquidity)`,
      spec_json: specJson,
      spec_sha256: specSha256,
    });
    const runs = await session.evaluate(spec.lsm.flatMap((v) => planner.plan(v, spec.alphas)));
    const searches: SearchOutcome[] = [];
    if (options.search !== undefined && !session.interrupted) {
      for (const variant of spec.lsm) {
        const outcome = await search(session, variant, options.search.target, options.search.resolution);
        if (session.interrupted) break;
        searches.push(outcome);
      }
    }
    return {
      experiment: spec.experiment,
      bounds: spec.seeds.map((seed) => {
        const b = planner.bounds.get(seed)!;
        return { seed, upper: b.upper.reduce((s, x) => s + x, 0), lower: b.lower.reduce((s, x) => s + x, 0) };
      }),
      runs,
      searches,
      failed: session.failed,
      interrupted: session.interrupted,
      ran: session.ran,
      skipped: session.skipped,
    };
  } finally {
    await pool.destroy();
    store.close();
  }
}

async function search(session: Session, variant: LsmSetting, target: Target, resolution: number): Promise<SearchOutcome> {
  const spec = session.planner.spec;
  const byAlpha = new Map<number, FrontierRun[]>();
  const result = await minLiquidity(spec.alphas, resolution, async (alphas) => {
    const runs = await session.evaluate(session.planner.plan(variant, alphas));
    const ok = new Map<number, boolean>();
    for (const alpha of alphas) {
      const at = runs.filter((r) => r.point.alpha === alpha);
      byAlpha.set(alpha, at);
      ok.set(alpha, !session.interrupted && at.every((r) => meetsTarget(r.figures, target)));
    }
    return ok;
  });
  const at = result.alpha === null ? [] : byAlpha.get(result.alpha)!;
  const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
  const liquidity = mean(at.map((r) => r.point.liquidity));
  const upper = mean(at.map((r) => r.point.upper));
  const alphasTried = [...byAlpha.keys()].sort((a, b) => a - b);
  return {
    variant,
    ...result,
    liquidity,
    share_of_upper: liquidity === null || upper === null || upper === 0 ? null : liquidity / upper,
    by_seed: spec.seeds.map((seed) => ({
      seed,
      alpha: alphasTried.find((a) => byAlpha.get(a)!.some((r) => r.point.seed === seed && meetsTarget(r.figures, target))) ?? null,
    })),
  };
}

/** One store, one pool, for every batch of a frontier and its search. */
class Session {
  failed: FailedRun[] = [];
  interrupted = false;
  ran = 0;
  private notRun = 0;
  /** Every distinct run this session planned (the search plans grid points again). */
  private readonly planned = new Set<string>();

  constructor(
    readonly store: Store,
    readonly pool: RunPool,
    readonly planner: FrontierPlanner,
    readonly options: FrontierOptions,
  ) {}

  /** Runs what is not stored yet (skipping `ok` runs), then reads every run's figures back. */
  /** Distinct planned runs that were stored already (neither run now nor left undone). */
  get skipped(): number {
    return this.planned.size - this.ran - this.notRun;
  }

  async evaluate(planned: ReadonlyArray<{ run: PlannedRun; point: FrontierPoint }>): Promise<FrontierRun[]> {
    const runs = planned.map((p, index) => ({ ...p.run, index }));
    for (const run of runs) this.planned.add(run.identity.run_key);
    if (!this.interrupted) {
      // The documents of this batch's runs only: the planner holds every document planned so far.
      const scenarios = new Set(planned.map((p) => this.planner.scenarios.get(p.run.identity.scenario_sha256!)!));
      const result = await runIntoStore(this.store, this.planner.spec.experiment, runs, this.planner.policies, [...scenarios], {
        db: this.options.db,
        workers: this.options.workers,
        pool: this.pool,
        ...(this.options.progress !== undefined ? { progress: this.options.progress } : {}),
        ...(this.options.signal !== undefined ? { signal: this.options.signal } : {}),
      });
      this.failed.push(...result.failed);
      this.interrupted ||= result.interrupted;
      this.ran += result.ok + result.failed.length;
      this.notRun += result.not_run;
    }
    const figures = await readFigures(this.store.connection, this.planner.spec.experiment, planned.map((p) => p.run.identity.run_key));
    return planned.map((p) => ({ point: p.point, figures: figures.get(p.run.identity.run_key) ?? null }));
  }
}

/** The figures of these runs (one batch's keys, not the whole experiment's runs again). */
async function readFigures(connection: DuckDBConnection, experiment: string, keys: readonly string[]): Promise<Map<string, RunFigures>> {
  const found = await rows(
    connection,
    `SELECT run_key, status, ${FIGURE_COLUMNS} FROM runs
     WHERE experiment_id = $1 AND list_contains(from_json($2, '["VARCHAR"]'), run_key)`,
    [experiment, JSON.stringify(keys)],
  );
  return new Map(found.map((r) => [String(r['run_key']), runFigures(r)]));
}
