// `paysim export --format parquet|csv -o DIR`: the store as one file per table.
// `paysim export --run KEY -o FILE.csv [--scenario FILE.yaml]`: one run's payment orders as a payment file
// (with --format iso20022: as pacs.009 messages, FILE.xml or FILE.xml.gz, and a BIC mapping file beside).

import type { Command } from 'commander';
import { type ExportFormat, exportStore } from '../../store/export.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { CliError } from '../errors.js';
import { exportRunPayments, exportScenarioPayments, type OrderFileFormat } from '../export-payments.js';
import { table } from '../format.js';
import { withStoreErrors } from '../store-errors.js';
import { dbOption } from '../flags.js';

interface ExportFlags {
  format?: string;
  run?: string;
  ordersOf?: string;
  scenario?: string;
  output: string;
  db?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description("write every table of the store to DIR as Parquet or CSV files, or (--run) one run's payment orders as a payment file")
    .option('--format <format>', 'parquet or csv (whole store); with --run: csv (default) or iso20022 (pacs.009 messages)')
    .option('--run <key>', "a stored run (its key, a unique prefix, or 'last' for the latest stored): write its payment orders to -o as a payment file")
    .option('--orders-of <scenario>', 'a scenario file: run it in memory (nothing stored) and write the payment orders it creates to -o, as --run does')
    .option('--scenario <file>', 'with --run: also write a scenario that runs the payment file instead of random arrivals')
    .requiredOption('-o, --output <path>', 'output folder (created if missing); with --run, the payment file')
    .addOption(dbOption())
    .action(async (flags: ExportFlags) => {
      if (flags.run !== undefined && flags.ordersOf !== undefined) throw new CliError('--run and --orders-of: choose one');
      if (flags.run !== undefined) return exportPayments(flags, flags.run);
      if (flags.ordersOf !== undefined) return exportOrdersOf(flags, flags.ordersOf);
      if (flags.scenario !== undefined) throw new CliError('--scenario: only with --run');
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

function orderFormat(flags: ExportFlags, option: string): OrderFileFormat {
  const format = flags.format ?? 'csv';
  if (format !== 'csv' && format !== 'iso20022') throw new CliError(`--format: with ${option}, expected csv or iso20022, got '${format}'`);
  return format;
}

async function exportOrdersOf(flags: ExportFlags, scenario: string): Promise<void> {
  if (flags.scenario !== undefined) throw new CliError('--scenario: only with --run');
  const done = await exportScenarioPayments(scenario, flags.output, orderFormat(flags, '--orders-of'));
  process.stdout.write(`${scenario}: ${done.orders} payment orders → ${done.file}${done.bic_map === null ? '' : `, BIC map → ${done.bic_map}`}\n`);
}

async function exportPayments(flags: ExportFlags, run: string): Promise<void> {
  const format = orderFormat(flags, '--run');
  const db = resolveDbPath(flags.db);
  const done = await withStoreErrors(async () => {
    const store = await openStore(db, { readOnly: true });
    try {
      return await exportRunPayments(store, run, flags.output, flags.scenario ?? null, format);
    } finally {
      store.close();
    }
  });
  const map = done.bic_map === null ? '' : `, BIC map → ${done.bic_map}`;
  process.stdout.write(`run ${done.run_key}: ${done.orders} payment orders → ${done.file}${map}${done.scenario === null ? '' : `, scenario → ${done.scenario}`}\n`);
}
