// The coordinator's single writer. Finished runs are staged as they arrive (into temporary
// tables: DuckDB memory, not the JS heap) and committed in batches, one DB transaction per batch:
// a run's `runs` row and all its rows land together or not at all, so a crash or kill at any
// moment leaves only whole runs behind (runner.md §1).

import { type DuckDBAppender, type DuckDBConnection, timestampValue } from '@duckdb/node-api';
import { RESULT_TABLES, type ResultTableName, stagingType } from './columns.js';
import { StringDictionary, TableStager } from './ingest.js';
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
  /** A row with this run_key is already stored (a failed run being retried) and must be replaced. */
  readonly replace: boolean;
}

export interface ExperimentRecord {
  readonly experiment_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly spec_json: string | null;
  readonly spec_sha256: string | null;
}

export class StoreWriter {
  private readonly dictionary = new StringDictionary();
  private readonly knownPolicies = new Set<string>();
  private stagers = new Map<ResultTableName, TableStager>();
  private runsAppender!: DuckDBAppender;
  private policyAppender!: DuckDBAppender;
  private runPolicyAppender!: DuckDBAppender;
  private batchAppender!: DuckDBAppender;
  private nextRunNo = 0;
  private staged = 0;
  private replacing = false;

  private constructor(private readonly connection: DuckDBConnection) {}

  static async create(store: Store): Promise<StoreWriter> {
    const writer = new StoreWriter(store.connection);
    await writer.createStaging();
    return writer;
  }

  /** Runs staged and not yet committed. */
  get pendingRuns(): number {
    return this.staged;
  }

  /** Result rows staged and not yet committed. */
  get pendingRows(): number {
    let rows = 0;
    for (const stager of this.stagers.values()) rows += stager.rows;
    return rows;
  }

  private async createStaging(): Promise<void> {
    const c = this.connection;
    const runCols = RUN_COLUMNS.map((col) => `${col.name} ${col.type}`).join(', ');
    await c.run(`CREATE OR REPLACE TEMP TABLE _stage_runs (${runCols})`);
    await c.run('CREATE OR REPLACE TEMP TABLE _stage_policies (policy_sha256 VARCHAR, name VARCHAR, document_json VARCHAR)');
    await c.run('CREATE OR REPLACE TEMP TABLE _stage_run_policies (run_key VARCHAR, agent VARCHAR, policy_sha256 VARCHAR)');
    await c.run('CREATE OR REPLACE TEMP TABLE _batch_runs (run_no INTEGER, run_key VARCHAR, replace BOOLEAN)');
    await c.run('CREATE OR REPLACE TEMP TABLE _dict (code INTEGER, text VARCHAR)');
    for (const spec of RESULT_TABLES) {
      const cols = spec.columns.map((col) => `${col.name} ${stagingType(col.kind)}`).join(', ');
      await c.run(`CREATE OR REPLACE TEMP TABLE _stage_${spec.name} (run_no INTEGER, ${cols})`);
    }
    await this.openAppenders();
  }

  private async openAppenders(): Promise<void> {
    const c = this.connection;
    const temp = async (table: string): Promise<DuckDBAppender> => c.createAppender(table, 'main', 'temp');
    this.runsAppender = await temp('_stage_runs');
    this.policyAppender = await temp('_stage_policies');
    this.runPolicyAppender = await temp('_stage_run_policies');
    this.batchAppender = await temp('_batch_runs');
    for (const spec of RESULT_TABLES) {
      const appender = await temp(`_stage_${spec.name}`);
      const existing = this.stagers.get(spec.name);
      if (existing) existing.reattach(appender);
      else this.stagers.set(spec.name, new TableStager(spec, appender));
    }
  }

  private closeAppenders(): void {
    for (const appender of [this.runsAppender, this.policyAppender, this.runPolicyAppender, this.batchAppender]) {
      appender.closeSync();
    }
    for (const stager of this.stagers.values()) stager.activeAppender.closeSync();
  }

  /** Policies referenced by runs staged later (stored once per content hash). */
  addPolicies(policies: Iterable<PolicyRecord>): void {
    for (const p of policies) {
      if (this.knownPolicies.has(p.policy_sha256)) continue;
      this.knownPolicies.add(p.policy_sha256);
      this.policyAppender.appendVarchar(p.policy_sha256);
      this.policyAppender.appendVarchar(p.name);
      this.policyAppender.appendVarchar(p.document_json);
      this.policyAppender.endRow();
    }
  }

  /** Stages one finished run (synchronous: decode and copy into DuckDB's staging memory). */
  stage(record: RunRecord): void {
    const runNo = this.nextRunNo++;
    const runKey = String(record.row['run_key']);
    appendRunRow(this.runsAppender, record.row);
    this.batchAppender.appendInteger(runNo);
    this.batchAppender.appendVarchar(runKey);
    this.batchAppender.appendBoolean(record.replace);
    this.batchAppender.endRow();
    if (record.replace) this.replacing = true;
    for (const p of record.policies) {
      this.runPolicyAppender.appendVarchar(runKey);
      this.runPolicyAppender.appendVarchar(p.agent);
      this.runPolicyAppender.appendVarchar(p.policy_sha256);
      this.runPolicyAppender.endRow();
    }
    for (const [name, bytes] of Object.entries(record.tables) as Array<[ResultTableName, Uint8Array | undefined]>) {
      if (bytes === undefined) continue;
      this.stagers.get(name)!.append(runNo, bytes, this.dictionary);
    }
    this.staged += 1;
  }

  /** Writes everything staged in one transaction, then empties the staging tables. */
  async commit(): Promise<void> {
    if (this.staged === 0) return;
    const c = this.connection;
    const dictAppender = await c.createAppender('_dict', 'main', 'temp');
    for (const [code, text] of this.dictionary.drainNew()) {
      dictAppender.appendInteger(code);
      dictAppender.appendVarchar(text);
      dictAppender.endRow();
    }
    dictAppender.closeSync();
    // Closing flushes every appender; they are reopened on the emptied tables afterwards.
    this.closeAppenders();
    await c.run('BEGIN TRANSACTION');
    try {
      if (this.replacing) {
        for (const table of ['runs', 'run_policies', ...RESULT_TABLES.map((t) => t.name)]) {
          await c.run(`DELETE FROM ${table} WHERE run_key IN (SELECT run_key FROM _batch_runs WHERE replace)`);
        }
      }
      await c.run('INSERT INTO runs SELECT * FROM _stage_runs');
      await c.run('INSERT OR IGNORE INTO policies SELECT * FROM _stage_policies');
      await c.run('INSERT INTO run_policies SELECT * FROM _stage_run_policies');
      for (const spec of RESULT_TABLES) {
        if (this.stagers.get(spec.name)!.rows === 0) continue;
        await c.run(resultInsertSql(spec.name));
      }
      await c.run('COMMIT');
    } catch (error) {
      await c.run('ROLLBACK');
      throw error;
    }
    for (const table of ['_stage_runs', '_stage_policies', '_stage_run_policies', '_batch_runs', ...RESULT_TABLES.map((t) => `_stage_${t.name}`)]) {
      await c.run(`DELETE FROM ${table}`);
    }
    this.staged = 0;
    this.replacing = false;
    await this.openAppenders();
  }

  /** Drops what is staged and not committed (an interrupted batch is simply not there). */
  close(): void {
    this.closeAppenders();
  }

  async upsertExperiment(e: ExperimentRecord): Promise<void> {
    // created_at keeps the first sweep's time; the spec is the latest one run.
    await this.connection.run(
      `INSERT INTO experiments VALUES ($1, $2, $3, $4, $5, now()::TIMESTAMP)
       ON CONFLICT (experiment_id) DO UPDATE SET name = excluded.name, description = excluded.description,
         spec_json = excluded.spec_json, spec_sha256 = excluded.spec_sha256`,
      [e.experiment_id, e.name, e.description, e.spec_json, e.spec_sha256],
    );
  }
}

/** INSERT … SELECT from a staging table: run_no → run_key, codes → text, 0/1 → BOOLEAN. */
function resultInsertSql(name: ResultTableName): string {
  const spec = RESULT_TABLES.find((t) => t.name === name)!;
  const joins: string[] = [];
  const select = spec.columns.map((column, i) => {
    if (column.kind === 'dict') {
      joins.push(`LEFT JOIN _dict d${i} ON d${i}.code = s.${column.name}`);
      return `d${i}.text`;
    }
    if (column.kind === 'bool') return `s.${column.name}::BOOLEAN`;
    return `s.${column.name}`;
  });
  const names = ['run_key', ...spec.columns.map((c) => c.name)].join(', ');
  return `INSERT INTO ${name} (${names}) SELECT b.run_key, ${select.join(', ')}
    FROM _stage_${name} s JOIN _batch_runs b ON b.run_no = s.run_no ${joins.join(' ')}`;
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
