// The sweep coordinator (runner.md §1): skips runs already stored `ok`, feeds the pool with a
// bounded number of runs in flight, stages each finished run into the store as it arrives and
// commits in batches. The only DuckDB writer; workers never see the store.

import type { DuckDBConnection } from '@duckdb/node-api';
import { ENGINE_VERSION } from '../engine/version.js';
import { openStore, type Store } from '../store/open.js';
import { StoreWriteError } from '../store/errors.js';
import { openExperiment } from '../store/revisions.js';
import { deleteRuns, type PolicyRecord, type ScenarioRecord, StoreWriter } from '../store/writer.js';
import { type Plan, type PlannedRun, withPlanRevision } from './plan.js';
import { createPool, type RunPool } from './pool.js';
import { type ProgressSink, silentProgress } from './progress.js';
import { runErrorMessage } from './run-error.js';
import { chooseRevision, revisionEntry } from './revision.js';
import { runRecord } from './run-record.js';
import type { RunOutcome } from './run-spec.js';
import { inShard, type Shard } from './shard.js';

export interface SweepOptions {
  readonly db: string;
  readonly workers: number;
  readonly shard?: Shard | null;
  readonly progress?: (total: number) => ProgressSink;
  /** Aborting stops new runs, cancels runs in flight and commits the finished ones. */
  readonly signal?: AbortSignal;
  /** Commit once this many result rows are staged (bounds the coordinator's memory). */
  readonly batchRows?: number;
  /** … or this many runs … */
  readonly batchRuns?: number;
  /** … or this long after the last commit, so a killed sweep loses little. */
  readonly batchMs?: number;
  /** A pool to use (kept open) instead of a new one of `workers` threads: benches reuse warm workers. */
  readonly pool?: RunPool;
  /** Store the runs as a new revision of the experiment (its configuration changed). */
  readonly newRevision?: boolean;
  /**
   * A writer to stage into (kept open, flushed at the end) instead of a new one: a caller that
   * stores many small sets of runs (an optimisation's trials) sets up the staging tables once.
   */
  readonly writer?: StoreWriter;
  /** Told of every run as it is staged (the runs this call executed). */
  readonly onOutcome?: (run: PlannedRun, outcome: RunOutcome) => void;
}

export interface FailedRun {
  /** Position in the experiment's run order (failures are listed in this order). */
  readonly index: number;
  readonly run_key: string;
  readonly variant: string;
  readonly seed: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly error: string;
}

export interface SweepReport {
  readonly experiment: string;
  /** The experiment revision the runs are stored under. */
  readonly revision: number;
  readonly db: string;
  readonly engine_version: string;
  /** Runs of the experiment (of this shard). */
  readonly planned: number;
  /** Already stored `ok`, so not run again. */
  readonly skipped: number;
  readonly ok: number;
  readonly failed: readonly FailedRun[];
  /** Planned, not skipped, and not finished because the sweep was interrupted. */
  readonly not_run: number;
  readonly interrupted: boolean;
  readonly wall_ms: number;
  /** Time the coordinator spent appending and committing results (the store's ingest). */
  readonly ingest_ms: number;
  /** Result rows stored, by table. */
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * The store failed while the sweep wrote (disk full, I/O error): the sweep stopped; the runs
 * committed before stay whole in the store, and running the same command again resumes.
 */
export class SweepStoreError extends Error {
  constructor(
    readonly storeError: StoreWriteError,
    /** Runs committed by this sweep before the failure. */
    readonly committed: number,
    /** Runs this sweep set out to run. */
    readonly todo: number,
  ) {
    super(storeError.message);
    this.name = 'SweepStoreError';
  }
}

const DEFAULT_BATCH_ROWS = 500_000;
const DEFAULT_BATCH_RUNS = 1_000;
const DEFAULT_BATCH_MS = 2_000;

export async function runSweep(plan: Plan, options: SweepOptions): Promise<SweepReport> {
  const started = performance.now();
  const experiment = plan.experiment;
  const shard = options.shard ?? null;
  const store = await openStore(options.db);
  try {
    const choice = await chooseRevision(store.connection, plan, options.newRevision ?? false);
    const planned = withPlanRevision(plan, choice.revision);
    const mine = planned.runs.filter((run) => inShard(run.index, shard));
    await openExperiment(
      store.connection,
      { name: experiment.name, description: experiment.description, spec_json: experiment.specJson, spec_sha256: experiment.specSha256 },
      revisionEntry(planned, choice.revision),
    );
    const result = await runIntoStore(store, experiment.name, mine, plan.policies, plan.scenarios, options);
    return {
      experiment: experiment.name,
      revision: choice.revision,
      db: options.db,
      engine_version: ENGINE_VERSION,
      ...result,
      wall_ms: performance.now() - started,
    };
  } finally {
    store.close();
  }
}

export type StoredRunsResult = Omit<SweepReport, 'experiment' | 'revision' | 'db' | 'engine_version' | 'wall_ms'>;

/**
 * Runs planned runs of an existing experiment on the pool and stores them in an open store:
 * runs already stored `ok` are skipped, failed ones are run again. The sweep and shadow replay
 * (which feeds recorded payment orders in its run specs) both go through here.
 */
export async function runIntoStore(
  store: Store,
  experimentId: string,
  runs: readonly PlannedRun[],
  policies: readonly PolicyRecord[],
  scenarios: readonly ScenarioRecord[],
  options: SweepOptions,
): Promise<StoredRunsResult> {
  let writer: StoreWriter | null = null;
  try {
    const stored = await storedStatus(store.connection, experimentId, runs.length <= KEYED_STATUS_MAX ? runs.map((run) => run.identity.run_key) : null);
    const todo = runs.filter((run) => stored.get(run.identity.run_key) !== 'ok');
    // Failed runs about to be retried leave first, so that a retry is stored like a new run.
    await deleteRuns(store.connection, todo.map((run) => run.identity.run_key).filter((key) => stored.has(key)));
    writer = options.writer ?? (await StoreWriter.create(store));
    await writer.addPolicies(policies);
    await writer.addScenarios(scenarios);
    const result = await execute(todo, writer, options);
    return {
      planned: runs.length,
      skipped: runs.length - todo.length,
      ok: result.ok,
      failed: result.failed,
      not_run: todo.length - result.ok - result.failed.length,
      interrupted: result.interrupted,
      ingest_ms: result.ingestMs,
      rows: result.rows,
    };
  } finally {
    if (options.writer === undefined) await writer?.close();
  }
}

/** Up to this many runs, their status is looked up by key rather than by reading the experiment's every run. */
const KEYED_STATUS_MAX = 10_000;

/**
 * Run key → status of the experiment's stored runs: every one, or only those of `keys` (an
 * optimisation stores a few runs at a time into an experiment of thousands).
 */
export async function storedStatus(connection: DuckDBConnection, experimentId: string, keys: readonly string[] | null = null): Promise<Map<string, string>> {
  const reader =
    keys === null
      ? await connection.runAndReadAll('SELECT run_key, status FROM runs WHERE experiment_id = $1', [experimentId])
      : await connection.runAndReadAll(`SELECT run_key, status FROM runs WHERE experiment_id = $1 AND run_key IN (SELECT unnest(from_json($2, '["VARCHAR"]')))`, [experimentId, JSON.stringify(keys)]);
  const out = new Map<string, string>();
  for (const [key, status] of reader.getRowsJS()) out.set(String(key), String(status));
  return out;
}

interface ExecuteResult {
  ok: number;
  failed: FailedRun[];
  interrupted: boolean;
  ingestMs: number;
  rows: Record<string, number>;
}

async function execute(
  todo: readonly PlannedRun[],
  writer: StoreWriter,
  options: SweepOptions,
): Promise<ExecuteResult> {
  const result: ExecuteResult = { ok: 0, failed: [], interrupted: false, ingestMs: 0, rows: {} };
  if (todo.length === 0) return result;
  const progress = options.progress?.(todo.length) ?? silentProgress;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const batchRuns = options.batchRuns ?? DEFAULT_BATCH_RUNS;
  const batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
  const pool = options.pool ?? createPool(options.workers);
  const cancel = new AbortController();
  const onAbort = (): void => cancel.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) cancel.abort();
  // A worker that cannot start (a broken install) fails no run by itself: its tasks would wait
  // forever. Stop the sweep instead, keep what finished, and say why.
  let poolError: unknown = null;
  const onPoolError = (error: unknown): void => {
    poolError ??= error;
    cancel.abort();
  };
  pool.on('error', onPoolError);
  // Two batches per worker in flight: a worker never waits while the coordinator stages results.
  const limit = options.workers * 2;
  const inFlight = new Set<Promise<void>>();
  // Finished runs wait here while a commit is in progress: staging and committing never overlap.
  const finished: Array<{ run: PlannedRun; outcome: RunOutcome }> = [];
  let next = 0;
  let lastCommit = performance.now();
  const pace = new RunPace();

  const launch = (runs: readonly PlannedRun[]): void => {
    const task = pool
      .run(
        runs.map((run) => run.spec),
        { signal: cancel.signal },
      )
      .then(
        (outcomes) => {
          runs.forEach((run, i) => finished.push({ run, outcome: outcomes[i]! }));
          pace.observe(outcomes);
        },
        (error: unknown) => {
          // A cancelled run is simply not run; a worker that died (out of memory, a crash)
          // fails the runs of its batch like an exception would.
          if (cancel.signal.aborted) return;
          for (const run of runs) finished.push({ run, outcome: crashedOutcome(run, error) });
        },
      )
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  // A store that fails (disk full) stops the sweep: no run is started whose result cannot be kept.
  const stopOnStoreError = async (commit: () => Promise<void>): Promise<void> => {
    try {
      await commit();
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
      cancel.abort();
      throw new SweepStoreError(error, writer.committedRuns, todo.length);
    }
  };
  try {
    for (;;) {
      while (!cancel.signal.aborted && next < todo.length && inFlight.size < limit) {
        const size = pace.batchSize(todo.length - next, options.workers);
        launch(todo.slice(next, (next += size)));
      }
      if (finished.length === 0) {
        if (inFlight.size === 0) break;
        await Promise.race(inFlight);
      }
      const ingestStart = performance.now();
      await stopOnStoreError(async () => {
        for (const { run, outcome } of finished.splice(0)) {
          writer.stage(runRecord(run.identity, outcome));
          options.onOutcome?.(run, outcome);
          if (outcome.status === 'ok') result.ok += 1;
          else {
            const { run_key, variant, seed, params } = run.identity;
            result.failed.push({ index: run.index, run_key, variant, seed, params, error: outcome.error ?? 'unknown error' });
          }
        }
        const due = performance.now() - lastCommit >= batchMs;
        if (writer.pendingRuns > 0 && (writer.pendingRows >= batchRows || writer.pendingRuns >= batchRuns || due)) {
          await writer.handOff();
          lastCommit = performance.now();
        }
      });
      result.ingestMs += performance.now() - ingestStart;
      progress.update(result.ok + result.failed.length, result.failed.length);
    }
    const ingestStart = performance.now();
    await stopOnStoreError(() => writer.flush());
    result.ingestMs += performance.now() - ingestStart;
    result.rows = { ...writer.committedRows };
    // Runs finish in any order; the report lists failures in the experiment's order.
    result.failed.sort((a, b) => a.index - b.index);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    pool.off('error', onPoolError);
    progress.finish();
    if (options.pool === undefined) await pool.destroy();
  }
  if (poolError !== null) {
    throw new Error(`a worker could not run (finished runs are kept): ${runErrorMessage(poolError)}`);
  }
  result.interrupted = cancel.signal.aborted;
  return result;
}

/**
 * How many runs go to a worker in one task. A task costs about a millisecond of messaging and
 * scheduling whatever it holds, which is most of a small run's cost (a 2-bank day is ≈ 0.3 ms of
 * engine): runs are batched so that a task holds about BATCH_TARGET_MS of work, judged by the
 * runs finished so far. The first tasks hold one run each (nothing is known yet), large runs
 * always go one by one, and near the end batches shrink so that every worker gets a share.
 * Which runs share a task never changes a result: each run is still a function of its spec.
 */
export class RunPace {
  private runs = 0;
  private ms = 0;

  observe(outcomes: readonly RunOutcome[]): void {
    for (const o of outcomes) {
      this.runs += 1;
      this.ms += o.wall_ms;
    }
  }

  batchSize(remaining: number, workers: number): number {
    if (this.runs === 0) return 1;
    const perRun = Math.max(this.ms / this.runs, 0.01);
    const byTime = Math.floor(BATCH_TARGET_MS / perRun);
    const byShare = Math.ceil(remaining / (2 * Math.max(1, workers)));
    return Math.max(1, Math.min(BATCH_MAX_RUNS, byTime, byShare));
  }
}

const BATCH_TARGET_MS = 20;
const BATCH_MAX_RUNS = 64;

function crashedOutcome(run: PlannedRun, error: unknown): RunOutcome {
  return {
    run_key: run.identity.run_key,
    status: 'failed',
    error: `worker failed: ${runErrorMessage(error)}`,
    summary: null,
    started_at_ms: Date.now(),
    wall_ms: 0,
    tables: {},
  };
}
