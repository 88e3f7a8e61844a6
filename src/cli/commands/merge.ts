// `paysim merge A.duckdb B.duckdb … -o OUT.duckdb`: combines shard stores (runner.md §2).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { mergeInto } from '../../store/merge.js';
import { openStore } from '../../store/open.js';
import { CliError } from '../errors.js';
import { withStoreErrors } from '../store-errors.js';

interface MergeFlags {
  output: string;
  quiet?: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine store files (e.g. shards of one sweep) into one; runs collapse by run_key')
    .argument('<stores...>', 'store files to merge')
    .requiredOption('-o, --output <file>', 'the merged store (created, or merged into if it exists)')
    .option('--quiet', 'no per-file lines on stderr')
    .action(async (sources: string[], flags: MergeFlags) => {
      const out = resolve(flags.output);
      for (const source of sources) {
        if (!existsSync(source)) throw new CliError(`${source}: no such store file`);
        if (resolve(source) === out) throw new CliError(`${source}: is the output file; name a different -o`);
      }
      const lines = await withStoreErrors(async () => {
        const store = await openStore(flags.output);
        try {
          const done: string[] = [];
          for (const source of sources) {
            const c = await mergeInto(store.connection, source);
            done.push(`${c.source}: ${c.runs} run(s) added, ${c.duplicates} already present`);
          }
          const total = await store.connection.runAndReadAll('SELECT count(*) FROM runs');
          done.push(`${flags.output}: ${Number(total.getRowsJS()[0]![0])} run(s)`);
          return done;
        } finally {
          store.close();
        }
      });
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
