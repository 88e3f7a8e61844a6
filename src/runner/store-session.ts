// One store and one worker pool for a study that runs in batches, each batch planned from what the
// earlier ones gave (`paysim liquidity`'s frontier and minimum-liquidity search, `paysim stress`'s
// baseline, failures and contagion rounds). Every batch goes through the sweep's runIntoStore, so
// runs stored `ok` are not run again (an interrupted study resumes) and a run planned twice is
// stored once. The study is one revision of its experiment (1 unless it says), with its spec as the record: more seeds
// or participants only add runs (their keys hold what distinguishes them).

import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { openStore, type Store } from '../store/open.js';
import { openExperiment } from '../store/revisions.js';
import type { PolicyRecord, ScenarioRecord } from '../store/writer.js';
import type { PlannedRun } from './plan.js';
import { createPool, type RunPool } from './pool.js';
import type { ProgressSink } from './progress.js';
import { type FailedRun, runIntoStore } from './sweep.js';

export interface StudyOptions {
  readonly db: string;
  readonly workers: number;
  readonly progress?: (total: number) => ProgressSink;
  readonly signal?: AbortSignal;
}

/** What the experiments table says of the study. */
export interface StudyRecord {
  readonly experiment: string;
  readonly description: string;
  /** Everything that defines the study (its canonical JSON is the revision's record). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The revision its runs belong to (default 1; their identities must say the same). */
  readonly revision?: number;
}

export class StoreSession {
  readonly failed: FailedRun[] = [];
  interrupted = false;
  /** Runs run by this session (finished ok or failed). */
  ran = 0;
  private notRun = 0;
  /** Every distinct run this session planned (a batch may plan runs an earlier one planned). */
  private readonly planned = new Set<string>();

  constructor(
    readonly store: Store,
    readonly pool: RunPool,
    readonly experiment: string,
    private readonly options: StudyOptions,
  ) {}

  /** Distinct planned runs that were stored already (neither run now nor left undone). */
  get skipped(): number {
    return this.planned.size - this.ran - this.notRun;
  }

  /** Runs what of `runs` is not stored `ok` yet; after an interruption it runs nothing more. */
  async run(runs: readonly PlannedRun[], policies: readonly PolicyRecord[], scenarios: readonly ScenarioRecord[]): Promise<void> {
    for (const run of runs) this.planned.add(run.identity.run_key);
    if (this.interrupted) return;
    const result = await runIntoStore(this.store, this.experiment, runs, policies, scenarios, {
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
}

/** Opens the store and the pool, records the study as its experiment, runs `body`, closes both. */
/** What every study reports of its session: runs that failed, an interruption, runs run, runs already stored. */
export interface SessionTally {
  readonly failed: readonly FailedRun[];
  readonly interrupted: boolean;
  readonly ran: number;
  readonly skipped: number;
}

export function sessionTally(session: StoreSession): SessionTally {
  return { failed: session.failed, interrupted: session.interrupted, ran: session.ran, skipped: session.skipped };
}

export async function withStoreSession<T>(record: StudyRecord, options: StudyOptions, body: (session: StoreSession) => Promise<T>): Promise<T> {
  const store = await openStore(options.db);
  const pool = createPool(options.workers);
  try {
    const specJson = canonicalize(record.spec)!;
    const specSha256 = createHash('sha256').update(specJson, 'utf8').digest('hex');
    await openExperiment(
      store.connection,
      { name: record.experiment, description: record.description, spec_json: specJson, spec_sha256: specSha256 },
      { revision: record.revision ?? 1, record_json: specJson, record_sha256: specSha256 },
    );
    return await body(new StoreSession(store, pool, record.experiment, options));
  } finally {
    await pool.destroy();
    store.close();
  }
}
