// `paysim stress SCENARIO|STRESS_FILE`: each participant fails in turn; which failure hurts the
// system most (docs/stress.md). Runs on the worker pool into the store like `paysim liquidity`.

import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { readStressStudy, type StressStudy } from '../../analysis/stress/study.js';
import { stressPage } from '../../analysis/stress/page.js';
import { RANK_METRIC_NAMES, RANK_METRICS, type RankMetric } from '../../analysis/stress/ranking.js';
import { ENGINE_VERSION } from '../../engine/version.js';
import { readDocumentFile } from '../../input/read.js';
import { loadScenario } from '../../config/scenario.js';
import { preloadPaymentFiles } from '../../config/payments/parquet.js';
import { ADHOC_EXPERIMENT } from '../../runner/experiment.js';
import { ProgressBar, type ProgressSink, silentProgress } from '../../runner/progress.js';
import { isStressDocument, readStressFile } from '../../runner/stress/file.js';
import { type PhasePoint, tickPhases } from '../../runner/stress/phases.js';
import { FAILURE_MODES, type FailureMode, type FailureSetting, FLAG_ORIGIN, type ParticipantChoice, type StressSpec } from '../../runner/stress/spec.js';
import { runStress, type StressRuns } from '../../runner/stress/study.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { CliError, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import { dbOption, integerFlag, numberFlag, positiveInteger, seedsFlag, workersFlag } from '../flags.js';
import { cents, num, table } from '../format.js';
import { withStoreErrors } from '../store-errors.js';
import { withInterrupt } from '../interrupt.js';
import { writeOutputFile } from '../output-file.js';

interface StressFlags {
  participants?: string;
  top?: string;
  atTick?: string;
  mode?: string;
  duration?: string;
  share?: string;
  announceAfter?: string;
  rejectIncoming?: boolean;
  seeds?: string;
  contagion?: boolean;
  rankBy: string;
  threshold: string;
  experiment?: string;
  html?: string;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  db?: string;
}

export function registerStress(program: Command): void {
  program
    .command('stress')
    .description('stress test: each participant fails in turn, paired with the baseline day on the same seeds; ranks failures by the damage they do (docs/stress.md)')
    .argument('<file>', 'scenario file, or a stress file (a `stress:` section; flags override it)')
    .option('--participants <list>', 'participants that fail, one at a time: all (default) or ids, e.g. B0001,B0002')
    .option('--top <n>', 'the N participants with the largest value sent in the baseline')
    .option('--at-tick <t>', 'tick the failure starts (default: the middle of the first day)')
    .option('--mode <mode>', `how a participant fails: ${FAILURE_MODES.join(', ')} (default default)`)
    .option('--duration <ticks>', 'operational or partial failure: ticks it lasts (default: to the end of the day)')
    .option('--share <x>', 'partial failure: share of its orders by value it still releases, 0 ≤ x ≤ 1')
    .option('--announce-after <ticks>', 'ticks after the failure from which it is public, 0 = at once (default: never)')
    .option('--reject-incoming', 'default with --announce-after: from the announcement the RTGS rejects payments to the failed participant (returned to their senders)')
    .option('--seeds <list>', "seeds, e.g. 1,2,3 or 1-10 (default: the scenario's rng_seed)")
    .option('--contagion', 'multi-day runs: a survivor that ends a day short of its obligations fails the next day in the same mode')
    .option('--rank-by <metric>', `what ranks the failures: ${RANK_METRIC_NAMES.join(', ')}`, 'unsettled_value')
    .option('--threshold <cents>', 'a survivor is secondarily affected when its unsettled value or central-bank credit exceeds the baseline\'s by more than this', '0')
    .option('--experiment <name>', 'experiment name in the store (default stress-<scenario name>)')
    .option('--html <file>', 'write the ranking, the heat map and the phases chart as a self-contained HTML page')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress bar on stderr')
    .option('--workers <n>', 'worker threads (default: the available cores)')
    .addOption(dbOption())
    .action(async (file: string, flags: StressFlags) => {
      process.exitCode = await stressCommand(file, flags);
    });
}

async function stressCommand(file: string, flags: StressFlags): Promise<number> {
  const spec = await stressSpec(file, flags);
  const rankBy = parseRankBy(flags.rankBy);
  const threshold = integerFlag('--threshold', flags.threshold, 'a number of cents ≥ 0', 0);
  const workers = workersFlag(flags.workers);
  const talk = !flags.quiet && process.stderr.isTTY === true;
  const progress = talk ? (total: number): ProgressSink => new ProgressBar(total) : (): ProgressSink => silentProgress;
  const started = performance.now();
  const db = resolveDbPath(flags.db);
  const runs: StressRuns = await withInterrupt(talk, (signal) => withStoreErrors(() => runStress(spec, { db, workers, progress, signal })));
  const study = await withStoreErrors(async () => {
    const store = await openStore(db, { readOnly: true });
    try {
      return await readStressStudy(store.connection, runs, { rankBy, thresholds: { unsettled_value: threshold, cb_credit: threshold } });
    } finally {
      store.close();
    }
  });
  const top = study.ranking[0];
  const topRun = top === undefined ? undefined : runs.failures.find((f) => f.agent === top.agent);
  const phases = topRun === undefined || runs.interrupted ? null : { agent: topRun.agent, seed: topRun.seed, ticks: tickPhases(runs.planner, topRun.failures, topRun.seed, threshold) };
  const wallMs = performance.now() - started;
  const setting = settingText(spec.failure);
  if (flags.html !== undefined) {
    writeOutputFile(flags.html, stressPage({ study, scenario: spec.scenarioFile, setting, generator: `paysim ${ENGINE_VERSION}`, phases }));
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...jsonResult(spec, runs, study, phases), wall_ms: Math.round(wallMs) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${textResult(spec, runs, study, phases, setting, wallMs, workers)}\n`);
  }
  if (runs.failed.length > 0) {
    process.stderr.write(`${runs.failed.length} run(s) failed, e.g. ${runs.failed[0]!.variant} seed ${runs.failed[0]!.seed}: ${runs.failed[0]!.error}\n`);
  }
  if (runs.interrupted) return EXIT_INTERRUPTED;
  return runs.failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** The study from flags alone (a scenario) or from a stress file with flags over it. */
async function stressSpec(file: string, flags: StressFlags): Promise<StressSpec> {
  const doc = readDocumentFile(file);
  const fromFile = isStressDocument(doc) ? readStressFile(doc, file) : null;
  const scenarioFile = fromFile?.scenarioFile ?? file;
  const needScenario = (flags.seeds === undefined && (fromFile?.seeds ?? null) === null) || (flags.atTick === undefined && fromFile === null);
  // The planner loads the scenario synchronously: a Parquet payment file is read here first.
  await preloadPaymentFiles([scenarioFile]);
  const scenario = needScenario ? (await loadScenario(scenarioFile)).config.simulation : null;
  const participants = participantsFlag(flags) ?? fromFile?.participants ?? { kind: 'all' };
  const base = fromFile?.failure;
  const failure: FailureSetting = withoutUndefined({
    at_tick: flags.atTick !== undefined ? integerFlag('--at-tick', flags.atTick, 'a tick ≥ 0', 0) : (base?.at_tick ?? Math.floor(scenario!.ticks_per_day / 2)),
    mode: flags.mode !== undefined ? parseMode(flags.mode) : (base?.mode ?? 'default'),
    duration: flags.duration !== undefined ? positiveInteger('--duration', flags.duration) : base?.duration,
    share: flags.share !== undefined ? numberFlag('--share', flags.share, 'a share 0 ≤ x ≤ 1', (x) => x >= 0 && x <= 1) : base?.share,
    announce_after: flags.announceAfter !== undefined ? integerFlag('--announce-after', flags.announceAfter, 'a number of ticks ≥ 0', 0) : base?.announce_after,
    reject_incoming: flags.rejectIncoming === true ? true : base?.reject_incoming,
  });
  const experiment = flags.experiment ?? fromFile?.experiment ?? `stress-${basename(scenarioFile, extname(scenarioFile))}`;
  if (experiment === ADHOC_EXPERIMENT) throw new CliError(`--experiment: '${ADHOC_EXPERIMENT}' is reserved for runs stored by \`paysim run\``);
  // A flag overrides the file, and names itself in a problem; the file's settings name their path.
  const fileOrigin = fromFile?.origin;
  const flagged = {
    participants: flags.participants !== undefined || flags.top !== undefined,
    at_tick: flags.atTick !== undefined,
    mode: flags.mode !== undefined,
    duration: flags.duration !== undefined,
    share: flags.share !== undefined,
    announce_after: flags.announceAfter !== undefined,
    reject_incoming: flags.rejectIncoming !== undefined,
    seeds: flags.seeds !== undefined,
    contagion: flags.contagion !== undefined,
  } as Record<string, boolean>;
  return {
    scenarioFile,
    experiment,
    seeds: flags.seeds !== undefined ? seedsFlag(flags.seeds) : (fromFile?.seeds ?? [scenario!.rng_seed]),
    participants,
    failure,
    contagion: flags.contagion ?? fromFile?.contagion ?? false,
    origin: fileOrigin === undefined ? FLAG_ORIGIN : (field, index) => ((flagged[field === 'top' ? 'participants' : field] ?? false) ? FLAG_ORIGIN(field, index) : fileOrigin(field, index)),
  };
}

function participantsFlag(flags: StressFlags): ParticipantChoice | null {
  if (flags.participants !== undefined && flags.top !== undefined) throw new CliError('--participants and --top: give one of them');
  if (flags.top !== undefined) return { kind: 'top', n: positiveInteger('--top', flags.top) };
  if (flags.participants === undefined) return null;
  if (flags.participants.trim() === 'all') return { kind: 'all' };
  const agents = flags.participants.split(',').map((p) => p.trim());
  if (agents.some((a) => a === '')) throw new CliError(`--participants: expected all or participant ids separated by commas, got '${flags.participants}'`);
  return { kind: 'list', agents };
}

function parseMode(text: string): FailureMode {
  if (!(FAILURE_MODES as readonly string[]).includes(text)) throw new CliError(`--mode: expected one of ${FAILURE_MODES.join(', ')}, got '${text}'`);
  return text as FailureMode;
}

function parseRankBy(text: string): RankMetric {
  if (!(RANK_METRIC_NAMES as readonly string[]).includes(text)) throw new CliError(`--rank-by: expected one of ${RANK_METRIC_NAMES.join(', ')}, got '${text}'`);
  return text as RankMetric;
}

function withoutUndefined<T extends object>(x: T): T {
  return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as T;
}

function settingText(f: FailureSetting): string {
  const parts = [`mode ${f.mode} at tick ${f.at_tick}`];
  if (f.duration !== undefined) parts.push(`for ${f.duration} ticks`);
  if (f.share !== undefined) parts.push(`releasing ${f.share} of its value`);
  if (f.announce_after !== undefined) parts.push(f.announce_after === 0 ? 'announced at once' : `announced after ${f.announce_after} ticks`);
  if (f.reject_incoming === true) parts.push('payments to it rejected from the announcement');
  return parts.join(', ');
}

function phaseSummary(phases: { readonly ticks: readonly PhasePoint[] }): { peak_trapped: PhasePoint; peak_q2: PhasePoint; peak_affected: PhasePoint } | null {
  if (phases.ticks.length === 0) return null;
  const peak = (pick: (p: PhasePoint) => number): PhasePoint => phases.ticks.reduce((best, p) => (pick(p) > pick(best) ? p : best));
  return { peak_trapped: peak((p) => p.trapped), peak_q2: peak((p) => p.q2_value - p.q2_value_baseline), peak_affected: peak((p) => p.affected) };
}

function jsonResult(spec: StressSpec, runs: StressRuns, study: StressStudy, phases: { agent: string; seed: string; ticks: readonly PhasePoint[] } | null): Record<string, unknown> {
  return {
    experiment: study.experiment,
    scenario: spec.scenarioFile,
    failure: spec.failure,
    contagion: spec.contagion,
    seeds: spec.seeds,
    participants: runs.participants,
    rank_by: study.rank_by,
    thresholds: study.thresholds,
    baseline: study.baseline,
    ranking: study.ranking,
    heatmap: study.heatmap,
    phases,
    unpaired: study.unpaired,
    runs_run: runs.ran,
    runs_already_stored: runs.skipped,
    failed: runs.failed,
    interrupted: runs.interrupted,
  };
}

function textResult(
  spec: StressSpec,
  runs: StressRuns,
  study: StressStudy,
  phases: { agent: string; seed: string; ticks: readonly PhasePoint[] } | null,
  setting: string,
  wallMs: number,
  workers: number,
): string {
  const metric = RANK_METRICS[study.rank_by];
  const show = (x: number): string => (metric.unit === 'cents' ? cents(Math.round(x)) : num(x));
  const out = [
    `paysim stress ${spec.scenarioFile}: experiment ${study.experiment}, ${runs.participants.length} participant(s) failing one at a time (${setting}), ` +
      `${spec.seeds.length} seed(s); ${runs.ran} run(s) run and ${runs.skipped} already stored in ${(wallMs / 1000).toFixed(1)} s with ${workers} worker(s)`,
    `Baseline (mean over ${study.baseline.seeds} seed(s)): unsettled ${cents(Math.round(study.baseline.unsettled_value))} in ${num(study.baseline.unsettled_count, 1)} payment(s), ` +
      `value-weighted delay ${num(study.baseline.delay_value_weighted)} ticks`,
    '',
    `Ranking by ${metric.label} (change against the baseline on the same seed; mean, 95% paired t interval)`,
    table(
      ['rank', 'failed', 'change', '95% CI', 'unsettled (own excl.)', 'Δ to failed', 'Δ knock-on', 'Δ count', 'affected', 'largest deterioration', 'smallest', 'Δ delay', 'Δ CB credit', 'trapped'],
      study.ranking.map((r) => [
        String(r.rank),
        r.agent,
        show(r.change),
        r.ci === null ? '-' : `${show(r.ci[0])} … ${show(r.ci[1])}`,
        cents(Math.round(r.unsettled_value)),
        cents(Math.round(r.to_failed_change)),
        cents(Math.round(r.knock_on_value_change)),
        num(r.unsettled_count_change, 1),
        r.affected.length === 0 ? '0' : `${num(r.affected_banks, 1)}: ${r.affected.slice(0, 3).map((a) => a.agent).join(' ')}${r.affected.length > 3 ? ' …' : ''}`,
        r.deterioration_largest === null ? '-' : `${cents(Math.round(r.deterioration_largest.value))} ${r.deterioration_largest.agent}`,
        r.deterioration_smallest === null ? '-' : `${cents(Math.round(r.deterioration_smallest.value))} ${r.deterioration_smallest.agent}`,
        num(r.delay_change),
        cents(Math.round(r.cb_credit_change)),
        cents(Math.round(r.trapped)),
      ]),
    ),
  ];
  if (spec.contagion) {
    out.push('', 'Contagion: ' + study.ranking.map((r) => `${r.agent} ${r.contagion_rounds} round(s)${r.contagion_failed.length > 0 ? ` (${r.contagion_failed.join(' ')})` : ''}`).join('; '));
  }
  const summary = phases === null ? null : phaseSummary(phases);
  if (phases !== null && summary !== null) {
    out.push(
      '',
      `Phases of the top failure (${phases.agent}, seed ${phases.seed}): liquidity trapped peaks at ${cents(summary.peak_trapped.trapped)} (tick ${summary.peak_trapped.tick}); ` +
        `Q2 exceeds the baseline's most by ${cents(summary.peak_q2.q2_value - summary.peak_q2.q2_value_baseline)} (tick ${summary.peak_q2.tick}); ` +
        (summary.peak_affected.affected === 0 ? 'no other bank\'s Q2 above its baseline\'s' : `${summary.peak_affected.affected} other bank(s) with Q2 above the baseline's at most (tick ${summary.peak_affected.tick})`),
    );
  }
  if (study.unpaired > 0) out.push('', `${study.unpaired} failure run(s) left out: not finished, or their seed's baseline not finished`);
  return out.join('\n').trimEnd();
}
