// Each agent's costs in a trial (the means over the seeds it ran, from run_agents): a proposer
// sees who paid what, not only the objective, so it can reason about why a trial did well.

import type { DuckDBConnection } from '@duckdb/node-api';
import { AGENT_METRICS } from '../../analysis/metrics.js';
import type { AgentBreakdown } from './protocol.js';

export async function agentBreakdown(c: DuckDBConnection, runKeys: readonly string[]): Promise<AgentBreakdown> {
  if (runKeys.length === 0) return {};
  // Column names come from the metric list, never from input.
  const columns = AGENT_METRICS.map((m) => `avg(${m.name}) AS ${m.name}`).join(', ');
  const reader = await c.runAndReadAll(
    `SELECT agent, ${columns} FROM run_agents WHERE list_contains(from_json($1, '["VARCHAR"]'), run_key) GROUP BY agent ORDER BY agent`,
    [JSON.stringify(runKeys)],
  );
  const out: Record<string, Record<string, number>> = {};
  for (const row of reader.getRowObjectsJS()) {
    out[String(row['agent'])] = Object.fromEntries(AGENT_METRICS.map((m) => [m.name, Number(row[m.name])]));
  }
  return out;
}
