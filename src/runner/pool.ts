// The Piscina pool that runs the sweep's workers. The worker entry is found relative to this
// module: compiled JS (dist/workers/run-worker.js) for the installed CLI; when this module runs
// from source (vitest, `node --import tsx`), a small JS bootstrap that registers tsx inside the
// worker and loads workers/run-worker.ts.

import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { RunOutcome, RunSpec } from './run-spec.js';

/** src/runner/pool.ts → workers/run-worker-source.mjs; dist/src/runner/pool.js → dist/workers/run-worker.js. */
export function workerEntry(moduleUrl: string = import.meta.url): string {
  const fromSource = moduleUrl.endsWith('.ts');
  return fileURLToPath(new URL(`../../workers/${fromSource ? 'run-worker-source.mjs' : 'run-worker.js'}`, moduleUrl));
}

/** A task is a batch of runs (one or more): small runs share a message, see sweep.ts batchSize. */
export type RunPool = Piscina<readonly RunSpec[], RunOutcome[]>;

export function createPool(workers: number): RunPool {
  const pool = new Piscina<readonly RunSpec[], RunOutcome[]>({
    filename: workerEntry(),
    // Workers take the process's Node flags, except those a worker thread refuses.
    execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
    minThreads: workers,
    maxThreads: workers,
    // One batch at a time per worker: runs are CPU-bound, interleaving them only costs memory.
    concurrentTasksPerWorker: 1,
    // Workers stay for the whole sweep (no respawn between batches).
    idleTimeout: 60_000,
  });
  // A worker that cannot even start (a broken install) must not take the process down with an
  // unhandled 'error' event: its tasks reject, and the sweep records those runs as failed.
  pool.on('error', () => {});
  return pool;
}
