// `paysim sweep EXPERIMENT`: the parallel Monte Carlo runner (runner.md §1–2).

import { type Command, Option } from 'commander';
import { withCheckedCompareDefaults } from '../../analysis/compare-defaults.js';
import { loadExperimentFile } from '../../runner/experiment.js';
import { existsSync } from 'node:fs';
import { type Plan, planExperiment, withPlanRevision } from '../../runner/plan.js';
import { chooseRevision } from '../../runner/revision.js';
import { preloadPaymentFiles } from '../../config/payments/parquet.js';
import { ProgressBar, type ProgressSink, silentProgress } from '../../runner/progress.js';
import { inShard, parseShard, type Shard } from '../../runner/shard.js';
import { runSweep, storedStatus, SweepStoreError, type SweepReport } from '../../runner/sweep.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { withStoreErrors } from '../store-errors.js';
import { withInterrupt } from '../interrupt.js';
import { CliError, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import { dbOption, positiveInteger, workersFlag } from '../flags.js';
import { table } from '../format.js';

interface SweepFlags {
  workers?: string;
  shard?: string;
  db?: string;
  dryRun?: boolean;
  quiet?: boolean;
  json?: boolean;
  newRevision?: boolean;
  batchMs?: string;
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run every run of an experiment (seeds × vary grid × variants) in parallel into the store')
    .argument('<experiment>', 'experiment file (YAML or JSON; format: docs/experiments.md)')
    .option('--workers <n>', 'worker threads (default: the available cores)')
    .option('--shard <i/N>', 'run only the runs whose index mod N = i (for array jobs; see docs/cluster.md)')
    .addOption(dbOption())
    .option('--dry-run', 'print the run plan and counts, run nothing')
    .option('--quiet', 'no progress bar or info on stderr')
    .option('--json', 'print the sweep report as JSON')
    .option('--new-revision', 'the experiment changed: store its runs as a new revision (docs/experiments.md)')
    // Tests use it to make commits frequent; users have no reason to.
    .addOption(new Option('--batch-ms <ms>', 'commit finished runs at least this often').hideHelp())
    .action(async (file: string, flags: SweepFlags) => {
      process.exitCode = await sweepCommand(file, flags);
    });
}

async function sweepCommand(file: string, flags: SweepFlags): Promise<number> {
  const workers = workersFlag(flags.workers);
  let shard: Shard | null = null;
  if (flags.shard !== undefined) {
    const parsed = parseShard(flags.shard);
    if (typeof parsed === 'string') throw new CliError(parsed);
    shard = parsed;
  }
  const db = resolveDbPath(flags.db);
  await preloadPaymentFiles([file]);
  const plan = planExperiment(withCheckedCompareDefaults(loadExperimentFile(file)));
  if (flags.dryRun) {
    const stored = await withStoreErrors(() => storedForDryRun(db, plan, flags.newRevision ?? false));
    process.stdout.write(`${dryRunText(stored.plan, shard, stored.count, flags.json ?? false)}\n`);
    return EXIT_OK;
  }
  const talk = !flags.quiet && process.stderr.isTTY === true;
  const progress = talk ? (total: number): ProgressSink => new ProgressBar(total) : (): ProgressSink => silentProgress;
  const batchMs = flags.batchMs === undefined ? {} : { batchMs: positiveInteger('--batch-ms', flags.batchMs) };
  let report: SweepReport;
  try {
    const newRevision = flags.newRevision ?? false;
    report = await withInterrupt(talk, (signal) =>
      withStoreErrors(() => runSweep(plan, { db, workers, shard, progress, signal, newRevision, ...batchMs })),
    );
  } catch (error) {
    if (!(error instanceof SweepStoreError)) throw error;
    // What was committed is whole and stays: say how much, then why the sweep stopped.
    const e = plan.experiment;
    process.stdout.write(
      `${e.name}: stopped: ${error.committed} of ${error.todo} run(s) committed to ${db} before the store failed; ` +
        `run the same command again to resume\n`,
    );
    process.stderr.write(`paysim: ${error.message}\n`);
    return EXIT_FAILED;
  }
  process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : reportText(report, workers)}\n`);
  if (!flags.json && report.failed.length > 0) process.stderr.write(`${failureText(report)}\n`);
  if (report.interrupted) return EXIT_INTERRUPTED;
  return report.failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}

function reportText(r: SweepReport, workers: number): string {
  const ran = r.ok + r.failed.length;
  const seconds = r.wall_ms / 1000;
  const lines = [
    `${r.experiment}${r.revision > 1 ? ` (revision ${r.revision})` : ''}: ${r.planned} runs planned, ${r.skipped} already stored, ${ran} run ` +
      `(${r.ok} ok, ${r.failed.length} failed) with ${workers} worker(s) in ${seconds.toFixed(1)} s` +
      (ran > 0 && seconds > 0 ? ` (${(ran / seconds).toFixed(1)} runs/s)` : '') +
      ` → ${r.db}`,
  ];
  if (r.interrupted) lines.push(`interrupted: ${r.not_run} run(s) not run; run the same command again to resume`);
  return lines.join('\n');
}

const FAILURES_SHOWN = 20;

function failureText(r: SweepReport): string {
  const lines = [`${r.failed.length} run(s) failed:`];
  for (const f of r.failed.slice(0, FAILURES_SHOWN)) {
    lines.push(`  ${f.variant} seed ${f.seed} ${JSON.stringify(f.params)} (${f.run_key.slice(0, 12)}): ${f.error}`);
  }
  if (r.failed.length > FAILURES_SHOWN) {
    lines.push(`  … and ${r.failed.length - FAILURES_SHOWN} more: paysim sql "select variant, seed, error from runs where status = 'failed'"`);
  }
  return lines.join('\n');
}

/**
 * The plan keyed for the revision a sweep would use, and how many of its runs are stored `ok`
 * already (none without a store). A changed experiment is refused here too, as the sweep would.
 */
async function storedForDryRun(db: string, plan: Plan, newRevision: boolean): Promise<{ plan: Plan; count: number | null }> {
  if (!existsSync(db)) return { plan, count: null };
  const store = await openStore(db, { readOnly: true });
  try {
    const choice = await chooseRevision(store.connection, plan, newRevision);
    const planned = withPlanRevision(plan, choice.revision);
    const stored = await storedStatus(store.connection, plan.experiment.name);
    return { plan: planned, count: planned.runs.filter((r) => stored.get(r.identity.run_key) === 'ok').length };
  } finally {
    store.close();
  }
}

function dryRunText(plan: Plan, shard: Shard | null, stored: number | null, json: boolean): string {
  const mine = plan.runs.filter((run) => inShard(run.index, shard));
  const groups = new Map<string, { variant: string; params: string; runs: number }>();
  for (const run of mine) {
    const params = JSON.stringify(run.identity.params);
    const key = `${run.identity.variant}\u0000${params}`;
    const group = groups.get(key) ?? { variant: run.identity.variant, params, runs: 0 };
    group.runs += 1;
    groups.set(key, group);
  }
  const e = plan.experiment;
  if (json) {
    return JSON.stringify(
      {
        experiment: e.name,
        revision: plan.revision,
        scenario: e.scenarioFile,
        seeds: e.seeds.length,
        grid_points: plan.gridPoints,
        variants: e.variants.length,
        combinations: plan.combinations,
        runs: mine.length,
        already_stored: stored,
        shard,
        groups: [...groups.values()],
      },
      null,
      2,
    );
  }
  const header =
    `${e.name}${plan.revision > 1 ? ` (revision ${plan.revision})` : ''}: ${e.seeds.length} seed(s) × ${plan.gridPoints} grid point(s) × ` +
    `${e.variants.length} variant(s) = ${plan.runs.length} runs` +
    (shard ? `; shard ${shard.index}/${shard.count} runs ${mine.length}` : '') +
    (stored === null ? '; none stored yet' : `; ${stored} already stored, ${plan.runs.length - stored} to run`);
  const rows = [...groups.values()].map((g) => [g.variant, g.params, String(g.runs)]);
  return `${header}\n\n${table(['variant', 'params', 'runs'], rows)}`;
}
