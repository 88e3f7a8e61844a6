// `paysim compare`: paired comparison of variants of a stored experiment (runner.md §4), one per
// grid point unless `--pool` (docs/compare.md).

import type { Command } from 'commander';
import { ComparisonError } from '../../analysis/compare.js';
import { compareExperiment, comparisonDocument, type ExperimentComparison, otherVariants } from '../../analysis/experiment-comparison.js';
import { parseWhere, whereRuns } from '../../analysis/grid.js';
import { DEFAULT_METRICS } from '../../analysis/metrics.js';
import type { RunMetricRow } from '../../analysis/pairing.js';
import { buildReportData } from '../../analysis/report/build.js';
import { renderReport } from '../../analysis/report/html.js';
import { ENGINE_VERSION } from '../../engine/version.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { readAgentRows, readRuns, readSettledCounts, resolveExperiment, resolveRevision } from '../../analysis/store-reader.js';
import { bootstrapFlags, confidenceFlag, revisionFlag, type StatsFlags } from '../analysis-flags.js';
import { comparisonText } from '../comparison-text.js';
import { CliError, EXIT_OK } from '../errors.js';
import { withStoreErrors } from '../store-errors.js';
import { writeOutputFile } from '../output-file.js';
import { isByOption } from '../../analysis/compare-defaults.js';
import { dbOption } from '../flags.js';

interface CompareFlags extends StatsFlags {
  experiment?: string;
  baseline?: string;
  candidate?: string[];
  metric?: string[];
  by?: string;
  where?: string[];
  pool?: boolean;
  revision?: string;
  json?: boolean;
  html?: string;
  db?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('paired comparison of variants by seed, per grid point: intervals, t and Wilcoxon tests, Holm for several candidates')
    .option('--experiment <name>', 'experiment in the store (default: the only one)')
    .option('--baseline <variant>', "the variant to compare against (default: the experiment's compare.baseline)")
    .option('--candidate <variant>', 'a candidate variant (repeat for several; default: every other variant)', collect)
    .option('--metric <name>', `a metric (repeat; default compare.metrics, else ${DEFAULT_METRICS.join(', ')}; list: docs/compare.md)`, collect)
    .option('--by <what>', "'agent': also compare each agent's costs; 'grid': one comparison per grid point (the default); both: agent,grid")
    .option('--where <path=value>', 'only grid points with this value (repeat for several paths)', collect)
    .option('--pool', 'pool the runs of all grid points into one comparison (said in the header)')
    .option('--revision <n>', 'the experiment revision to read (default: the latest)')
    .option('--confidence <c>', 'coverage of the intervals (default 0.95)')
    .option('--bootstrap-seed <n>', 'seed of the bootstrap resampling (default 1)')
    .option('--resamples <n>', 'bootstrap resamples (default 2000)')
    .option('--json', 'print one JSON document (shape: docs/compare.md)')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .addOption(dbOption())
    .action(async (flags: CompareFlags) => {
      process.exitCode = await withStoreErrors(() => compareCommand(flags));
    });
}

/** `--by` (flag, else the experiment's compare.by): per-agent tables, per grid point (always, unless --pool). */
function byOptions(text: string | undefined): { agent: boolean } {
  if (text === undefined || text.trim() === '') return { agent: false };
  if (!isByOption(text)) throw new CliError(`--by: expected 'agent', 'grid' or 'agent,grid', got '${text}'`);
  return { agent: text.split(',').some((p) => p.trim() === 'agent') };
}

async function compareCommand(flags: CompareFlags): Promise<number> {
  const confidence = confidenceFlag(flags.confidence);
  const bootstrap = bootstrapFlags(flags);
  const requested = revisionFlag(flags.revision);
  const store = await openStore(resolveDbPath(flags.db), { readOnly: true });
  try {
    const c = store.connection;
    const experiment = await resolveExperiment(c, flags.experiment);
    const defaults = experiment.compare;
    const baseline = flags.baseline ?? defaults.baseline;
    if (baseline === undefined) throw new CliError(`${experiment.name}: no baseline: give --baseline (the experiment file has no compare.baseline)`);
    const metrics = flags.metric ?? (defaults.metrics !== undefined ? [...defaults.metrics] : [...DEFAULT_METRICS]);
    const by = byOptions(flags.by ?? defaults.by);
    const revision = await resolveRevision(c, experiment, requested);
    // All variants, so that a misspelt one is reported with the list of those there are.
    const { runs: all, failed } = await readRuns(c, experiment.experiment_id, revision);
    const candidates = flags.candidate ?? otherVariants(all, baseline);
    const agents = by.agent || flags.html !== undefined ? await readAgentRows(c, experiment.experiment_id, revision) : [];
    let runs: RunMetricRow[];
    let compared: ExperimentComparison;
    try {
      runs = whereRuns(all, (flags.where ?? []).map(parseWhere));
      compared = compareExperiment({ runs, agents, baseline, candidates, metrics, byAgent: by.agent, pool: flags.pool ?? false, confidence, bootstrap });
    } catch (error) {
      if (error instanceof ComparisonError) throw new CliError(`${experiment.name}: ${error.message}`);
      throw error;
    }
    if (flags.html !== undefined) {
      // The page shows the compared variants only.
      const shown = new Set([baseline, ...candidates]);
      const shownRuns = runs.filter((r) => shown.has(r.variant));
      const keys = new Set(shownRuns.map((r) => r.run_key));
      const settled = (await readSettledCounts(c, experiment.experiment_id, revision)).filter((s) => keys.has(s.run_key));
      const data = buildReportData({
        title: `${experiment.name}: ${candidates.join(', ')} vs ${baseline}`,
        description: experiment.description,
        generator: `paysim ${ENGINE_VERSION}`,
        runs: shownRuns,
        failed,
        agents: agents.filter((a) => keys.has(a.run_key)),
        settled,
        baseline,
        metrics,
        bootstrap,
        pool: flags.pool ?? false,
      });
      writeOutputFile(flags.html, renderReport(data));
      process.stderr.write(`report written to ${flags.html}\n`);
    }
    const { points, pooled, results } = compared;
    if (flags.json) {
      const doc = comparisonDocument({ experiment: experiment.name, revision, bootstrap, runs: { ok: runs.length, failed } }, compared);
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      const where = (flags.where ?? []).length > 0 ? ` where ${flags.where!.join(', ')}` : '';
      const scope = pooled ? `; POOLED over ${points} grid points (effects of different points averaged together)` : points > 1 ? `; ${points} grid points, one comparison each` : '';
      process.stdout.write(
        `experiment ${experiment.name} (revision ${revision}): ${runs.length} finished runs${where}` +
          `${failed > 0 ? ` (${failed} failed, left out)` : ''}${scope}\n`,
      );
      const blocks = results.map((r) => (r.group.label === '' ? comparisonText(r.comparison) : `grid point ${r.group.label}\n${comparisonText(r.comparison)}`));
      process.stdout.write(`${blocks.join('\n\n')}\n`);
    }
    return EXIT_OK;
  } finally {
    store.close();
  }
}
