// `paysim sql QUERY`: one SQL statement on the store, printed as a table, JSON or CSV.

import type { Command } from 'commander';
import { openStore, resolveDbPath } from '../../store/open.js';
import { readQuery } from '../../store/read.js';
import { CliError } from '../errors.js';
import { formatResult, type ResultFormat } from '../result-format.js';
import { withStoreErrors } from '../store-errors.js';

interface SqlFlags {
  db?: string;
  json?: boolean;
  csv?: boolean;
  write?: boolean;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run SQL on the store and print the result (tables: docs/store.md)')
    .argument('<query>', 'SQL, e.g. "select variant, avg(total_cost) from runs group by all"')
    .option('--db <file>', 'results store (default results/paysim.duckdb or $PAYSIM_DB)')
    .option('--json', 'print rows as a JSON array of objects')
    .option('--csv', 'print rows as CSV with a header')
    .option('--write', 'open the store read-write (default: read-only, so a query cannot change it)')
    .action(async (query: string, flags: SqlFlags) => {
      const format = resultFormat(flags);
      const db = resolveDbPath(flags.db);
      const text = await withStoreErrors(async () => {
        const store = await openStore(db, { readOnly: !flags.write });
        try {
          return formatResult(await runSql(store.connection, query), format);
        } finally {
          store.close();
        }
      });
      process.stdout.write(`${text}\n`);
    });
}

export function resultFormat(flags: { json?: boolean; csv?: boolean }): ResultFormat {
  if (flags.json && flags.csv) throw new CliError('--json and --csv: choose one');
  return flags.json ? 'json' : flags.csv ? 'csv' : 'table';
}

async function runSql(connection: Parameters<typeof readQuery>[0], query: string): ReturnType<typeof readQuery> {
  try {
    return await readQuery(connection, query);
  } catch (error) {
    // A mistake in the user's SQL is bad input, reported with DuckDB's own message.
    throw new CliError(`sql: ${error instanceof Error ? error.message : String(error)}`);
  }
}
