// `paysim compare`: paired comparison of variants of a stored experiment (runner.md §4).

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compareVariants, ComparisonError } from '../../analysis/compare.js';
import { DEFAULT_METRICS } from '../../analysis/metrics.js';
import { buildReportData } from '../../analysis/report/build.js';
import { renderReport } from '../../analysis/report/html.js';
import { ENGINE_VERSION } from '../../engine/version.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { readAgentRows, readRuns, readSettledCounts, resolveExperiment } from '../../analysis/store-reader.js';
import { bootstrapFlags, confidenceFlag, type StatsFlags } from '../analysis-flags.js';
import { comparisonText } from '../comparison-text.js';
import { CliError, EXIT_OK } from '../errors.js';
import { withStoreErrors } from '../store-errors.js';

interface CompareFlags extends StatsFlags {
  experiment?: string;
  baseline: string;
  candidate: string[];
  metric?: string[];
  by?: string;
  json?: boolean;
  html?: string;
  db?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('paired comparison of variants by seed: intervals, t and Wilcoxon tests, Holm for several candidates')
    .option('--experiment <name>', 'experiment in the store (default: the only one)')
    .requiredOption('--baseline <variant>', 'the variant to compare against')
    .requiredOption('--candidate <variant>', 'a candidate variant (repeat for several; ranked with Holm-adjusted p values)', collect)
    .option('--metric <name>', `a metric (repeat; default ${DEFAULT_METRICS.join(', ')}; list: docs/compare.md)`, collect)
    .option('--by <what>', "'agent': also compare each agent's costs")
    .option('--confidence <c>', 'coverage of the intervals (default 0.95)')
    .option('--bootstrap-seed <n>', 'seed of the bootstrap resampling (default 1)')
    .option('--resamples <n>', 'bootstrap resamples (default 2000)')
    .option('--json', 'print one JSON document (shape: docs/compare.md)')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--db <file>', 'results store (default results/paysim.duckdb or $PAYSIM_DB)')
    .action(async (flags: CompareFlags) => {
      process.exitCode = await withStoreErrors(() => compareCommand(flags));
    });
}

async function compareCommand(flags: CompareFlags): Promise<number> {
  if (flags.by !== undefined && flags.by !== 'agent') throw new CliError(`--by: expected 'agent', got '${flags.by}'`);
  const metrics = flags.metric ?? [...DEFAULT_METRICS];
  const confidence = confidenceFlag(flags.confidence);
  const bootstrap = bootstrapFlags(flags);
  const store = await openStore(resolveDbPath(flags.db), { readOnly: true });
  try {
    const c = store.connection;
    const experiment = await resolveExperiment(c, flags.experiment);
    // All variants, so that a misspelt one is reported with the list of those there are.
    const { runs, failed } = await readRuns(c, experiment.experiment_id);
    const byAgent = flags.by === 'agent' || flags.html !== undefined;
    const agents = byAgent ? await readAgentRows(c, experiment.experiment_id) : [];
    let comparison;
    try {
      comparison = compareVariants({ runs, agents, baseline: flags.baseline, candidates: flags.candidate, metrics, byAgent: flags.by === 'agent', confidence, bootstrap });
    } catch (error) {
      if (error instanceof ComparisonError) throw new CliError(`${experiment.name}: ${error.message}`);
      throw error;
    }
    if (flags.html !== undefined) {
      // The page shows the compared variants only.
      const shown = new Set([flags.baseline, ...flags.candidate]);
      const shownRuns = runs.filter((r) => shown.has(r.variant));
      const keys = new Set(shownRuns.map((r) => r.run_key));
      const settled = (await readSettledCounts(c, experiment.experiment_id)).filter((s) => keys.has(s.run_key));
      const data = buildReportData({
        title: `${experiment.name}: ${flags.candidate.join(', ')} vs ${flags.baseline}`,
        description: experiment.description,
        generator: `paysim ${ENGINE_VERSION}`,
        runs: shownRuns,
        failed,
        agents: agents.filter((a) => keys.has(a.run_key)),
        settled,
        baseline: flags.baseline,
        metrics,
        bootstrap,
      });
      writeFileSync(flags.html, renderReport({ ...data, comparison }));
      if (process.stderr.isTTY) process.stderr.write(`report written to ${flags.html}\n`);
    }
    if (flags.json) {
      const doc = { experiment: experiment.name, bootstrap, runs: { ok: runs.length, failed }, ...comparison };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      process.stdout.write(`experiment ${experiment.name}: ${runs.length} finished runs${failed > 0 ? ` (${failed} failed, left out)` : ''}\n`);
      process.stdout.write(`${comparisonText(comparison)}\n`);
    }
    return EXIT_OK;
  } finally {
    store.close();
  }
}
