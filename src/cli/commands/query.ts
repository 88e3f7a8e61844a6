// `paysim query NAME`: a named, documented analysis (runner.md §6); `--list` shows them all.

import type { Command } from 'commander';
import { openStore, resolveDbPath } from '../../store/open.js';
import { NAMED_QUERIES, namedQuery, queryParams } from '../../store/queries.js';
import { readQuery } from '../../store/read.js';
import { revisionFlag } from '../analysis-flags.js';
import { CliError } from '../errors.js';
import { formatResult } from '../result-format.js';
import { withStoreErrors } from '../store-errors.js';
import { resultFormat } from './sql.js';
import { dbOption } from '../flags.js';

interface QueryFlags {
  db?: string;
  experiment?: string;
  json?: boolean;
  csv?: boolean;
  list?: boolean;
  describe?: boolean;
  showSql?: boolean;
  revision?: string;
}

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a named analysis on the store (`--list` shows them; docs/store.md)')
    .argument('[name]', 'analysis name')
    .option('--list', 'list the named analyses')
    .option('--describe', 'explain what the analysis computes, then run it')
    .option('--show-sql', 'print the SQL instead of running it')
    .option('--experiment <name>', 'only this experiment (default: all)')
    .option('--revision <n>', "the experiment revision to read (default: each experiment's latest)")
    .addOption(dbOption())
    .option('--json', 'print rows as a JSON array of objects')
    .option('--csv', 'print rows as CSV with a header')
    .action(async (name: string | undefined, flags: QueryFlags) => {
      if (flags.list || name === undefined) {
        const width = Math.max(...NAMED_QUERIES.map((q) => q.name.length));
        process.stdout.write(`${NAMED_QUERIES.map((q) => `${q.name.padEnd(width)}  ${q.summary}`).join('\n')}\n`);
        return;
      }
      const query = namedQuery(name);
      if (query === undefined) {
        throw new CliError(`query: no analysis named '${name}' (one of ${NAMED_QUERIES.map((q) => q.name).join(', ')})`);
      }
      if (flags.showSql) {
        process.stdout.write(`${query.sql};\n`);
        return;
      }
      const format = resultFormat(flags);
      const revision = revisionFlag(flags.revision);
      if (flags.describe) process.stderr.write(`${query.name}: ${query.description}\n\n`);
      const db = resolveDbPath(flags.db);
      const text = await withStoreErrors(async () => {
        const store = await openStore(db, { readOnly: true });
        try {
          const { params, types } = queryParams(flags.experiment ?? null, revision ?? null);
          const result = await readQuery(store.connection, query.sql, params, types);
          return formatResult(result, format, 'reading');
        } finally {
          store.close();
        }
      });
      process.stdout.write(`${text}\n`);
    });
}
