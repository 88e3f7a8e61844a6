// The store's schema as numbered migrations, applied on open inside one transaction each; a file
// whose schema is newer than this paysim knows is refused (runner.md §3).
//
// A migration, once released, never changes: a new column or table is a new migration.

import type { DuckDBConnection } from '@duckdb/node-api';
import { ENUM_TYPES, RESULT_TABLES, sqlType } from './columns.js';
import { RUN_COLUMNS } from './runs-columns.js';

export const SCHEMA_VERSION = 3;

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

/** Schema version that added a table or column (absent: the first). */
const since = (item: { readonly since?: number }): number => item.since ?? 1;

/** The result tables that `version` creates, with the columns they had then. */
function resultTableDdl(version: number): string[] {
  return RESULT_TABLES.filter((table) => since(table) === version).map((table) => {
    const columns = table.columns
      .filter((column) => since(column) <= version)
      .map((column) => `${column.name} ${sqlType(column)}${column.nullable ? '' : ' NOT NULL'}`);
    return `CREATE TABLE ${table.name} (run_key VARCHAR NOT NULL, ${columns.join(', ')})`;
  });
}

/**
 * The columns `version` appends to tables that existed before it. Nullable: rows stored before
 * the migration have no value for them.
 */
function addedColumnDdl(version: number): string[] {
  const out: string[] = [];
  for (const column of RUN_COLUMNS) {
    if (since(column) === version) out.push(`ALTER TABLE runs ADD COLUMN ${column.name} ${column.type}`);
  }
  for (const table of RESULT_TABLES) {
    if (since(table) >= version) continue;
    for (const column of table.columns) {
      if (since(column) === version) out.push(`ALTER TABLE ${table.name} ADD COLUMN ${column.name} ${sqlType(column)}`);
    }
  }
  return out;
}

const MIGRATIONS: ReadonlyArray<{ readonly version: number; readonly statements: () => string[] }> = [
  {
    version: 1,
    statements: () => [
      ...Object.values(ENUM_TYPES).map((t) => `CREATE TYPE ${t.name} AS ENUM (${t.values.map((v) => `'${v}'`).join(', ')})`),
      `CREATE TABLE experiments (experiment_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, description VARCHAR,
         spec_json VARCHAR, spec_sha256 VARCHAR, created_at TIMESTAMP NOT NULL)`,
      `CREATE TABLE runs (${RUN_COLUMNS.filter((c) => since(c) === 1)
        .map((c) => `${c.name} ${c.type}${c.name === 'run_key' ? ' PRIMARY KEY' : ''}`)
        .join(', ')})`,
      ...resultTableDdl(1),
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
    // Liquidity analytics (docs/liquidity.md): bounds and delay metrics in runs and agent_days,
    // the optional throughput table.
    version: 3,
    statements: () => [...addedColumnDdl(3), ...resultTableDdl(3)],
  },
];

/** Creates or upgrades the schema; throws StoreVersionError for a newer file. */
export async function migrate(connection: DuckDBConnection, file: string): Promise<void> {
  await connection.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
  const reader = await connection.runAndReadAll('SELECT coalesce(max(version), 0) AS v FROM schema_version');
  const current = Number(reader.getRowsJS()[0]![0]);
  if (current > SCHEMA_VERSION) throw new StoreVersionError(file, current);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements()) await connection.run(statement);
      await connection.run('INSERT INTO schema_version VALUES ($1, now()::TIMESTAMP)', [migration.version]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
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
  'checkpoints',
];
