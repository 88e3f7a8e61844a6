// `paysim export --format parquet|csv -o DIR`: the store as one file per table.

import type { Command } from 'commander';
import { type ExportFormat, exportStore } from '../../store/export.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { CliError } from '../errors.js';
import { table } from '../format.js';
import { withStoreErrors } from '../store-errors.js';

interface ExportFlags {
  format: string;
  output: string;
  db?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write every table of the store to DIR as Parquet or CSV files')
    .requiredOption('--format <format>', 'parquet or csv')
    .requiredOption('-o, --output <dir>', 'output folder (created if missing)')
    .option('--db <file>', 'results store (default results/paysim.duckdb or $PAYSIM_DB)')
    .action(async (flags: ExportFlags) => {
      if (flags.format !== 'parquet' && flags.format !== 'csv') {
        throw new CliError(`--format: expected parquet or csv, got '${flags.format}'`);
      }
      const format: ExportFormat = flags.format;
      const db = resolveDbPath(flags.db);
      const files = await withStoreErrors(async () => {
        const store = await openStore(db, { readOnly: true });
        try {
          return await exportStore(store.connection, flags.output, format);
        } finally {
          store.close();
        }
      });
      process.stdout.write(`${table(['table', 'rows', 'file'], files.map((f) => [f.table, String(f.rows), f.file]))}\n`);
    });
}
