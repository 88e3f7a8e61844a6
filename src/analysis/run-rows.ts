// Engine results as comparison rows, for runs made in this process (tests, an in-process replay)
// rather than read back from the store: the same metric names as the store's `runs` and
// `run_agents` columns.

import type { RunSummary } from '../engine/results.js';
import { summaryColumns } from '../store/runs-columns.js';
import type { AgentMetricRow, RunMetricRow } from './pairing.js';

export interface RunIdentityFields {
  readonly run_key: string;
  readonly variant: string;
  readonly seed: string;
  readonly params_json?: string;
}

export function runMetricRow(id: RunIdentityFields, summary: RunSummary): RunMetricRow {
  return { run_key: id.run_key, variant: id.variant, seed: id.seed, params_json: id.params_json ?? '{}', metrics: summaryColumns(summary) };
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
