// `paysim replay`: shadow replay of stored runs with candidate policies, stored as a new variant,
// compared with the originals, and a verdict (runner.md §5). Exit 0 accept, 1 reject, 2 error.

import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { ComparisonError } from '../../analysis/compare.js';
import { metricInfo } from '../../analysis/metrics.js';
import { decide } from '../../analysis/verdict.js';
import type { ResolvedPolicy } from '../../policy/resolve.js';
import { ProgressBar } from '../../runner/progress.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { alphaFlag, bootstrapFlags, fractionFlag, revisionFlag, type StatsFlags } from '../analysis-flags.js';
import { readAgentRows, readRuns, resolveExperiment, resolveRevision } from '../../analysis/store-reader.js';
import { readReplaySources } from '../../runner/stored-runs.js';
import { comparisonText, verdictText } from '../comparison-text.js';
import { CliError, EXIT_FAILED, EXIT_OK } from '../errors.js';
import { candidatePolicy } from '../candidate-policy.js';
import { dbOption, workersFlag } from '../flags.js';
import { replayIntoStore, sourceAgents } from '../../runner/replay.js';
import { withStoreErrors } from '../store-errors.js';

interface ReplayFlags extends StatsFlags {
  experiment?: string;
  variant?: string;
  policy?: string[];
  as?: string;
  metric?: string;
  alpha?: string;
  maxSettlementDrop?: string;
  maxAgentCostRise?: string;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  revision?: string;
  db?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('shadow replay: re-run stored runs with candidate policies on the same payments, compare, and give a verdict')
    .option('--experiment <name>', 'experiment in the store (default: the only one)')
    .option('--variant <name>', "the stored variant to replay (default 'baseline', or the only variant)")
    .option('--policy <agent=file>', 'candidate policy for an agent: a policy file or a built-in type (repeat for several agents)', collect)
    .option('--as <name>', 'name of the new variant (default replay-<hash of the candidate policies>)')
    .option('--metric <name>', 'the metric that must improve (default total_cost)')
    .option('--alpha <a>', 'significance level of the paired t test (default 0.05)')
    .option('--max-settlement-drop <x>', 'reject if the settlement rate falls by more than x in any pair (0.01 or 1%)')
    .option('--max-agent-cost-rise <y>', "reject if any agent's mean total cost rises by more than y (0.05 or 5%)")
    .option('--bootstrap-seed <n>', 'seed of the bootstrap resampling (default 1)')
    .option('--resamples <n>', 'bootstrap resamples (default 2000)')
    .option('--json', 'print one JSON document (shape: docs/replay.md)')
    .option('--revision <n>', 'the experiment revision whose runs are replayed (default: the latest)')
    .option('--workers <n>', 'worker threads (default: available cores)')
    .option('--quiet', 'no progress on stderr')
    .addOption(dbOption())
    .action(async (flags: ReplayFlags) => {
      process.exitCode = await withStoreErrors(() => replayCommand(flags));
    });
}

/** A short, stable name for a set of swaps: the same candidates always get the same variant. */
function defaultVariantName(swaps: ReadonlyMap<string, ResolvedPolicy>): string {
  if (swaps.size === 0) return 'replay-original';
  const text = [...swaps].sort(([a], [b]) => (a < b ? -1 : 1)).map(([agent, p]) => `${agent}=${p.hash}`).join(',');
  return `replay-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
}

async function replayCommand(flags: ReplayFlags): Promise<number> {
  const alpha = alphaFlag(flags.alpha);
  const metric = flags.metric ?? 'total_cost';
  if (metricInfo(metric) === undefined) throw new CliError(`--metric: unknown metric '${metric}' (see docs/compare.md)`);
  const guards = {
    maxSettlementDrop: fractionFlag('--max-settlement-drop', flags.maxSettlementDrop),
    maxAgentCostRise: fractionFlag('--max-agent-cost-rise', flags.maxAgentCostRise),
  };
  const bootstrap = bootstrapFlags(flags);
  const requested = revisionFlag(flags.revision);
  const swaps = new Map<string, ResolvedPolicy>();
  for (const text of flags.policy ?? []) {
    const { agent, policy } = candidatePolicy(text);
    if (swaps.has(agent)) throw new CliError(`--policy: agent '${agent}' given twice`);
    swaps.set(agent, policy);
  }
  const store = await openStore(resolveDbPath(flags.db));
  try {
    const c = store.connection;
    const experiment = await resolveExperiment(c, flags.experiment);
    const revision = await resolveRevision(c, experiment, requested);
    const variants = [...new Set((await readRuns(c, experiment.experiment_id, revision)).runs.map((r) => r.variant))].sort();
    const source = flags.variant ?? (variants.includes('baseline') ? 'baseline' : variants.length === 1 ? variants[0]! : undefined);
    if (source === undefined) throw new CliError(`${experiment.name}: several variants (${variants.join(', ')}); choose one with --variant`);
    const sources = await readReplaySources(c, experiment.experiment_id, revision, source);
    if (sources.length < 2) throw new CliError(`${experiment.name}: variant '${source}' has ${sources.length} finished run(s); a replay needs at least 2 to compare`);
    const ids = new Set(sourceAgents(sources[0]!));
    for (const agent of swaps.keys()) {
      if (!ids.has(agent)) throw new CliError(`--policy: no agent '${agent}' in the scenario (agents: ${[...ids].sort().join(', ')})`);
    }
    const variant = flags.as ?? defaultVariantName(swaps);
    if (variant === source) throw new CliError(`--as: '${variant}' is the variant being replayed`);

    const talk = !flags.quiet && process.stderr.isTTY === true;
    const bar = talk ? new ProgressBar(sources.length) : null;
    const done = await replayIntoStore(store, {
      experimentId: experiment.experiment_id,
      sources,
      swaps,
      variant,
      workers: workersFlag(flags.workers),
      ...(bar ? { onProgress: (n: number) => bar.update(n, 0) } : {}),
    });
    bar?.finish();
    if (done.failed.length > 0) {
      const first = done.failed[0]!;
      throw new CliError(
        `${done.failed.length} replayed run(s) failed; first: seed ${first.seed}: ${first.error}`,
        EXIT_FAILED,
      );
    }

    const { runs } = await readRuns(c, experiment.experiment_id, revision, [source, variant]);
    const agents = await readAgentRows(c, experiment.experiment_id, revision);
    let result;
    try {
      result = decide({ runs, agents, baseline: source, candidate: variant, metric, alpha, guards, bootstrap });
    } catch (error) {
      if (error instanceof ComparisonError) throw new CliError(`${experiment.name}: ${error.message}`);
      throw error;
    }
    const policies = [...swaps].map(([agent, p]) => ({ agent, policy_id: p.name, policy_sha256: p.hash }));
    if (flags.json) {
      const doc = {
        experiment: experiment.name,
        source_variant: source,
        variant,
        policies,
        replayed: done.replayed,
        reused: done.reused,
        bootstrap,
        verdict: result.verdict,
        comparison: result.comparison,
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      const what = policies.length === 0 ? 'the original policies' : policies.map((p) => `${p.agent}=${p.policy_id}`).join(', ');
      process.stdout.write(
        `replayed ${sources.length} runs of ${experiment.name}/${source} with ${what} as variant '${variant}'` +
          ` (${done.replayed} new, ${done.reused} already stored)\n\n`,
      );
      process.stdout.write(`${comparisonText(result.comparison)}\n\n${verdictText(result.verdict)}\n`);
    }
    return result.verdict.decision === 'accept' ? EXIT_OK : EXIT_FAILED;
  } finally {
    store.close();
  }
}
