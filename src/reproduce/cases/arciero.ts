// Arciero, Biancotti, D'Aurizio and Impenna (2009): after a participant stops paying, an RTGS goes
// through three phases — a liquidity sink at the failed bank, then rising payment delays, then
// rising failures of others' obligations. The case runs the stress study of its file (`paysim
// stress`'s planner and per-tick phases, runner/stress) on every seed, averages each phase's curve
// over the seeds and checks that the phases begin in the paper's order.

import { cents } from '../../analysis/number-text.js';
import { pairedStats } from '../../analysis/paired.js';
import { readDocumentFile } from '../../input/read.js';
import { readStressFile } from '../../runner/stress/file.js';
import { StressPlanner } from '../../runner/stress/plan.js';
import { type PhasePoint, tickPhases } from '../../runner/stress/phases.js';
import { type Figure, percent, type ReproductionCase } from '../case.js';

export const ARCIERO_CITATION =
  "Arciero, Biancotti, D'Aurizio and Impenna (2009), Exploring agent-based methods for the analysis of payment systems: a crisis model for StarLogo TNG, Journal of Artificial Societies and Social Simulation 12(1) 2";

const FILE = 'arciero-2009.yaml';

/**
 * A phase begins at the first tick from the failure on at which its curve reaches this share of
 * its peak. The three curves have different units (cents held, cents queued, cents failed), so
 * each is measured against its own peak; three shares show the order is not one threshold's.
 */
const ONSET_SHARES = [0.1, 0.25, 0.5] as const;

/**
 * The three phases, each a curve of the failure run against its baseline, tick by tick: liquidity
 * trapped at the failed bank; value queued in Q2 above the baseline's; others' payments failed
 * (dropped at their deadline) above the baseline's, so far.
 */
const PHASES = {
  sink: (p: PhasePoint) => p.trapped,
  delays: (p: PhasePoint) => p.q2_value - p.q2_value_baseline,
  failures: (p: PhasePoint) => p.dropped_value - p.dropped_value_baseline,
} as const;
type Phase = keyof typeof PHASES;

export interface PhaseCurves {
  readonly failedAt: number;
  /** Per phase, the mean over seeds of its curve at each tick. */
  readonly curves: Readonly<Record<Phase, readonly number[]>>;
  /** Per seed: others' value failed by the end of the run, in the failure run and in the baseline. */
  readonly failedEod: ReadonlyArray<{ readonly seed: string; readonly baseline: number; readonly candidate: number }>;
  readonly trappedEod: readonly number[];
}

/** Every seed of the stress file's one failure, run in this process. */
export function phaseCurves(file: string): PhaseCurves {
  const spec = readStressFile(readDocumentFile(file), file);
  if (spec.participants.kind !== 'list' || spec.participants.agents.length !== 1) throw new Error(`${file}: the case needs exactly one participant failing`);
  const seeds = spec.seeds ?? ['1'];
  const planner = new StressPlanner({ ...spec, experiment: spec.experiment ?? 'arciero-2009', seeds });
  const failure = { agent: spec.participants.agents[0]!, at_tick: spec.failure.at_tick };
  const runs = seeds.map((seed) => ({ seed, ticks: tickPhases(planner, [failure], seed) }));
  const mean = (of: (p: PhasePoint) => number): number[] => runs[0]!.ticks.map((_, t) => runs.reduce((s, r) => s + of(r.ticks[t]!), 0) / runs.length);
  return {
    failedAt: failure.at_tick,
    curves: { sink: mean(PHASES.sink), delays: mean(PHASES.delays), failures: mean(PHASES.failures) },
    failedEod: runs.map((r) => ({ seed: r.seed, baseline: r.ticks.at(-1)!.dropped_value_baseline, candidate: r.ticks.at(-1)!.dropped_value })),
    trappedEod: runs.map((r) => r.ticks.at(-1)!.trapped),
  };
}

/** The first tick from `from` on at which the curve reaches `share` of its peak over those ticks (null: it never rises). */
export function onset(curve: readonly number[], from: number, share: number): number | null {
  const peak = Math.max(...curve.slice(from));
  if (!(peak > 0)) return null;
  const i = curve.findIndex((x, t) => t >= from && x >= share * peak);
  return i < 0 ? null : i;
}

export const arciero: ReproductionCase = {
  name: 'arciero-2009',
  title: 'Arciero et al. (2009): the three phases after a participant defaults — a liquidity sink, rising delays, then rising failures',
  citation: ARCIERO_CITATION,
  quick: true,
  files: [FILE],
  async run(context): Promise<Figure[]> {
    const c = phaseCurves(context.path(FILE));
    const after = (t: number | null): string => (t === null ? 'never' : `+${t - c.failedAt}`);
    const order = ONSET_SHARES.map((share): Figure => {
      const [sink, delays, failures] = (['sink', 'delays', 'failures'] as const).map((p) => onset(c.curves[p], c.failedAt, share));
      const inOrder = sink !== null && delays !== null && failures !== null && sink <= delays && delays <= failures && sink < failures;
      return {
        label: `ticks after the default at which each phase reaches ${percent(share, 0)} of its peak (mean of ${c.failedEod.length} seeds): sink / delays / failures`,
        paper: 'sink, then delays, then failures',
        paysim: `${after(sink)} / ${after(delays)} / ${after(failures)}`,
        tolerance: 'in that order (sink before failures)',
        pass: inOrder,
      };
    });
    const rise = pairedStats(
      c.failedEod.map((r) => ({ key: r.seed, ...r })),
      'lower',
    );
    const ci = rise.ci_t;
    const money = (x: number): string => cents(Math.round(x));
    const sinkEverywhere = c.trappedEod.every((x) => x > 0);
    return [
      ...order,
      {
        label: `others' payments failed by the end of the day (dropped at their deadline), cents, mean of ${c.failedEod.length} seeds: baseline → default`,
        paper: 'rise dramatically',
        paysim: `${money(rise.baseline_mean)} → ${money(rise.candidate_mean)} (${rise.baseline_mean > 0 ? `× ${(rise.candidate_mean / rise.baseline_mean).toFixed(2)}` : 'from 0'}; 95 % paired interval of the rise ${ci === null ? '–' : `${money(ci[0])} … ${money(ci[1])}`})`,
        tolerance: 'the interval above 0',
        pass: ci !== null && ci[0] > 0,
      },
      {
        label: 'liquidity trapped at the failed bank at the end of the day (its balance − the baseline\'s), cents',
        paper: 'a liquidity sink',
        paysim: `${money(Math.min(...c.trappedEod))} to ${money(Math.max(...c.trappedEod))} over the seeds`,
        tolerance: '> 0 on every seed',
        pass: sinkEverywhere,
      },
    ];
  },
};
