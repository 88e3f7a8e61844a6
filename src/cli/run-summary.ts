// The human summary of one run, as `paysim run` prints it.

import type { RunSummary } from '../engine/results.js';
import { COST_KINDS, type CostKind, MECHANISMS } from '../engine/metrics.js';
import type { SettledBy } from '../engine/vocabulary.js';
import { cents, num, percent, table } from './format.js';

export interface RunHeader {
  readonly scenario: string;
  readonly seed: string;
  readonly ticksPerDay: number;
  /** Settlement designs switched on (engine/designs.ts describeDesigns); none: no line. */
  readonly designs?: readonly string[];
  readonly wallMs: number;
  /** At most this many bank rows (`--agents N`): those with the largest total cost; absent: all. */
  readonly agentRows?: number;
}

/** Mechanisms and cost kinds of the liquidity-game designs (engine.md §9b): shown only when a run has them. */
const OPTIONAL_MECHANISMS: ReadonlySet<SettledBy> = new Set(['backstop']);
const OPTIONAL_COST_KINDS: ReadonlySet<CostKind> = new Set(['liquidity', 'backstop', 'cb_credit']);
const AGENT_COST_HEADER: Partial<Record<CostKind, string>> = { collateral: 'coll. cost', liquidity: 'liq. cost', cb_credit: 'CB credit cost' };

function shownCostKinds(s: RunSummary): CostKind[] {
  return COST_KINDS.filter((k) => !OPTIONAL_COST_KINDS.has(k) || s.costs[k] !== 0);
}

/** The summary for `--json`: a rate of nothing (0 of 0) is null, not 0. */
export function summaryJson(s: RunSummary): Omit<RunSummary, 'settlement_rate' | 'settlement_rate_value'> & {
  settlement_rate: number | null;
  settlement_rate_value: number | null;
} {
  return {
    ...s,
    settlement_rate: s.arrivals === 0 ? null : s.settlement_rate,
    settlement_rate_value: s.arrived_value === 0 ? null : s.settlement_rate_value,
  };
}

export function formatRunSummary(header: RunHeader, s: RunSummary): string {
  const out: string[] = [];
  const kinds = shownCostKinds(s);
  const lsmSettled = s.settled_by.bilateral + s.settled_by.cycle + s.settled_by.multilateral;
  const mechanisms = MECHANISMS.filter((m) => !OPTIONAL_MECHANISMS.has(m) || s.settled_by[m] > 0);
  const settlements = MECHANISMS.reduce((sum, m) => sum + s.settled_by[m], 0);
  out.push(
    `paysim run ${header.scenario}: seed ${header.seed}, ${s.ticks} ticks (${s.days} day(s) of ${header.ticksPerDay}), ` +
      `${s.num_agents} agents, ${header.wallMs.toFixed(0)} ms`,
    ...(header.designs !== undefined && header.designs.length > 0 ? [`Settlement designs: ${header.designs.join('; ')}`] : []),
    '',
    'Payments (payment orders; money in cents)',
    table(
      ['', 'count', 'value'],
      [
        ['arrivals', String(s.arrivals), cents(s.arrived_value)],
        ['settled', String(s.settled), cents(s.settled_value)],
        ['dropped', String(s.dropped), cents(s.dropped_value)],
        ['unsettled in Q1', String(s.unsettled_q1), cents(s.unsettled_q1_value)],
        ['unsettled in Q2', String(s.unsettled_q2), cents(s.unsettled_q2_value)],
      ],
    ),
    '',
    `Settlement rate: ${s.arrivals === 0 ? 'n/a' : percent(s.settlement_rate)} by count, ${s.arrived_value === 0 ? 'n/a' : percent(s.settlement_rate_value)} by value` +
      (s.arrivals === 0 ? ' (no payment arrived)' : ''),
    `Settled by: ${mechanisms.map((m) => `${m} ${s.settled_by[m]}`).join(', ')}` +
      (settlements > 0 ? ` (LSM ${percent(lsmSettled / settlements)} of settlements)` : ''),
    `Delay (ticks, settled orders): mean ${num(s.delay_mean)}, p50 ${num(s.delay_p50)}, p95 ${num(s.delay_p95)}, max ${num(s.delay_max)}`,
    `Delay, value-weighted: ${num(s.delay_value_weighted)} ticks; delay indicator ${num(s.delay_indicator, 3)} (0 none … 1 all held to the end of the day)`,
    `Settled value by: ${MECHANISMS.map((m) => `${m} ${cents(s.settled_value_by[m])}`).join(', ')}`,
    `Liquidity used (peak day, Σ agents' largest net debit): ${cents(s.peak_liquidity_used)}`,
    `Liquidity bounds (peak day, Σ agents): upper ${cents(s.liquidity_upper_bound)}, lower ${cents(s.liquidity_lower_bound)}` +
      (s.liquidity_upper_bound > 0 ? `; used = ${percent(s.peak_liquidity_used / s.liquidity_upper_bound)} of upper` : ''),
    `Turnover ÷ liquidity used: ${num(s.turnover_liquidity_ratio)}`,
    // The central bank's lending (docs/engine.md): a line only when it lent.
    ...(s.cb_exposure_peak > 0
      ? [
          `Central-bank credit: exposure peak ${cents(s.cb_exposure_peak)}, overnight ${cents(s.cb_exposure_eod)}; ` +
            `drawn ${cents(s.cb_drawn)}, emergency ${cents(s.cb_injected)}, repaid ${cents(s.cb_repaid)}`,
        ]
      : []),
    ...(s.liquidity_by_day.length > 1
      ? [
          '',
          'Liquidity by day (Σ agents)',
          table(
            ['day', 'upper bound', 'lower bound', 'used', 'unsettled at end', 'value'],
            s.liquidity_by_day.map((d) => [
              String(d.day),
              cents(d.liquidity_upper_bound),
              cents(d.liquidity_lower_bound),
              cents(d.liquidity_used),
              String(d.unsettled_eod),
              cents(d.unsettled_eod_value),
            ]),
          ),
        ]
      : []),
    '',
    'Costs by kind',
    table([...kinds, 'total'], [[...kinds.map((k) => cents(s.costs[k])), cents(s.total_cost)]]),
  );
  const limit = header.agentRows ?? s.agents.length;
  // The costliest first when rows are left out (a stable sort keeps configuration order in ties).
  const shown = limit >= s.agents.length ? s.agents : [...s.agents].sort((a, b) => b.total_cost - a.total_cost).slice(0, limit);
  const hidden = s.agents.length - shown.length;
  out.push(
    '',
    hidden === 0 ? 'Agents (final balances and costs)' : `Agents (final balances and costs): the ${shown.length} of ${s.agents.length} with the largest total cost (--agents ${limit})`,
    table(
      ['agent', 'balance', 'credit', 'collateral', ...kinds.map((k) => AGENT_COST_HEADER[k] ?? k), 'total cost'],
      shown.map((a) => [
        a.agent,
        cents(a.balance),
        cents(a.credit_limit),
        cents(a.posted_collateral),
        ...kinds.map((k) => cents(a[`cost_${k}`])),
        cents(a.total_cost),
      ]),
    ),
    ...(hidden > 0 ? [`… ${hidden} more agent(s) not shown (every agent: without --agents, or with --json)`] : []),
  );
  return out.join('\n');
}
