// `paysim liquidity`: the liquidity–delay frontier and the minimum-liquidity search, run on the
// worker pool and stored as an experiment through the sweep's own machinery (a store session,
// runIntoStore), so a frontier resumes like a sweep and its runs compare like any others
// (`paysim compare`). What the frontier's figures mean is analysis/liquidity's business.

import type { DuckDBConnection } from '@duckdb/node-api';
import { rows } from '../../store/read.js';
import type { PlannedRun } from '../plan.js';
import { type SessionTally, sessionTally, type StoreSession, type StudyOptions, withStoreSession } from '../store-session.js';
import { FIGURE_COLUMNS, type FrontierRun, meetsTarget, type RunFigures, runFigures, type Target } from './figures.js';
import { type FrontierPoint, FrontierPlanner, type FrontierSpec, type LsmSetting } from './frontier-plan.js';
import { mean } from '../../stats/summary.js';
import { liquidityAt } from './bank-bounds.js';
import { type MinLiquidityResult, minLiquidity } from './min-liquidity.js';

export interface SearchOutcome extends MinLiquidityResult {
  readonly variant: LsmSetting;
  /** Σ banks' liquidity at the answer, averaged over seeds, and as a share of Σ upper bounds. */
  readonly liquidity: number | null;
  readonly share_of_upper: number | null;
  /** Per seed: the smallest α that met the target on its own (exact on the lattice below the answer). */
  readonly by_seed: ReadonlyArray<{ readonly seed: string; readonly alpha: number | null }>;
  /**
   * Each bank at the answer (every bank at the same α, docs/liquidity.md): its bounds and its
   * opening balance LB + α (UB − LB), means over the seeds (cents); liquidity null when no α met
   * the target.
   */
  readonly by_bank: ReadonlyArray<{ readonly agent: string; readonly lower: number; readonly upper: number; readonly liquidity: number | null }>;
}

export interface FrontierOptions extends StudyOptions {
  /** Run the minimum-liquidity search with this target and lattice step. */
  readonly search?: { readonly target: Target; readonly resolution: number };
}

export interface FrontierResult extends SessionTally {
  readonly experiment: string;
  readonly bounds: ReadonlyArray<{ readonly seed: string; readonly upper: number; readonly lower: number }>;
  readonly runs: readonly FrontierRun[];
  readonly searches: readonly SearchOutcome[];
}

export async function runFrontier(spec: FrontierSpec, options: FrontierOptions): Promise<FrontierResult> {
  const planner = new FrontierPlanner(spec);
  // A frontier is revision 1 of its experiment: more seeds or α values only add runs (their keys
  // hold the bounds and α), so the record is the latest command's.
  const record = {
    experiment: spec.experiment,
    description: `liquidity–delay frontier of ${spec.scenarioFile} (paysim liquidity)`,
    spec: { kind: 'liquidity-frontier', ...spec, search: options.search ?? null },
  };
  return withStoreSession(record, options, async (store) => {
    const session = new Session(store, planner);
    const runs = await session.evaluate(spec.lsm.flatMap((v) => planner.plan(v, spec.alphas)));
    const searches: SearchOutcome[] = [];
    if (options.search !== undefined && !store.interrupted) {
      for (const variant of spec.lsm) {
        const outcome = await search(session, variant, options.search.target, options.search.resolution);
        if (store.interrupted) break;
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
      ...sessionTally(store),
    };
  });
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
  const liquidity = mean(at.map((r) => r.point.liquidity));
  const upper = mean(at.map((r) => r.point.upper));
  const alphasTried = [...byAlpha.keys()].sort((a, b) => a - b);
  return {
    variant,
    ...result,
    liquidity,
    share_of_upper: liquidity === null || upper === null || upper === 0 ? null : liquidity / upper,
    by_bank: banksAt(session.planner, result.alpha),
    by_seed: spec.seeds.map((seed) => ({
      seed,
      alpha: alphasTried.find((a) => byAlpha.get(a)!.some((r) => r.point.seed === seed && meetsTarget(r.figures, target))) ?? null,
    })),
  };
}

/** Each bank's bounds and its liquidity at `alpha`, means over the seeds. */
function banksAt(planner: FrontierPlanner, alpha: number | null): SearchOutcome['by_bank'] {
  const perSeed = planner.spec.seeds.map((seed) => planner.bounds.get(seed)!);
  const at = alpha === null ? null : perSeed.map((b) => liquidityAt(b, alpha));
  return perSeed[0]!.agents.map((agent, i) => ({
    agent,
    // A frontier has at least one seed, so each bank has a mean.
    lower: mean(perSeed.map((b) => b.lower[i]!)) ?? 0,
    upper: mean(perSeed.map((b) => b.upper[i]!)) ?? 0,
    liquidity: at === null ? null : mean(at.map((balances) => balances[i]!)),
  }));
}

/** The frontier's batches: run on the study's store session, then read back. */
class Session {
  constructor(
    readonly store: StoreSession,
    readonly planner: FrontierPlanner,
  ) {}

  get interrupted(): boolean {
    return this.store.interrupted;
  }

  /** Runs what is not stored yet (skipping `ok` runs), then reads these runs' figures back. */
  async evaluate(planned: ReadonlyArray<{ run: PlannedRun; point: FrontierPoint }>): Promise<FrontierRun[]> {
    const runs = planned.map((p, index) => ({ ...p.run, index }));
    // The documents of this batch's runs only: the planner holds every document planned so far.
    const scenarios = new Set(planned.map((p) => this.planner.scenarios.get(p.run.identity.scenario_sha256!)!));
    await this.store.run(runs, this.planner.policies, [...scenarios]);
    const figures = await readFigures(this.store.store.connection, this.planner.spec.experiment, planned.map((p) => p.run.identity.run_key));
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
