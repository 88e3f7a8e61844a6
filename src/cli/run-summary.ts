// The human summary of one run, as `paysim run` prints it.

import type { RunSummary } from '../engine/results.js';
import { MECHANISMS } from '../engine/metrics.js';
import { cents, num, percent, table } from './format.js';

export interface RunHeader {
  readonly scenario: string;
  readonly seed: string;
  readonly ticksPerDay: number;
  readonly wallMs: number;
}

export function formatRunSummary(header: RunHeader, s: RunSummary): string {
  const out: string[] = [];
  const lsmSettled = s.settled_by.bilateral + s.settled_by.cycle + s.settled_by.multilateral;
  const settlements = MECHANISMS.reduce((sum, m) => sum + s.settled_by[m], 0);
  out.push(
    `paysim run ${header.scenario}: seed ${header.seed}, ${s.ticks} ticks (${s.days} day(s) of ${header.ticksPerDay}), ` +
      `${s.num_agents} agents, ${header.wallMs.toFixed(0)} ms`,
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
    `Settlement rate: ${percent(s.settlement_rate)} by count, ${percent(s.settlement_rate_value)} by value`,
    `Settled by: ${MECHANISMS.map((m) => `${m} ${s.settled_by[m]}`).join(', ')}` +
      (settlements > 0 ? ` (LSM ${percent(lsmSettled / settlements)} of settlements)` : ''),
    `Delay (ticks, settled orders): mean ${num(s.delay_mean)}, p50 ${num(s.delay_p50)}, p95 ${num(s.delay_p95)}, max ${num(s.delay_max)}`,
    `Delay, value-weighted: ${num(s.delay_value_weighted)} ticks; delay indicator ${num(s.delay_indicator, 3)} (0 none … 1 all held to the end of the day)`,
    `Settled value by: ${MECHANISMS.map((m) => `${m} ${cents(s.settled_value_by[m])}`).join(', ')}`,
    `Liquidity used (peak day, Σ agents' largest net debit): ${cents(s.peak_liquidity_used)}`,
    `Liquidity bounds (peak day, Σ agents): upper ${cents(s.liquidity_upper_bound)}, lower ${cents(s.liquidity_lower_bound)}` +
      (s.liquidity_upper_bound > 0 ? `; used = ${percent(s.peak_liquidity_used / s.liquidity_upper_bound)} of upper` : ''),
    `Turnover ÷ liquidity used: ${num(s.turnover_liquidity_ratio)}`,
    '',
    'Costs by kind',
    table(
      ['overdraft', 'collateral', 'delay', 'split', 'deadline', 'eod', 'total'],
      [
        [
          cents(s.costs.overdraft),
          cents(s.costs.collateral),
          cents(s.costs.delay),
          cents(s.costs.split),
          cents(s.costs.deadline),
          cents(s.costs.eod),
          cents(s.total_cost),
        ],
      ],
    ),
    '',
    'Agents (final balances and costs)',
    table(
      ['agent', 'balance', 'credit', 'collateral', 'overdraft', 'coll. cost', 'delay', 'split', 'deadline', 'eod', 'total cost'],
      s.agents.map((a) => [
        a.agent,
        cents(a.balance),
        cents(a.credit_limit),
        cents(a.posted_collateral),
        cents(a.cost_overdraft),
        cents(a.cost_collateral),
        cents(a.cost_delay),
        cents(a.cost_split),
        cents(a.cost_deadline),
        cents(a.cost_eod),
        cents(a.total_cost),
      ]),
    ),
  );
  return out.join('\n');
}
