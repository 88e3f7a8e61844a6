// Test helpers: temp store paths and set comparison of tables across two store files.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RUN_COLUMNS, WALL_CLOCK_COLUMNS } from '../../src/store/runs-columns.js';

export function tempDir(prefix = 'paysim-store-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Columns compared for `runs`: all but the wall-clock ones. */
export const RUNS_COMPARED = RUN_COLUMNS.map((c) => c.name).filter((n) => !WALL_CLOCK_COLUMNS.includes(n));

export interface TableDiff {
  readonly table: string;
  /** Rows in A not in B, and in B not in A (multiset difference, EXCEPT ALL). */
  readonly onlyA: number;
  readonly onlyB: number;
  readonly rowsA: number;
  readonly rowsB: number;
}

/** Compares tables of two store files with EXCEPT ALL both ways. */
export async function diffStores(fileA: string, fileB: string, tables: Record<string, string>): Promise<TableDiff[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(`ATTACH '${fileA}' AS a (READ_ONLY)`);
    await c.run(`ATTACH '${fileB}' AS b (READ_ONLY)`);
    const out: TableDiff[] = [];
    for (const [table, columns] of Object.entries(tables)) {
      const count = async (sql: string): Promise<number> => Number((await c.runAndReadAll(sql)).getRowsJS()[0]![0]);
      const a = `SELECT ${columns} FROM a.${table}`;
      const b = `SELECT ${columns} FROM b.${table}`;
      out.push({
        table,
        onlyA: await count(`SELECT count(*) FROM (${a} EXCEPT ALL ${b})`),
        onlyB: await count(`SELECT count(*) FROM (${b} EXCEPT ALL ${a})`),
        rowsA: await count(`SELECT count(*) FROM a.${table}`),
        rowsB: await count(`SELECT count(*) FROM b.${table}`),
      });
    }
    return out;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** Every table a sweep writes, with the columns to compare. */
export const SWEEP_TABLES: Record<string, string> = {
  runs: RUNS_COMPARED.join(', '),
  transactions: '*',
  agent_days: '*',
  agent_ticks: '*',
  events: '*',
  run_agents: '*',
  run_policies: '*',
  policies: '*',
};

/** Runs one query on a store file (opened read-only) and returns plain rows. */
export async function queryFile(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/**
 * SHA-256 of a store's run tables as content: every row of each table, its run_key replaced by
 * the run's variant, grid point and seed (keys embed the engine version), in sorted order; runs
 * without their wall-clock columns and engine version. Equal digests: the same results stored.
 */
export async function storeDigest(
  file: string,
  tables: readonly string[] = ['runs', 'run_agents', 'transactions', 'agent_days', 'agent_ticks', 'events', 'run_policies', 'run_params', 'policies'],
  /** Columns left out wherever a table has them: those added after a digest was recorded (checked apart). */
  laterColumns: readonly string[] = [],
): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  const out: Record<string, string> = {};
  try {
    for (const table of tables) {
      const present = (await c.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`)).getRowsJS().map((r) => String(r[0]));
      const later = laterColumns.filter((name) => present.includes(name));
      const drop = ['run_key', 'engine_version', ...WALL_CLOCK_COLUMNS, ...later];
      const sql =
        table === 'runs'
          ? `SELECT * EXCLUDE (${drop.join(', ')}) FROM runs ORDER BY ALL`
          : table === 'policies'
            ? 'SELECT * FROM policies ORDER BY ALL'
            : `SELECT r.variant, r.params_json, r.seed, t.* EXCLUDE (${['run_key', ...later].join(', ')}) FROM ${table} t JOIN runs r USING (run_key) ORDER BY ALL`;
      const rows = (await c.runAndReadAll(sql)).getRowsJS();
      const text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      out[table] = `${rows.length}:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    }
    return out;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
