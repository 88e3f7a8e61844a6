// `paysim reproduce [NAME…] [--all] [--quick] [--json]`: published results of the field as a suite
// (docs/validation.md). Each case prints its citation and, for each figure, the paper's value,
// paysim's value measured now, the tolerance and PASS or FAIL; exit 1 if any case fails.

import type { Command } from 'commander';
import { type CaseResult, caseContext, runCase } from '../../reproduce/case.js';
import { CASES, publishedDir, selectCases } from '../../reproduce/catalog.js';
import { CliError, EXIT_FAILED } from '../errors.js';
import { table } from '../format.js';

interface ReproduceFlags {
  all?: boolean;
  quick?: boolean;
  json?: boolean;
  list?: boolean;
  dir?: string;
}

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description("run published results of the field (Castro et al., Bech and Garratt, …) and check paysim's figures against the papers'")
    .argument('[names...]', 'cases to run (default: the quick ones; --list names them)')
    .option('--quick', 'the cases that take seconds (the default when no case is named)')
    .option('--all', 'every case, the slow ones too')
    .option('--list', 'list the cases')
    .option('--json', 'print the results as JSON')
    .option('--dir <folder>', "the cases' experiment files (default: the shipped experiments/published)")
    .action(async (names: string[], flags: ReproduceFlags) => {
      if (flags.list) {
        process.stdout.write(`${table(['case', 'quick', 'what'], CASES.map((c) => [c.name, c.quick ? 'yes' : 'no', c.title]))}\n`);
        return;
      }
      if (flags.all && flags.quick) throw new CliError('reproduce: --all and --quick are exclusive (--all runs the quick cases too)');
      const selection = selectCases(names, flags.all === true);
      if (!selection.ok) throw new CliError(`reproduce: no case named ${selection.unknown.map((n) => `'${n}'`).join(', ')} (one of ${CASES.map((c) => c.name).join(', ')})`);
      const context = caseContext(flags.dir ?? publishedDir());
      const results: CaseResult[] = [];
      for (const c of selection.cases) {
        const result = await runCase(c, context);
        results.push(result);
        if (!flags.json) process.stdout.write(`${caseText(result)}\n\n`);
      }
      const failed = results.filter((r) => !r.pass);
      if (flags.json) process.stdout.write(`${JSON.stringify({ pass: failed.length === 0, cases: results }, null, 2)}\n`);
      else process.stdout.write(`${results.length - failed.length} of ${results.length} case(s) PASS${failed.length > 0 ? `; FAIL: ${failed.map((r) => r.name).join(', ')}` : ''}\n`);
      if (failed.length > 0) process.exitCode = EXIT_FAILED;
    });
}

function caseText(r: CaseResult): string {
  const rows = r.figures.map((f) => [f.label, f.paper, f.paysim, f.tolerance, f.pass === null ? 'reported' : f.pass ? 'PASS' : 'FAIL']);
  return [
    `${r.name}: ${r.pass ? 'PASS' : 'FAIL'} (${r.seconds.toFixed(1)} s)`,
    r.title,
    `Source: ${r.citation}`,
    table(['figure', 'paper', 'paysim', 'tolerance', 'result'], rows),
  ].join('\n');
}
