// What a stress study reads back from the store for each of its runs: per agent, over the run,
// the value and count it left unsettled, the central-bank credit it used, its lowest liquidity, its
// closing balance and the value it received; per run, the value-weighted delay. From `agent_days`, `run_agents` and `runs`.

import type { DuckDBConnection } from '@duckdb/node-api';
import { rows } from '../../store/read.js';

export interface AgentStressFigures {
  /**
   * Value of its payment orders not settled by the end of the run: dropped on any day, or still
   * queued (Q1 or Q2) at the end of the last day. One day: what was left unsettled at the end of it.
   */
  readonly unsettled_value: number;
  readonly unsettled_count: number;
  /**
   * Central-bank credit: its largest overdraft (its credit line, and the end-of-day backstop's
   * lending, which leaves the balance below it) plus the most it owed the central bank's facility
   * and emergency loans (`cb_exposure_peak`). The facility lends only once the credit line is used
   * up, so the two peaks usually coincide; where they do not, the sum bounds its credit from above.
   */
  readonly cb_credit: number;
  /** Lowest balance over the run plus its credit (credit limit and posted collateral): its liquidity at its tightest. */
  readonly lowest_liquidity: number;
  readonly closing_balance: number;
  /** Value of the payments it received over the run (settled to it). */
  readonly received_value: number;
}

export interface StressRunFigures {
  readonly run_key: string;
  readonly ok: boolean;
  readonly delay_value_weighted: number | null;
  readonly agents: ReadonlyMap<string, AgentStressFigures>;
}

/** The figures of these runs, by run key (runs not stored are absent; failed runs have no agents). */
export async function readStressRuns(c: DuckDBConnection, runKeys: readonly string[]): Promise<Map<string, StressRunFigures>> {
  const keys = JSON.stringify(runKeys);
  const runs = await rows(
    c,
    `SELECT run_key, status, delay_value_weighted FROM runs WHERE list_contains(from_json($1, '["VARCHAR"]'), run_key)`,
    [keys],
  );
  const agents = await rows(
    c,
    `WITH d AS (
       SELECT run_key, agent,
              sum(dropped_value) + arg_max(coalesce(unsettled_eod_value, 0), day) AS unsettled_value,
              sum(dropped) + arg_max(unsettled_eod, day) AS unsettled_count,
              max(peak_overdraft) + max(coalesce(cb_exposure_peak, 0)) AS cb_credit,
              min(min_balance) AS min_balance,
              arg_max(closing_balance, day) AS closing_balance,
              sum(received_value) AS received_value
       FROM agent_days WHERE list_contains(from_json($1, '["VARCHAR"]'), run_key) GROUP BY run_key, agent)
     SELECT d.*, a.credit_limit + a.posted_collateral AS credit
     FROM d JOIN run_agents a USING (run_key, agent) ORDER BY run_key, agent`,
    [keys],
  );
  const byRun = new Map<string, Map<string, AgentStressFigures>>();
  for (const r of agents) {
    const key = String(r['run_key']);
    if (!byRun.has(key)) byRun.set(key, new Map());
    byRun.get(key)!.set(String(r['agent']), {
      unsettled_value: Number(r['unsettled_value']),
      unsettled_count: Number(r['unsettled_count']),
      cb_credit: Number(r['cb_credit']),
      lowest_liquidity: Number(r['min_balance']) + Number(r['credit']),
      closing_balance: Number(r['closing_balance']),
      received_value: Number(r['received_value']),
    });
  }
  return new Map(
    runs.map((r) => {
      const key = String(r['run_key']);
      const delay = r['delay_value_weighted'];
      return [key, { run_key: key, ok: r['status'] === 'ok', delay_value_weighted: delay === null || delay === undefined ? null : Number(delay), agents: byRun.get(key) ?? new Map() }];
    }),
  );
}
