// Engine results as comparison rows, for runs made in this process (tests, an in-process replay)
// rather than read back from the store: the same metric names as the store's `runs` and
// `run_agents` columns.

import type { RunSummary } from '../engine/results.js';
import type { AgentMetricRow, RunMetricRow } from './pairing.js';

export interface RunIdentityFields {
  readonly run_key: string;
  readonly variant: string;
  readonly seed: string;
  readonly params_json?: string;
}

/** The summary flattened to the `runs` metric columns. */
export function summaryMetrics(s: RunSummary): Record<string, number | null> {
  return {
    ticks: s.ticks,
    arrivals: s.arrivals,
    arrived_value: s.arrived_value,
    settled: s.settled,
    settled_value: s.settled_value,
    dropped: s.dropped,
    dropped_value: s.dropped_value,
    unsettled: s.unsettled,
    unsettled_value: s.unsettled_value,
    settlement_rate: s.settlement_rate,
    settlement_rate_value: s.settlement_rate_value,
    delay_mean: s.delay_mean,
    delay_p50: s.delay_p50,
    delay_p95: s.delay_p95,
    delay_max: s.delay_max,
    peak_liquidity_used: s.peak_liquidity_used,
    cost_overdraft: s.costs.overdraft,
    cost_collateral: s.costs.collateral,
    cost_delay: s.costs.delay,
    cost_split: s.costs.split,
    cost_deadline: s.costs.deadline,
    cost_eod: s.costs.eod,
    total_cost: s.total_cost,
  };
}

export function runMetricRow(id: RunIdentityFields, summary: RunSummary): RunMetricRow {
  return { run_key: id.run_key, variant: id.variant, seed: id.seed, params_json: id.params_json ?? '{}', metrics: summaryMetrics(summary) };
}

export function agentMetricRows(runKey: string, summary: RunSummary): AgentMetricRow[] {
  return summary.agents.map((a) => ({
    run_key: runKey,
    agent: a.agent,
    metrics: {
      cost_overdraft: a.cost_overdraft,
      cost_collateral: a.cost_collateral,
      cost_delay: a.cost_delay,
      cost_split: a.cost_split,
      cost_deadline: a.cost_deadline,
      cost_eod: a.cost_eod,
      total_cost: a.total_cost,
    },
  }));
}
