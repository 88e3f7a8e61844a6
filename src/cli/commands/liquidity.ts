// `paysim liquidity SCENARIO`: the liquidity–delay frontier over α (each bank at LB + α (UB − LB)
// of its own bounds), optionally the minimum-liquidity search; stored as an experiment.

import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { frontierPage } from '../../analysis/liquidity/frontier-page.js';
import { frontierRows } from '../../analysis/liquidity/frontier-rows.js';
import type { Target } from '../../runner/liquidity/figures.js';
import { runFrontier, type FrontierResult } from '../../runner/liquidity/frontier.js';
import { type CreditMode, LSM_SETTINGS, type LsmSetting } from '../../runner/liquidity/frontier-plan.js';
import { latticePoint } from '../../runner/liquidity/min-liquidity.js';
import { LSM_ALGORITHMS } from '../../engine/config.js';
import { ENGINE_VERSION } from '../../engine/version.js';
import { mean } from '../../stats/summary.js';
import { type LoadedScenario, loadScenario } from '../../config/scenario.js';
import { ADHOC_EXPERIMENT } from '../../runner/experiment.js';
import { ProgressBar, type ProgressSink, silentProgress } from '../../runner/progress.js';
import { resolveDbPath } from '../../store/open.js';
import { CliError, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import { dbOption, seedsFlag, unitFraction, workersFlag } from '../flags.js';
import { cents, num, percent, table } from '../format.js';
import { withStoreErrors } from '../store-errors.js';
import { withInterrupt } from '../interrupt.js';
import { writeOutputFile } from '../output-file.js';

interface LiquidityFlags {
  alphas?: string;
  step?: string;
  seeds?: string;
  credit: string;
  lsm: string;
  minLiquidity?: boolean;
  target: string;
  resolution: string;
  experiment?: string;
  throughput?: boolean;
  html?: string;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  db?: string;
}

export function registerLiquidity(program: Command): void {
  program
    .command('liquidity')
    .description('liquidity–delay frontier: each bank at LB + α (UB − LB) of its own liquidity bounds, over a grid of α (docs/liquidity.md)')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--step <x>', 'α grid from 0 to 1 in this step (default 0.1)')
    .option('--alphas <list>', 'α values instead of a grid, e.g. 0,0.25,0.5,1')
    .option('--seeds <list>', 'seeds, e.g. 1,2,3 or 1-10 (default: the scenario\'s rng_seed)')
    .option('--credit <mode>', 'zero: liquidity is the opening balance alone (credit, collateral and liquidity pools set to 0); keep: as the scenario has them, on top', 'zero')
    .option('--lsm <list>', `LSM settings to compare: ${LSM_SETTINGS.join(', ')}, or all (off and every algorithm)`, 'scenario')
    .option('--min-liquidity', 'also search the smallest α meeting --target (no monotonicity assumed)')
    .option('--target <t>', "full (every payment order settles) or a share of value, e.g. 0.99 or 99%", 'full')
    .option('--resolution <x>', 'step of the lattice the search checks below the first grid success', '0.01')
    .option('--experiment <name>', 'experiment name in the store (default liquidity-<scenario name>)')
    .option('--throughput', 'also store each run\'s intraday throughput curve (table throughput)')
    .option('--html <file>', 'write the frontier as a self-contained HTML page')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress bar on stderr')
    .option('--workers <n>', 'worker threads (default: the available cores)')
    .addOption(dbOption())
    .action(async (scenario: string, flags: LiquidityFlags) => {
      process.exitCode = await liquidityCommand(scenario, flags);
    });
}

async function liquidityCommand(file: string, flags: LiquidityFlags): Promise<number> {
  // Loaded here for its seed and its payment file (a Parquet one is read only here, asynchronously,
  // for the frontier's planner to find); the planner validates the scenario again for its variants
  // and reports their problems before anything is run or written.
  const loaded = await loadScenario(file);
  const seeds = flags.seeds === undefined ? [loaded.config.simulation.rng_seed] : seedsFlag(flags.seeds);
  const alphas = flags.alphas !== undefined ? parseAlphas(flags.alphas) : alphaGrid(flags.step === undefined ? 0.1 : unitFraction('--step', flags.step, false));
  const credit = parseCredit(flags.credit);
  const lsm = parseLsm(flags.lsm);
  const target = parseTarget(flags.target);
  const resolution = unitFraction('--resolution', flags.resolution, false);
  const experiment = flags.experiment ?? `liquidity-${basename(file, extname(file))}`;
  if (experiment === ADHOC_EXPERIMENT) throw new CliError(`--experiment: '${ADHOC_EXPERIMENT}' is reserved for runs stored by \`paysim run\``);
  const workers = workersFlag(flags.workers);
  const talk = !flags.quiet && process.stderr.isTTY === true;
  const progress = talk ? (total: number): ProgressSink => new ProgressBar(total) : (): ProgressSink => silentProgress;
  const started = performance.now();
  const result: FrontierResult = await withInterrupt(talk, (signal) =>
    withStoreErrors(() =>
      runFrontier(
        { scenarioFile: file, experiment, seeds, alphas, credit, lsm, throughput: flags.throughput ?? false },
        {
          db: resolveDbPath(flags.db),
          workers,
          progress,
          signal,
          ...(flags.minLiquidity ? { search: { target, resolution } } : {}),
        },
      ),
    ),
  );
  const wallMs = performance.now() - started;
  if (flags.html !== undefined) {
    writeOutputFile(flags.html, frontierPage(result, file, `paysim ${ENGINE_VERSION}`));
    process.stderr.write(`frontier page written to ${flags.html}\n`);
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...jsonResult(result), wall_ms: Math.round(wallMs) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${textResult(result, file, credit, loaded, target, wallMs, workers)}\n`);
  }
  if (result.failed.length > 0) {
    process.stderr.write(`${result.failed.length} run(s) failed, e.g. ${result.failed[0]!.variant} seed ${result.failed[0]!.seed}: ${result.failed[0]!.error}\n`);
  }
  if (result.interrupted) return EXIT_INTERRUPTED;
  return result.failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}

function jsonResult(result: FrontierResult): Record<string, unknown> {
  return {
    experiment: result.experiment,
    bounds: result.bounds,
    frontier: frontierRows(result.runs),
    min_liquidity: result.searches,
    runs_run: result.ran,
    runs_already_stored: result.skipped,
    failed: result.failed,
    interrupted: result.interrupted,
  };
}

/** What a bank holds besides its opening balance, in words. */
function heldText(credit: CreditMode, loaded: LoadedScenario): string {
  if (credit === 'zero') return 'credit, collateral and liquidity pools zeroed: liquidity is the opening balance alone';
  const agents = loaded.config.agents;
  const credited = agents.filter((a) => a.credit_limit > 0 || a.posted_collateral > 0).length;
  const pooled = agents.filter((a) => (a.liquidity_pool ?? 0) > 0).length;
  return (
    `kept on top of the opening balance: credit or collateral of ${credited} bank(s), liquidity pools of ${pooled} bank(s)` +
    (pooled > 0 ? ' (each pool brings its share every morning, whatever α)' : '')
  );
}

function textResult(result: FrontierResult, file: string, credit: CreditMode, loaded: LoadedScenario, target: Target, wallMs: number, workers: number): string {
  const out = [
    `paysim liquidity ${file}: experiment ${result.experiment}, ${result.bounds.length} seed(s), ` +
      `${result.ran} run(s) run and ${result.skipped} already stored in ${(wallMs / 1000).toFixed(1)} s with ${workers} worker(s)`,
    `Bounds (Σ banks, mean over seeds): upper ${cents(Math.round(mean(result.bounds.map((b) => b.upper)) ?? 0))}, ` +
      `lower ${cents(Math.round(mean(result.bounds.map((b) => b.lower)) ?? 0))}; ` +
      heldText(credit, loaded),
    '',
  ];
  const rows = frontierRows(result.runs);
  for (const variant of [...new Set(rows.map((r) => r.variant))]) {
    out.push(`LSM ${variant}`);
    out.push(
      table(
        ['α', 'liquidity', 'of UB', 'settled (value)', 'delay (vw, ticks)', 'delay ind.', 'not settled (value)', 'all settled'],
        rows
          .filter((r) => r.variant === variant)
          .map((r) => [
            String(r.alpha),
            cents(Math.round(r.liquidity)),
            r.share_of_upper === null ? '-' : percent(r.share_of_upper),
            percent(r.settlement_rate_value),
            num(r.delay_value_weighted),
            num(r.delay_indicator, 3),
            cents(Math.round(r.unsettled_value)),
            `${r.fully_settled}/${r.runs}`,
          ]),
      ),
      '',
    );
  }
  if (result.searches.length > 0) {
    out.push(`Minimum liquidity (target: ${target === 'full' ? 'every payment order settles' : `${percent(target)} of value settles`}, at every seed)`);
    out.push(
      table(
        ['LSM', 'α', 'liquidity', 'of UB', 'per seed α', 'non-monotone α (failed above the answer)', 'runs'],
        result.searches.map((s) => [
          s.variant,
          s.alpha === null ? 'not reached by α = 1' : String(s.alpha),
          s.liquidity === null ? '-' : cents(Math.round(s.liquidity)),
          s.share_of_upper === null ? '-' : percent(s.share_of_upper),
          s.by_seed.map((b) => `${b.seed}:${b.alpha ?? '-'}`).join(' '),
          s.non_monotone.length === 0 ? 'none' : s.non_monotone.join(', '),
          String(s.tried.length * result.bounds.length),
        ]),
      ),
    );
    for (const s of result.searches) {
      if (s.alpha === null) continue;
      out.push(
        '',
        `Each bank at the answer (LSM ${s.variant}, α ${s.alpha}: every bank holds LB + α (UB − LB); means over seeds)`,
        table(
          ['bank', 'lower bound', 'upper bound', 'liquidity', 'of its UB'],
          s.by_bank.map((b) => [
            b.agent,
            cents(Math.round(b.lower)),
            cents(Math.round(b.upper)),
            b.liquidity === null ? '-' : cents(Math.round(b.liquidity)),
            b.liquidity === null || b.upper === 0 ? '-' : percent(b.liquidity / b.upper),
          ]),
        ),
      );
    }
  }
  return out.join('\n').trimEnd();
}

/** 0, step, 2·step, … 1 (1 included even when the step does not divide it). */
function alphaGrid(step: number): number[] {
  const grid: number[] = [];
  for (let k = 0; latticePoint(k, step) < 1; k++) grid.push(latticePoint(k, step));
  grid.push(1);
  return grid;
}

function parseAlphas(text: string): number[] {
  const values = text.split(',').map((part) => unitFraction('--alphas', part.trim(), true));
  return [...new Set(values)].sort((a, b) => a - b);
}

function parseCredit(text: string): CreditMode {
  if (text !== 'zero' && text !== 'keep') throw new CliError(`--credit: expected zero or keep, got '${text}'`);
  return text;
}

function parseLsm(text: string): LsmSetting[] {
  if (text === 'all') return ['off', ...LSM_ALGORITHMS];
  const settings = text.split(',').map((p) => p.trim());
  for (const s of settings) {
    if (!(LSM_SETTINGS as readonly string[]).includes(s)) throw new CliError(`--lsm: unknown setting '${s}' (expected ${LSM_SETTINGS.join(', ')} or all)`);
  }
  return [...new Set(settings)] as LsmSetting[];
}

function parseTarget(text: string): Target {
  if (text === 'full') return 'full';
  const percentForm = /^([\d.]+)%$/.exec(text);
  const value = percentForm === null ? Number(text) : Number(percentForm[1]) / 100;
  if (!Number.isFinite(value) || value <= 0 || value > 1 || text.trim() === '') {
    throw new CliError(`--target: expected full or a share of value 0 < x ≤ 1 (or 1%–100%), got '${text}'`);
  }
  return value;
}
