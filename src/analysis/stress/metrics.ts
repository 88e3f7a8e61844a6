// The damage of one failure on one seed, against the baseline of the same seed (docs/stress.md):
// what the survivors left unsettled (the failed participant's own payments excluded), who was hit
// secondarily, how far each survivor's liquidity fell, the delay, the central bank's credit and
// the liquidity trapped at the failed participant. Plain figures in, plain figures out.

import type { AgentStressFigures, StressRunFigures } from './store-rows.js';

/** A survivor and a figure of it. */
export interface BankFigure {
  readonly agent: string;
  readonly value: number;
}

export interface FailureMetrics {
  readonly agent: string;
  readonly seed: string;
  /** Σ over every agent but the failed participant: value and count not settled by the end of the run. */
  readonly unsettled_value: number;
  readonly unsettled_value_baseline: number;
  readonly unsettled_count: number;
  readonly unsettled_count_baseline: number;
  /**
   * Of the change in unsettled value, the survivors' payments *to* the failed participant: what
   * it received in the baseline − in this run. Exact, because both runs see the same payment
   * orders (common random numbers): every order to it is either received or left unsettled.
   */
  readonly to_failed_change: number;
  /** Survivors secondarily affected, by id; with how much more value each left unsettled than in the baseline. */
  readonly affected: readonly BankFigure[];
  /** Per survivor: baseline's lowest liquidity − this run's (> 0: worse); the largest and the smallest. */
  readonly deterioration_largest: BankFigure | null;
  readonly deterioration_smallest: BankFigure | null;
  /** Value-weighted delay of settled payments, this run − baseline (ticks); null when either has none. */
  readonly delay_change: number | null;
  /** Σ over survivors of central-bank credit (largest overdraft + backstop lending). */
  readonly cb_credit: number;
  readonly cb_credit_baseline: number;
  /** The failed participant's closing balance − the baseline's: what it received and did not pay on. */
  readonly trapped: number;
  readonly rounds: number;
  /** Survivors that failed in contagion rounds. */
  readonly contagion: readonly string[];
}

/** A survivor counts as secondarily affected when one of its figures exceeds the baseline's by more than these (cents). */
export interface AffectedThresholds {
  readonly unsettled_value: number;
  readonly cb_credit: number;
}

export const DEFAULT_THRESHOLDS: AffectedThresholds = { unsettled_value: 0, cb_credit: 0 };

const ZERO: AgentStressFigures = { unsettled_value: 0, unsettled_count: 0, cb_credit: 0, lowest_liquidity: 0, closing_balance: 0, received_value: 0 };

export function failureMetrics(
  failure: { readonly agent: string; readonly seed: string; readonly rounds: number; readonly contagion: readonly string[] },
  run: StressRunFigures,
  baseline: StressRunFigures,
  thresholds: AffectedThresholds = DEFAULT_THRESHOLDS,
): FailureMetrics {
  let unsettledValue = 0;
  let unsettledValueBase = 0;
  let unsettledCount = 0;
  let unsettledCountBase = 0;
  let credit = 0;
  let creditBase = 0;
  const affected: BankFigure[] = [];
  let largest: BankFigure | null = null;
  let smallest: BankFigure | null = null;
  const agents = [...baseline.agents.keys()].sort();
  for (const agent of agents) {
    if (agent === failure.agent) continue;
    const b = baseline.agents.get(agent)!;
    const s = run.agents.get(agent) ?? ZERO;
    unsettledValue += s.unsettled_value;
    unsettledValueBase += b.unsettled_value;
    unsettledCount += s.unsettled_count;
    unsettledCountBase += b.unsettled_count;
    credit += s.cb_credit;
    creditBase += b.cb_credit;
    const more = s.unsettled_value - b.unsettled_value;
    if (more > thresholds.unsettled_value || s.cb_credit - b.cb_credit > thresholds.cb_credit) affected.push({ agent, value: more });
    const fall = b.lowest_liquidity - s.lowest_liquidity;
    if (largest === null || fall > largest.value) largest = { agent, value: fall };
    if (smallest === null || fall < smallest.value) smallest = { agent, value: fall };
  }
  const failed = run.agents.get(failure.agent) ?? ZERO;
  const failedBase = baseline.agents.get(failure.agent) ?? ZERO;
  return {
    agent: failure.agent,
    seed: failure.seed,
    unsettled_value: unsettledValue,
    unsettled_value_baseline: unsettledValueBase,
    unsettled_count: unsettledCount,
    unsettled_count_baseline: unsettledCountBase,
    to_failed_change: failedBase.received_value - failed.received_value,
    affected,
    deterioration_largest: largest,
    deterioration_smallest: smallest,
    delay_change: run.delay_value_weighted === null || baseline.delay_value_weighted === null ? null : run.delay_value_weighted - baseline.delay_value_weighted,
    cb_credit: credit,
    cb_credit_baseline: creditBase,
    trapped: failed.closing_balance - failedBase.closing_balance,
    rounds: failure.rounds,
    contagion: failure.contagion,
  };
}
