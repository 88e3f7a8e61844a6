// Store access for the API. DuckDB allows one open instance of a file per process at a time, so
// every use of the store goes through one queue: reads open the file read-only with external
// file access disabled (no query may reach another file), writes (persist) open it read-write.
// Request values only ever travel as bound parameters.

import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { openStore, StoreOpenError } from '../store/open.js';
import { ApiError } from './errors.js';

export class StoreAccess {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  get exists(): boolean {
    return existsSync(this.file);
  }

  /** Runs `work` on a read-only connection; null when there is no store file yet. */
  read<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T | null> {
    return this.serialize(async () => {
      if (!this.exists) return null;
      const store = await open(this.file, true);
      try {
        await store.connection.run('SET enable_external_access = false');
        return await work(store.connection);
      } finally {
        store.close();
      }
    });
  }

  /** Runs `work` with the store closed to other requests (it opens the file itself). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.serialize(async () => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof StoreOpenError) throw unavailable(error);
        throw error;
      }
    });
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    // The queue carries on whether this piece of work failed or not.
    this.queue = next.catch(() => undefined);
    return next;
  }
}

async function open(file: string, readOnly: boolean): ReturnType<typeof openStore> {
  try {
    return await openStore(file, { readOnly });
  } catch (error) {
    if (error instanceof StoreOpenError) throw unavailable(error);
    throw error;
  }
}

/** A store in use by another process or of another schema version: try later / elsewhere. */
function unavailable(error: StoreOpenError): ApiError {
  return new ApiError(503, 'store_unavailable', error.message);
}

/** BIGINT → number (money fits in 2^53 by the engine's limits), timestamps → ISO text. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

export async function rows(c: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  const reader = await c.runAndReadAll(sql, params);
  const names = reader.columnNames();
  return reader.getRowsJS().map((r) => Object.fromEntries(r.map((v, i) => [names[i]!, plain(v)])));
}
