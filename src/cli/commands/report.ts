// `paysim report EXPERIMENT -o FILE.html`: one self-contained HTML file with the experiment's
// comparison tables and charts, readable offline.

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ComparisonError } from '../../analysis/compare.js';
import { REPORT_METRICS } from '../../analysis/metrics.js';
import { buildReportData } from '../../analysis/report/build.js';
import { renderReport } from '../../analysis/report/html.js';
import { ENGINE_VERSION } from '../../engine/version.js';
import { loadExperimentFile } from '../../runner/experiment.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { bootstrapFlags, revisionFlag, type StatsFlags } from '../analysis-flags.js';
import { resolveExperiment, resolveRevision } from '../../analysis/store-reader.js';
import { readReportRows } from '../../analysis/report/store-input.js';
import { CliError, EXIT_OK } from '../errors.js';
import { withStoreErrors } from '../store-errors.js';
import { writeOutputFile } from '../output-file.js';
import { dbOption } from '../flags.js';

interface ReportFlags extends StatsFlags {
  output: string;
  baseline?: string;
  metric?: string[];
  pool?: boolean;
  revision?: string;
  db?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report (tables and charts, works offline) for a stored experiment')
    .argument('<experiment>', 'experiment name in the store, or its experiment file')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .option('--baseline <variant>', "variant the others are compared with (default 'baseline', else the first by name)")
    .option('--metric <name>', `a metric (repeat; default ${REPORT_METRICS.join(', ')})`, collect)
    .option('--pool', 'one comparison of all grid points pooled (default: one per grid point)')
    .option('--revision <n>', 'the experiment revision to report (default: the latest)')
    .option('--bootstrap-seed <n>', 'seed of the bootstrap resampling (default 1)')
    .option('--resamples <n>', 'bootstrap resamples (default 2000)')
    .addOption(dbOption())
    .action(async (experiment: string, flags: ReportFlags) => {
      process.exitCode = await withStoreErrors(() => reportCommand(experiment, flags));
    });
}

/** A file argument names the experiment inside it; anything else is a name. */
function experimentName(arg: string): string {
  if (/\.(ya?ml|json)$/i.test(arg) && existsSync(arg)) return loadExperimentFile(arg).name;
  return arg;
}

async function reportCommand(arg: string, flags: ReportFlags): Promise<number> {
  const bootstrap = bootstrapFlags(flags);
  const requested = revisionFlag(flags.revision);
  const store = await openStore(resolveDbPath(flags.db), { readOnly: true });
  let html: string;
  try {
    const c = store.connection;
    const experiment = await resolveExperiment(c, experimentName(arg));
    const metrics = flags.metric ?? [...(experiment.compare.metrics ?? REPORT_METRICS)];
    const baseline = flags.baseline ?? experiment.compare.baseline;
    const revision = await resolveRevision(c, experiment, requested);
    const stored = await readReportRows(c, experiment.experiment_id, revision);
    const { runs } = stored;
    if (runs.length === 0) throw new CliError(`${experiment.name}: no finished runs to report`);
    const variants = new Set(runs.map((r) => r.variant));
    if (baseline !== undefined && !variants.has(baseline)) {
      throw new CliError(`--baseline: no finished runs of variant '${baseline}' (have: ${[...variants].sort().join(', ')})`);
    }
    try {
      html = renderReport(
        buildReportData({
          title: revision > 1 ? `${experiment.name} (revision ${revision})` : experiment.name,
          description: experiment.description,
          generator: `paysim ${ENGINE_VERSION}`,
          ...stored,
          baseline: baseline ?? null,
          metrics,
          bootstrap,
          pool: flags.pool ?? false,
        }),
      );
    } catch (error) {
      if (error instanceof ComparisonError) throw new CliError(`${experiment.name}: ${error.message}`);
      throw error;
    }
  } finally {
    store.close();
  }
  writeOutputFile(flags.output, html);
  process.stderr.write(`report written to ${flags.output}\n`);
  return EXIT_OK;
}
