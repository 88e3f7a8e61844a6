// `paysim sql QUERY`: one SQL statement on the store, printed as a table, JSON or CSV.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore, resolveDbPath } from '../../store/open.js';
import { readQuery } from '../../store/read.js';
import { CliError } from '../errors.js';
import { formatResult, type ResultFormat } from '../result-format.js';
import { withStoreErrors } from '../store-errors.js';
import { dbOption } from '../flags.js';

interface SqlFlags {
  file?: string;
  db?: string;
  json?: boolean;
  csv?: boolean;
  write?: boolean;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run SQL on the store and print the result (tables: docs/store.md)')
    .argument('[query]', 'SQL, e.g. "select variant, avg(total_cost) from runs group by all" (or -f FILE, or on stdin)')
    .option('-f, --file <file>', "read the SQL from a file ('-': stdin)")
    .addOption(dbOption())
    .option('--json', 'print rows as a JSON array of objects')
    .option('--csv', 'print rows as CSV with a header')
    .option('--write', 'open the store read-write (default: read-only, so a query cannot change it)')
    .action(async (argument: string | undefined, flags: SqlFlags) => {
      const format = resultFormat(flags);
      const query = sqlText(argument, flags.file);
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

/**
 * The SQL: the argument, else `-f FILE` ('-' is stdin), else stdin when it is not a terminal.
 * (A query starting with `-`, like a `-- comment`, goes after `--` or in a file.)
 */
function sqlText(argument: string | undefined, file: string | undefined): string {
  if (argument !== undefined && file !== undefined) throw new CliError('sql: give the query as an argument or with -f, not both');
  let text = argument;
  if (text === undefined && file !== undefined) {
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (error) {
      throw new CliError(`sql: cannot read ${file === '-' ? 'stdin' : file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (text === undefined) {
    if (process.stdin.isTTY === true) throw new CliError('sql: no query (give it as an argument, with -f FILE, or on stdin)');
    text = readFileSync(0, 'utf8');
  }
  if (text.trim() === '') throw new CliError(`sql: the query${file !== undefined ? ` in ${file}` : ''} is empty`);
  return text;
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
