// `paysim optimize EXPERIMENT`: search policy and scenario parameters, or find an equilibrium by
// iterated best response, with every trial stored (docs/optimize.md).

import type { Command } from 'commander';
import { preloadPaymentFiles } from '../../config/payments/parquet.js';
import { Interrupted } from '../../optimize/evaluator.js';
import { type OptimizationReport, prepareOptimization, runOptimization } from '../../optimize/optimization.js';
import { resolveDbPath } from '../../store/open.js';
import { CliError, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import { dbOption, workersFlag } from '../flags.js';
import { optimizationText } from '../optimize-text.js';
import { withStoreErrors } from '../store-errors.js';

interface OptimizeFlags {
  db?: string;
  workers?: string;
  racing?: boolean;
  newRevision?: boolean;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  proposer?: string;
  proposerTimeout?: string;
}

export function registerOptimize(program: Command): void {
  program
    .command('optimize')
    .description("search an experiment's optimize: parameters (or find an equilibrium), every trial stored (docs/optimize.md)")
    .argument('<experiment>', 'experiment file with an optimize: section')
    .addOption(dbOption())
    .option('--workers <n>', 'worker threads (default: the available cores)')
    .option('--no-racing', 'run every trial on every search seed (the section may also say racing: false)')
    .option('--new-revision', 'the experiment changed since its runs were stored: store this optimisation as a new revision (as sweep)')
    .option('--out <file>', 'where the winner goes (default: optimize/<experiment>-<id>.json beside the store)')
    .option('--proposer <command>', 'an external program proposes the trials (JSON over stdin/stdout, docs/optimize.md); overrides optimize.proposer.command')
    .option('--proposer-timeout <seconds>', 'seconds a proposal may take before the proposer is killed (default 120)')
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no trial lines on stderr')
    .action(async (file: string, flags: OptimizeFlags) => {
      process.exitCode = await optimizeCommand(file, flags);
    });
}

async function optimizeCommand(file: string, flags: OptimizeFlags): Promise<number> {
  const workers = workersFlag(flags.workers);
  const db = resolveDbPath(flags.db);
  await preloadPaymentFiles([file]);
  const prepared = prepareOptimization(file, {
    ...(flags.proposer !== undefined ? { command: flags.proposer } : {}),
    ...(flags.proposerTimeout !== undefined ? { timeoutSeconds: positiveSeconds('--proposer-timeout', flags.proposerTimeout) } : {}),
  });
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const talk = !flags.quiet && !flags.json && process.stderr.isTTY === true;
  let report: OptimizationReport;
  try {
    report = await withStoreErrors(() =>
      runOptimization(prepared, {
        db,
        workers,
        signal: controller.signal,
        ...(flags.racing === false ? { racing: false } : {}),
        ...(flags.newRevision ? { newRevision: true } : {}),
        ...(flags.out ? { out: flags.out } : {}),
        onTrial: (t, where) => {
          if (talk) process.stderr.write(`${where.agent ? `round ${where.round} ${where.agent}: ` : ''}${t.key} ${JSON.stringify(t.assignment)} ${t.status}\n`);
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    const again = flags.newRevision ? 'run the command again without --new-revision (it would start yet another revision)' : 'run the same command again';
    process.stdout.write(`${error.optimizationId ?? prepared.optimizationId}: interrupted; finished runs are stored: ${again} to resume\n`);
    return EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', onSigint);
  }
  process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : optimizationText(report)}\n`);
  if (report.stopped === 'proposer') {
    const last = report.trials[report.trials.length - 1];
    process.stderr.write(`paysim: the proposer stopped giving usable proposals (last: ${last?.reason ?? 'none'}); the trials so far are stored\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

function positiveSeconds(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CliError(`${flag}: expected a positive number of seconds, got '${text}'`);
  return n;
}
