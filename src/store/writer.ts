// The coordinator's single writer (runner.md §1). Finished runs are appended as they arrive into
// staging tables of an in-memory database attached to the store; a batch is then moved into the
// store's tables by INSERT … SELECT inside one DB transaction on a second connection: a run's
// `runs` row and all its rows land together or not at all, so a crash or kill at any moment leaves
// only whole runs behind.
//
// Why two stages (measured on this machine, 22-column transactions table): appending into the
// file's tables costs about as much again as appending into memory, and it would run on the JS
// thread. Staging into memory and moving batches with an asynchronous INSERT lets DuckDB's own
// threads write batch k while the JS thread stages batch k+1 (two staging buffers, alternating).

import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { timestampValue } from '@duckdb/node-api';
import { RESULT_TABLES, type ResultTableName } from './columns.js';
import { TableAppender } from './ingest.js';
import type { Store } from './open.js';
import { RUN_COLUMNS, type RunColumn } from './runs-columns.js';

/** A policy document by content hash (the `policies` table). */
export interface PolicyRecord {
  readonly policy_sha256: string;
  readonly name: string;
  readonly document_json: string;
}

/** One finished run as the store takes it. */
export interface RunRecord {
  /** Values for the `runs` columns by name (missing or null → NULL). */
  readonly row: Readonly<Record<string, string | number | null>>;
  readonly policies: ReadonlyArray<{ readonly agent: string; readonly policy_sha256: string }>;
  readonly tables: Partial<Record<ResultTableName, Uint8Array>>;
}

export interface ExperimentRecord {
  readonly experiment_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly spec_json: string | null;
  readonly spec_sha256: string | null;
}

/** Tables that hold rows per run (deleted together when a run is replaced). */
export const RUN_TABLES: readonly string[] = ['runs', 'run_policies', ...RESULT_TABLES.map((t) => t.name)];

/** The staging database's name (in memory, private to this process). */
const STAGE = 'paysim_stage';

/** One set of staging tables with their appenders. */
interface Buffer {
  readonly suffix: string;
  runs: DuckDBAppender;
  runPolicies: DuckDBAppender;
  tables: Map<ResultTableName, TableAppender>;
  runsStaged: number;
}

export class StoreWriter {
  private readonly buffers: Buffer[] = [];
  private current = 0;
  /** The batch being moved into the store, if any. */
  private moving: Promise<void> | null = null;
  private closed = false;
  /** Result rows committed so far, by table. */
  readonly committedRows: Record<string, number> = {};

  private constructor(
    /** Stages (appenders on the in-memory database). */
    private readonly stager: DuckDBConnection,
    /** Moves batches into the store (its own connection, so it can run while staging goes on). */
    private readonly mover: DuckDBConnection,
  ) {}

  static async create(store: Store): Promise<StoreWriter> {
    const c = store.connection;
    await c.run(`ATTACH IF NOT EXISTS ':memory:' AS ${STAGE}`);
    const writer = new StoreWriter(c, await store.connect());
    for (const suffix of ['a', 'b']) {
      const buffer: Buffer = { suffix, runs: null!, runPolicies: null!, tables: new Map(), runsStaged: 0 };
      await resetBuffer(c, c, buffer);
      writer.buffers.push(buffer);
    }
    return writer;
  }

  /** Runs staged and not yet handed to a commit. */
  get pendingRuns(): number {
    return this.buffers[this.current]!.runsStaged;
  }

  /** Result rows staged and not yet handed to a commit. */
  get pendingRows(): number {
    let rows = 0;
    for (const table of this.buffers[this.current]!.tables.values()) rows += table.rows;
    return rows;
  }

  /** Stores policy documents not stored yet (call before staging runs that use them). */
  async addPolicies(policies: Iterable<PolicyRecord>): Promise<void> {
    for (const p of policies) {
      await this.mover.run('INSERT OR IGNORE INTO policies VALUES ($1, $2, $3)', [p.policy_sha256, p.name, p.document_json]);
    }
  }

  /** Stages one finished run (synchronous: decode and copy into DuckDB's memory). */
  stage(record: RunRecord): void {
    const buffer = this.buffers[this.current]!;
    const runKey = String(record.row['run_key']);
    appendRunRow(buffer.runs, record.row);
    for (const p of record.policies) {
      buffer.runPolicies.appendVarchar(runKey);
      buffer.runPolicies.appendVarchar(p.agent);
      buffer.runPolicies.appendVarchar(p.policy_sha256);
      buffer.runPolicies.endRow();
    }
    for (const [name, bytes] of Object.entries(record.tables) as Array<[ResultTableName, Uint8Array | undefined]>) {
      if (bytes !== undefined) buffer.tables.get(name)!.append(runKey, bytes);
    }
    buffer.runsStaged += 1;
  }

  /**
   * Hands the staged batch to a commit and switches to the other buffer; returns as soon as the
   * previous batch is in the store (at most one batch is in flight), so staging goes on while
   * DuckDB writes. `flush()` (or `commit()`) waits for everything.
   */
  async handOff(): Promise<void> {
    const buffer = this.buffers[this.current]!;
    if (buffer.runsStaged === 0) return;
    for (const appender of bufferAppenders(buffer)) appender.flushSync();
    await this.moving;
    this.moving = this.move(buffer);
    this.current = 1 - this.current;
  }

  /** Commits everything staged and waits until it is in the store. */
  async flush(): Promise<void> {
    await this.handOff();
    await this.moving;
    this.moving = null;
  }

  /** Same as `flush()`: when it returns, every staged run is committed. */
  async commit(): Promise<void> {
    await this.flush();
  }

  private async move(buffer: Buffer): Promise<void> {
    const m = this.mover;
    const rows = new Map<ResultTableName, number>();
    for (const [name, table] of buffer.tables) rows.set(name, table.rows);
    await m.run('BEGIN TRANSACTION');
    try {
      await m.run(`INSERT INTO runs SELECT * FROM ${STAGE}.runs_${buffer.suffix}`);
      await m.run(`INSERT INTO run_policies SELECT * FROM ${STAGE}.run_policies_${buffer.suffix}`);
      for (const [name, count] of rows) {
        if (count > 0) await m.run(`INSERT INTO ${name} SELECT * FROM ${STAGE}.${name}_${buffer.suffix}`);
      }
      await m.run('COMMIT');
    } catch (error) {
      await m.run('ROLLBACK');
      this.closed = true;
      throw error;
    }
    for (const [name, count] of rows) this.committedRows[name] = (this.committedRows[name] ?? 0) + count;
    await resetBuffer(m, this.stager, buffer);
  }

  /**
   * Drops what is staged and not committed (an interrupted batch is simply not there); a batch
   * already being moved is finished first. Call `flush()` first to keep everything.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.moving;
    } finally {
      for (const buffer of this.buffers) {
        for (const appender of bufferAppenders(buffer)) {
          try {
            appender.closeSync();
          } catch {
            // Rows that cannot be flushed were being dropped anyway.
          }
        }
      }
      await this.stager.run(`DETACH ${STAGE}`).catch(() => undefined);
    }
  }
}

/**
 * (Re)creates a buffer's staging tables, empty, with fresh appenders. Tables are replaced rather
 * than emptied: rows deleted from an in-memory table keep their memory, and the coordinator's
 * memory must stay bounded by one batch.
 */
async function resetBuffer(ddl: DuckDBConnection, stager: DuckDBConnection, buffer: Buffer): Promise<void> {
  for (const appender of buffer.runs ? bufferAppenders(buffer) : []) appender.closeSync();
  // Same columns and types as the store's tables (ENUMs included), no constraints.
  for (const table of ['runs', 'run_policies', ...RESULT_TABLES.map((t) => t.name)]) {
    await ddl.run(`CREATE OR REPLACE TABLE ${STAGE}.${table}_${buffer.suffix} AS SELECT * FROM main.${table} LIMIT 0`);
  }
  const appender = (table: string): Promise<DuckDBAppender> => stager.createAppender(`${table}_${buffer.suffix}`, 'main', STAGE);
  const tables = new Map<ResultTableName, TableAppender>();
  for (const spec of RESULT_TABLES) tables.set(spec.name, new TableAppender(spec, await appender(spec.name)));
  buffer.runs = await appender('runs');
  buffer.runPolicies = await appender('run_policies');
  buffer.tables = tables;
  buffer.runsStaged = 0;
}

function bufferAppenders(buffer: Buffer): DuckDBAppender[] {
  return [buffer.runs, buffer.runPolicies, ...[...buffer.tables.values()].map((t) => t.appender)];
}

/** Writes or refreshes an experiment's row (outside any batch). */
export async function upsertExperiment(connection: DuckDBConnection, e: ExperimentRecord): Promise<void> {
  // created_at keeps the first sweep's time; the spec is the latest one run.
  await connection.run(
    `INSERT INTO experiments VALUES ($1, $2, $3, $4, $5, now()::TIMESTAMP)
     ON CONFLICT (experiment_id) DO UPDATE SET name = excluded.name, description = excluded.description,
       spec_json = excluded.spec_json, spec_sha256 = excluded.spec_sha256`,
    [e.experiment_id, e.name, e.description, e.spec_json, e.spec_sha256],
  );
}

/**
 * Removes stored runs (failed ones about to be retried) with all their rows, in one transaction
 * of its own: a retried run is then inserted like a new one.
 */
export async function deleteRuns(connection: DuckDBConnection, runKeys: readonly string[]): Promise<void> {
  if (runKeys.length === 0) return;
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run('CREATE OR REPLACE TEMP TABLE _doomed (run_key VARCHAR)');
    const appender = await connection.createAppender('_doomed', 'main', 'temp');
    for (const key of runKeys) {
      appender.appendVarchar(key);
      appender.endRow();
    }
    appender.closeSync();
    for (const table of RUN_TABLES) await connection.run(`DELETE FROM ${table} WHERE run_key IN (SELECT run_key FROM _doomed)`);
    await connection.run('DROP TABLE _doomed');
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

function appendRunRow(appender: DuckDBAppender, row: Readonly<Record<string, string | number | null>>): void {
  for (const column of RUN_COLUMNS) appendValue(appender, column, row[column.name] ?? null);
  appender.endRow();
}

function appendValue(appender: DuckDBAppender, column: RunColumn, value: string | number | null): void {
  if (value === null) {
    appender.appendNull();
    return;
  }
  switch (column.type) {
    case 'VARCHAR':
      appender.appendVarchar(String(value));
      return;
    case 'INTEGER':
      appender.appendInteger(Number(value));
      return;
    case 'BIGINT':
      appender.appendBigInt(BigInt(value));
      return;
    case 'UBIGINT':
      appender.appendUBigInt(BigInt(value));
      return;
    case 'DOUBLE':
      appender.appendDouble(Number(value));
      return;
    case 'TIMESTAMP':
      // value: milliseconds since the epoch.
      appender.appendTimestamp(timestampValue(BigInt(Math.round(Number(value))) * 1000n));
      return;
  }
}
