// The store's schema as numbered migrations, applied inside one transaction each to a copy of the
// store that then replaces it (build.ts); a file whose schema is newer than this paysim knows is
// refused (runner.md §3).
//
// A migration, once released, never changes: a new column or table is a new migration.

import type { DuckDBConnection } from '@duckdb/node-api';
import { ENUM_TYPES, RESULT_TABLES, sqlType } from './columns.js';
import { RUN_COLUMNS } from './runs-columns.js';

export const SCHEMA_VERSION = 9;

/** Thrown when the file was written by a newer paysim. */
export class StoreVersionError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
  ) {
    super(
      `${file}: store schema version ${found} is newer than this paysim understands (${SCHEMA_VERSION}); ` +
        'upgrade paysim, or use another --db',
    );
    this.name = 'StoreVersionError';
  }
}

/**
 * Result tables as a migration created them: migration 1 the tables without `since`, with only
 * the columns that have no later `since`; a later one the tables it introduced, whole.
 */
function resultTableDdl(version = 1): string[] {
  return RESULT_TABLES.filter((table) => (table.since ?? 1) === version).map((table) => {
    const columns = table.columns
      .filter((column) => column.since === undefined || column.since === table.since)
      .map((column) => `${column.name} ${sqlType(column)}${column.nullable ? '' : ' NOT NULL'}`);
    return `CREATE TABLE ${table.name} (run_key VARCHAR NOT NULL, ${columns.join(', ')})`;
  });
}

/**
 * The ENUM types as migration 1 created them. Frozen here: the engine's vocabularies grow, and a
 * later migration widens a type (widenEnum).
 */
const ENUM_VALUES_V1: Readonly<Record<keyof typeof ENUM_TYPES, readonly string[]>> = {
  tx_status: ['queued_q1', 'pending', 'queued_q2', 'settled', 'dropped', 'split'],
  tx_settled_by: ['rtgs', 'queue', 'bilateral', 'cycle', 'multilateral'],
  tx_origin: ['arrival', 'event', 'external', 'split'],
  tx_drop_reason: ['expired', 'policy'],
};

const enumDdl = (name: string, values: readonly string[]): string =>
  `CREATE TYPE ${name} AS ENUM (${values.map((v) => `'${v}'`).join(', ')})`;

/**
 * DuckDB cannot add a value to an ENUM type: the columns move to a wider copy, the type is
 * recreated under its own name, and the columns move back (values are kept, read as text).
 */
function widenEnum(name: keyof typeof ENUM_TYPES, values: readonly string[], columns: readonly { table: string; column: string }[]): string[] {
  const temporary = `${name}_widening`;
  return [
    enumDdl(temporary, values),
    ...columns.map(({ table, column }) => `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${temporary}`),
    `DROP TYPE ${name}`,
    enumDdl(name, values),
    ...columns.map(({ table, column }) => `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${name}`),
    `DROP TYPE ${temporary}`,
  ];
}

/** The columns a migration appends to the result tables and `runs` (0, or NULL if nullable, for rows stored before it). */
function addedColumns(version: number): string[] {
  const result = RESULT_TABLES.filter((table) => table.since === undefined).flatMap((table) =>
    table.columns
      .filter((column) => column.since === version)
      .map((column) => `ALTER TABLE ${table.name} ADD COLUMN ${column.name} ${sqlType(column)}${column.nullable ? '' : ' DEFAULT 0'}`),
  );
  const runs = RUN_COLUMNS.filter((column) => column.since === version).map(
    (column) => `ALTER TABLE runs ADD COLUMN ${column.name} ${column.type}`,
  );
  return [...result, ...runs];
}

const MIGRATIONS: ReadonlyArray<{ readonly version: number; readonly statements: () => string[] }> = [
  {
    version: 1,
    statements: () => [
      ...Object.entries(ENUM_VALUES_V1).map(([name, values]) => enumDdl(name, values)),
      `CREATE TABLE experiments (experiment_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, description VARCHAR,
         spec_json VARCHAR, spec_sha256 VARCHAR, created_at TIMESTAMP NOT NULL)`,
      `CREATE TABLE runs (${RUN_COLUMNS.filter((c) => c.since === undefined).map((c) => `${c.name} ${c.type}${c.name === 'run_key' ? ' PRIMARY KEY' : ''}`).join(', ')})`,
      ...resultTableDdl(),
      `CREATE TABLE policies (policy_sha256 VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, document_json VARCHAR NOT NULL)`,
      `CREATE TABLE run_policies (run_key VARCHAR NOT NULL, agent VARCHAR NOT NULL, policy_sha256 VARCHAR NOT NULL)`,
      `CREATE TABLE checkpoints (checkpoint_id VARCHAR PRIMARY KEY, run_key VARCHAR, tick INTEGER NOT NULL,
         description VARCHAR, created_at TIMESTAMP NOT NULL, state_json VARCHAR NOT NULL)`,
    ],
  },
  {
    // Shadow replay links each replayed run to the stored run whose payments it replayed.
    version: 2,
    statements: () => [
      `CREATE TABLE run_links (run_key VARCHAR NOT NULL, source_run_key VARCHAR NOT NULL, kind VARCHAR NOT NULL)`,
    ],
  },
  {
    // Settlement designs and liquidity games (engine.md §9b): settled_by gains `backstop`; cost
    // kinds `liquidity` and `backstop`; the day's opening transfer; backstop settlements per day.
    version: 3,
    statements: () => [
      ...widenEnum('tx_settled_by', ENUM_TYPES.tx_settled_by.values, [{ table: 'transactions', column: 'settled_by' }]),
      ...addedColumns(3),
    ],
  },
  {
    // Experiments a researcher can trust (docs/store.md, "Revisions"): each sweep's resolved
    // experiment is recorded as a revision; each run names its revision and the exact scenario
    // document it ran (so replay needs no file), and its grid point is also stored as rows.
    // Runs stored before this version are revision 1 with no document; their grid points are
    // copied out of params_json here.
    version: 4,
    statements: () => [
      `CREATE TABLE experiment_revisions (experiment_id VARCHAR NOT NULL, revision INTEGER NOT NULL,
         record_json VARCHAR, record_sha256 VARCHAR, created_at TIMESTAMP NOT NULL, PRIMARY KEY (experiment_id, revision))`,
      `CREATE TABLE scenario_documents (scenario_sha256 VARCHAR PRIMARY KEY, document_json VARCHAR NOT NULL)`,
      `CREATE TABLE run_context (run_key VARCHAR NOT NULL, revision INTEGER NOT NULL, scenario_sha256 VARCHAR)`,
      `CREATE TABLE run_params (run_key VARCHAR NOT NULL, path VARCHAR NOT NULL, value_double DOUBLE, value_text VARCHAR)`,
      `INSERT INTO experiment_revisions SELECT experiment_id, 1, NULL, NULL, created_at FROM experiments`,
      `INSERT INTO run_context SELECT run_key, 1, NULL FROM runs`,
      `INSERT INTO run_params
         SELECT run_key, path,
                CASE WHEN json_type(v) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN v::DOUBLE
                     WHEN json_type(v) = 'OBJECT' THEN try_cast(json_extract(v, '$.scale') AS DOUBLE) END,
                CASE WHEN json_type(v) = 'VARCHAR' THEN json_extract_string(v, '$') ELSE v::VARCHAR END
         FROM (SELECT run_key, path, json_extract(params_json, '$."' || path || '"') AS v
               FROM (SELECT run_key, params_json, unnest(json_keys(params_json)) AS path FROM runs WHERE params_json IS NOT NULL))`,
    ],
  },
  {
    // Liquidity analytics (docs/liquidity.md): bounds and delay metrics in runs and agent_days,
    // the optional throughput table.
    version: 5,
    statements: () => [...addedColumns(5), ...resultTableDdl(5)],
  },
  {
    // `paysim optimize` (docs/optimize.md): one row per optimisation, one per trial (parameters
    // by their hash-named variant, seeds, per-seed objective, the test against the incumbent and
    // the verdict). The trials' runs are ordinary runs of the experiment.
    version: 6,
    statements: () => [
      `CREATE TABLE optimizations (optimization_id VARCHAR PRIMARY KEY, experiment_id VARCHAR NOT NULL, revision INTEGER NOT NULL,
         mode VARCHAR NOT NULL, method VARCHAR NOT NULL, objective VARCHAR NOT NULL, spec_json VARCHAR NOT NULL,
         status VARCHAR NOT NULL, result_json VARCHAR, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP)`,
      `CREATE TABLE optimization_trials (optimization_id VARCHAR NOT NULL, trial INTEGER NOT NULL, round INTEGER, agent VARCHAR,
         variant VARCHAR NOT NULL, params_json VARCHAR NOT NULL, seeds_json VARCHAR NOT NULL, values_json VARCHAR NOT NULL,
         mean DOUBLE, incumbent VARCHAR, mean_difference DOUBLE, ci_low DOUBLE, ci_high DOUBLE, p_worse DOUBLE,
         status VARCHAR NOT NULL, reason VARCHAR, evaluations INTEGER NOT NULL, runs_executed INTEGER NOT NULL,
         PRIMARY KEY (optimization_id, trial))`,
    ],
  },
  {
    // External proposers of `paysim optimize` (docs/optimize.md): every proposal as asked, before
    // it runs (a resumed search replays these instead of asking again), and each proposed policy
    // tree once, by the SHA-256 of its canonical JSON.
    version: 7,
    statements: () => [
      `CREATE TABLE optimization_proposals (optimization_id VARCHAR NOT NULL, proposal INTEGER NOT NULL, trial INTEGER,
         command VARCHAR NOT NULL, outcome VARCHAR NOT NULL, response_json VARCHAR, params_json VARCHAR, trees_json VARCHAR, rationale VARCHAR,
         reason VARCHAR, stderr_tail VARCHAR, exit_code INTEGER, signal VARCHAR, seconds DOUBLE, created_at TIMESTAMP NOT NULL,
         PRIMARY KEY (optimization_id, proposal))`,
      `CREATE TABLE optimization_trees (tree_sha256 VARCHAR PRIMARY KEY, document_json VARCHAR NOT NULL)`,
    ],
  },
  {
    // Participant failures (docs/engine.md, "Participant failures"): drop reason `rejected`, a
    // payment the RTGS returned to its sender because its receiver defaulted.
    version: 8,
    statements: () => widenEnum('tx_drop_reason', ['expired', 'policy', 'rejected'], [{ table: 'transactions', column: 'drop_reason' }]),
  },
  {
    // The central bank's response (docs/engine.md): cost kind cb_credit; per agent-day what was
    // drawn, lent in emergencies and repaid, and the exposure at its peak and overnight; the same
    // in run_agents and runs. Rows stored before are 0: those runs had no central-bank credit.
    version: 9,
    statements: () => addedColumns(9),
  },
];

/** The schema version of the store on `connection` (0 for a database without paysim's tables). */
export async function storedVersion(connection: DuckDBConnection): Promise<number> {
  const tables = await connection.runAndReadAll(
    "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = 'schema_version'",
  );
  if (Number(tables.getRowsJS()[0]![0]) === 0) return 0;
  const reader = await connection.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_version');
  return Number(reader.getRowsJS()[0]![0]);
}

/**
 * Applies the migrations after the stored version, up to `target` (tests build old stores with a
 * lower one); throws StoreVersionError for a newer file. Run on a file being built aside
 * (build.ts), never in place: a log holding a migration may not replay.
 */
export async function migrate(connection: DuckDBConnection, file: string, target = SCHEMA_VERSION): Promise<void> {
  await connection.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
  const current = await storedVersion(connection);
  if (current > SCHEMA_VERSION) throw new StoreVersionError(file, current);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements()) await connection.run(statement);
      await connection.run('INSERT INTO schema_version VALUES ($1, now()::TIMESTAMP)', [migration.version]);
      await connection.run('COMMIT');
    } catch (error) {
      // A COMMIT that failed (a full disk) has already ended the transaction: the ROLLBACK then
      // fails too, and must not hide the error that matters.
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/** Tables of the store, in dependency order (experiments first). */
export const STORE_TABLES: readonly string[] = [
  'experiments',
  'runs',
  ...RESULT_TABLES.map((t) => t.name),
  'policies',
  'run_policies',
  'run_links',
  'experiment_revisions',
  'scenario_documents',
  'run_context',
  'run_params',
  'checkpoints',
  'optimizations',
  'optimization_trials',
  'optimization_proposals',
  'optimization_trees',
];
