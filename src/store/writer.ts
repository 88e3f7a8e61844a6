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
import type { ColumnTable } from './column-table.js';
import { RESULT_TABLES, type ResultTableName } from './columns.js';
import { TableAppender } from './ingest.js';
import { writeFailure } from './errors.js';
import { type Store, StoreOpenError } from './open.js';
import { RUN_COLUMNS, type RunColumn } from './runs-columns.js';

/** A policy document by content hash (the `policies` table). */
export interface PolicyRecord {
  readonly policy_sha256: string;
  readonly name: string;
  readonly document_json: string;
}

/** A scenario document exactly as a run ran it (policies inline), by content hash. */
export interface ScenarioRecord {
  readonly scenario_sha256: string;
  readonly document_json: string;
}

/** One grid-point value of a run (`run_params`): a number in value_double, its text in value_text. */
export interface RunParamRow {
  readonly path: string;
  readonly value_double: number | null;
  readonly value_text: string | null;
}

/** One finished run as the store takes it. */
export interface RunRecord {
  /** Values for the `runs` columns by name (missing or null → NULL). */
  readonly row: Readonly<Record<string, string | number | null>>;
  readonly policies: ReadonlyArray<{ readonly agent: string; readonly policy_sha256: string }>;
  /** The experiment revision and the scenario document (`scenario_documents`) of the run. */
  readonly context: { readonly revision: number; readonly scenario_sha256: string | null };
  readonly params: readonly RunParamRow[];
  readonly tables: Partial<Record<ResultTableName, ColumnTable>>;
}

export interface ExperimentRecord {
  readonly experiment_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly spec_json: string | null;
  readonly spec_sha256: string | null;
}

/** Tables that hold rows per run (deleted together when a run is replaced). */
export const RUN_TABLES: readonly string[] = ['runs', 'run_policies', 'run_context', 'run_params', 'run_links', ...RESULT_TABLES.map((t) => t.name)];

/** DuckDB's memory budget while a sweep or replay writes: $PAYSIM_WRITER_MEMORY, default 128MB. */
export function writerMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  const value = env['PAYSIM_WRITER_MEMORY'] ?? '128MB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value)) {
    throw new StoreOpenError(`PAYSIM_WRITER_MEMORY: expected a size like 128MB or 1GB, got '${value}'`);
  }
  return value;
}

/** The staging databases (in memory, private to this process), one per buffer. */
const STAGE = 'paysim_stage';

/** One set of staging tables with their appenders (null while the batch is being moved). */
interface Buffer {
  readonly suffix: string;
  appenders: BufferAppenders | null;
  runsStaged: number;
}

interface BufferAppenders {
  readonly runs: DuckDBAppender;
  readonly runPolicies: DuckDBAppender;
  readonly runContext: DuckDBAppender;
  readonly runParams: DuckDBAppender;
  readonly tables: Map<ResultTableName, TableAppender>;
}

const STAGED_TABLES = ['runs', 'run_policies', 'run_context', 'run_params', ...RESULT_TABLES.map((t) => t.name)];

export class StoreWriter {
  private readonly buffers: Buffer[] = [];
  private current = 0;
  /** The batch being moved into the store, if any. */
  private moving: Promise<void> | null = null;
  private closed = false;
  /** Why the last batch could not be committed: every later use throws it. */
  private failure: Error | null = null;
  /** Result rows committed so far, by table. */
  readonly committedRows: Record<string, number> = {};
  /** Runs committed so far (ok and failed alike). */
  committedRuns = 0;

  private constructor(
    /** The store file (for messages). */
    private readonly file: string,
    /** Stages (appenders on the in-memory database). */
    private readonly stager: DuckDBConnection,
    /** Moves batches into the store (its own connection, so it can run while staging goes on). */
    private readonly mover: DuckDBConnection,
  ) {}

  static async create(store: Store): Promise<StoreWriter> {
    const c = store.connection;
    // DuckDB would otherwise keep up to 80% of RAM of written pages and allocator caches, and the
    // coordinator's memory would grow with the sweep (measured: 575 MB at 2 000 runs, 847 MB at
    // 10 000). With a budget it levels off (540, 649, 671 MB at 2 000, 10 000, 20 000 runs) at
    // no cost in ingest speed; DuckDB spills to disk if a batch ever needs more.
    await c.run(`SET memory_limit = '${writerMemoryLimit()}'`);
    const writer = new StoreWriter(store.file, c, await store.connect());
    for (const suffix of ['a', 'b']) {
      const buffer: Buffer = { suffix, appenders: null, runsStaged: 0 };
      await c.run(resetSql(suffix));
      buffer.appenders = await openAppenders(c, suffix);
      writer.buffers.push(buffer);
    }
    return writer;
  }

  private get active(): BufferAppenders {
    if (this.failure !== null) throw this.failure;
    const appenders = this.buffers[this.current]!.appenders;
    if (appenders === null || this.closed) throw new Error('StoreWriter: used after close or a failed commit');
    return appenders;
  }

  /** Runs staged and not yet handed to a commit. */
  get pendingRuns(): number {
    return this.buffers[this.current]!.runsStaged;
  }

  /** Result rows staged and not yet handed to a commit. */
  get pendingRows(): number {
    let rows = 0;
    for (const table of this.buffers[this.current]!.appenders?.tables.values() ?? []) rows += table.rows;
    return rows;
  }

  /** Stores policy documents not stored yet (call before staging runs that use them). */
  async addPolicies(policies: Iterable<PolicyRecord>): Promise<void> {
    await this.insertNew('policies', policies, (p) => p.policy_sha256, (p) => [p.policy_sha256, p.name, p.document_json]);
  }

  /** Stores scenario documents not stored yet (call before staging runs that name them). */
  async addScenarios(scenarios: Iterable<ScenarioRecord>): Promise<void> {
    await this.insertNew('scenario_documents', scenarios, (s) => s.scenario_sha256, (s) => [s.scenario_sha256, s.document_json]);
  }

  /**
   * Rows keyed by content hash, one per hash, that the table does not hold yet. Several rows per
   * statement: one INSERT per row took minutes for 10 000 agents' policies, and a liquidity
   * frontier's thousands of scenario documents (one per opening-balance vector) spent most of its
   * time in single-row inserts. A statement holds at most 500 rows and about 4 MB of text, so a
   * batch of large documents (a 200-bank scenario is 1 MB) stays within the writer's memory limit.
   */
  private async insertNew<T>(table: string, records: Iterable<T>, key: (r: T) => string, values: (r: T) => string[]): Promise<void> {
    const rows = [...new Map([...records].map((r) => [key(r), r])).values()].map(values);
    try {
      for (const chunk of statementChunks(rows)) {
        let n = 0;
        const placeholders = chunk.map((row) => `(${row.map(() => `$${++n}`).join(', ')})`).join(', ');
        await this.mover.run(`INSERT OR IGNORE INTO ${table} VALUES ${placeholders}`, chunk.flat());
      }
    } catch (error) {
      throw writeFailure(this.file, error) ?? error;
    }
  }

  /** Stages one finished run (synchronous: decode and copy into DuckDB's memory). */
  stage(record: RunRecord): void {
    const buffer = this.active;
    const runKey = String(record.row['run_key']);
    appendRunRow(buffer.runs, record.row);
    for (const p of record.policies) {
      buffer.runPolicies.appendVarchar(runKey);
      buffer.runPolicies.appendVarchar(p.agent);
      buffer.runPolicies.appendVarchar(p.policy_sha256);
      buffer.runPolicies.endRow();
    }
    buffer.runContext.appendVarchar(runKey);
    buffer.runContext.appendInteger(record.context.revision);
    appendText(buffer.runContext, record.context.scenario_sha256);
    buffer.runContext.endRow();
    for (const p of record.params) {
      buffer.runParams.appendVarchar(runKey);
      buffer.runParams.appendVarchar(p.path);
      if (p.value_double === null) buffer.runParams.appendNull();
      else buffer.runParams.appendDouble(p.value_double);
      appendText(buffer.runParams, p.value_text);
      buffer.runParams.endRow();
    }
    for (const [name, table] of Object.entries(record.tables) as Array<[ResultTableName, ColumnTable | undefined]>) {
      if (table !== undefined) buffer.tables.get(name)!.append(runKey, table);
    }
    this.buffers[this.current]!.runsStaged += 1;
  }

  /**
   * Hands the staged batch to a commit and switches to the other buffer; returns as soon as the
   * previous batch is in the store (at most one batch is in flight), so staging goes on while
   * DuckDB writes. `flush()` waits for everything.
   */
  async handOff(): Promise<void> {
    const buffer = this.buffers[this.current]!;
    if (buffer.runsStaged === 0) return;
    const appenders = this.active;
    const rows = new Map<ResultTableName, number>();
    for (const [name, table] of appenders.tables) rows.set(name, table.rows);
    // Closing flushes the rows into the staging tables.
    for (const appender of appenderList(appenders)) appender.closeSync();
    buffer.appenders = null;
    await this.moving;
    const moving = this.move(buffer, rows);
    // Observed now, so a failure while staging goes on is no unhandled rejection; it is thrown
    // by the next handOff() or flush(), which await it.
    moving.catch(() => undefined);
    this.moving = moving;
    this.current = 1 - this.current;
  }

  /** Commits everything staged and waits until it is in the store. */
  async flush(): Promise<void> {
    await this.handOff();
    const moving = this.moving;
    this.moving = null;
    await moving;
  }

  /**
   * The batch's transaction and the buffer's reset go to DuckDB as one multi-statement query: one
   * round trip, so the move does not wait for the JS thread (busy staging) between statements.
   */
  private async move(buffer: Buffer, rows: ReadonlyMap<ResultTableName, number>): Promise<void> {
    const s = buffer.suffix;
    const inserts = ['runs', 'run_policies', 'run_context', 'run_params', ...[...rows].filter(([, n]) => n > 0).map(([name]) => name)].map(
      (table) => `INSERT INTO ${table} SELECT * FROM ${STAGE}_${s}.${table}`,
    );
    try {
      await this.mover.run(['BEGIN TRANSACTION', ...inserts, 'COMMIT', resetSql(s)].join(';\n'));
    } catch (error) {
      await this.mover.run('ROLLBACK').catch(() => undefined);
      this.closed = true;
      this.failure = writeFailure(this.file, error) ?? (error instanceof Error ? error : new Error(String(error)));
      throw this.failure;
    }
    this.committedRuns += buffer.runsStaged;
    for (const [name, count] of rows) this.committedRows[name] = (this.committedRows[name] ?? 0) + count;
    buffer.runsStaged = 0;
    buffer.appenders = await openAppenders(this.stager, s);
  }

  /**
   * Drops what is staged and not committed (an interrupted batch is simply not there); a batch
   * already being moved is finished first. Call `flush()` first to keep everything.
   */
  async close(): Promise<void> {
    if (this.closed && this.moving === null) return;
    this.closed = true;
    try {
      // A failed batch was reported where it was awaited; closing only has to wait for it.
      await this.moving?.catch(() => undefined);
    } finally {
      this.moving = null;
      for (const buffer of this.buffers) {
        for (const appender of buffer.appenders ? appenderList(buffer.appenders) : []) {
          try {
            appender.closeSync();
          } catch {
            // Rows that cannot be flushed were being dropped anyway.
          }
        }
        buffer.appenders = null;
      }
      for (const buffer of this.buffers) await this.stager.run(`DETACH DATABASE IF EXISTS ${STAGE}_${buffer.suffix}`).catch(() => undefined);
    }
  }
}

/**
 * SQL that (re)creates a buffer's staging database with empty tables: same columns and types as
 * the store's tables (ENUMs included), no constraints. The database is detached and attached
 * afresh rather than emptied: memory of deleted or replaced in-memory tables is given back only
 * lazily, and the coordinator's memory must stay bounded by one batch.
 */
function resetSql(suffix: string): string {
  const db = `${STAGE}_${suffix}`;
  return [
    `DETACH DATABASE IF EXISTS ${db}`,
    `ATTACH ':memory:' AS ${db}`,
    ...STAGED_TABLES.map((table) => `CREATE TABLE ${db}.${table} AS SELECT * FROM main.${table} LIMIT 0`),
  ].join(';\n');
}

async function openAppenders(c: DuckDBConnection, suffix: string): Promise<BufferAppenders> {
  const appender = (table: string): Promise<DuckDBAppender> => c.createAppender(table, 'main', `${STAGE}_${suffix}`);
  const tables = new Map<ResultTableName, TableAppender>();
  for (const spec of RESULT_TABLES) tables.set(spec.name, new TableAppender(spec, await appender(spec.name)));
  return {
    runs: await appender('runs'),
    runPolicies: await appender('run_policies'),
    runContext: await appender('run_context'),
    runParams: await appender('run_params'),
    tables,
  };
}

/** Rows in consecutive groups of at most 500 rows and (beyond a group's first row) 4 M characters. */
function* statementChunks(rows: readonly string[][]): Generator<string[][]> {
  const MAX_ROWS = 500;
  const MAX_CHARS = 4_000_000;
  let chunk: string[][] = [];
  let chars = 0;
  for (const row of rows) {
    const size = row.reduce((s, v) => s + v.length, 0);
    if (chunk.length > 0 && (chunk.length >= MAX_ROWS || chars + size > MAX_CHARS)) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(row);
    chars += size;
  }
  if (chunk.length > 0) yield chunk;
}

function appendText(appender: DuckDBAppender, text: string | null): void {
  if (text === null) appender.appendNull();
  else appender.appendVarchar(text);
}

function appenderList(a: BufferAppenders): DuckDBAppender[] {
  return [a.runs, a.runPolicies, a.runContext, a.runParams, ...[...a.tables.values()].map((t) => t.appender)];
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
