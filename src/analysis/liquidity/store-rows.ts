// What `paysim report` draws of liquidity analytics, read from the store: the frontier of an
// experiment made by `paysim liquidity` (runs whose grid point has an `alpha`) and the intraday
// throughput curve of any experiment that stored it.

import type { DuckDBConnection } from '@duckdb/node-api';
import { rows } from '../store-reader.js';
import { FIGURE_COLUMNS, type FrontierRun, runFigures } from '../../runner/liquidity/figures.js';
import type { LsmSetting } from '../../runner/liquidity/frontier-plan.js';

export interface ThroughputPoint {
  /** The line: the variant, with the grid point when the experiment has several. */
  readonly series: string;
  /** Tick of the day. */
  readonly tick: number;
  /** Mean over runs and days of the share of the day's arrived value settled by the end of this tick. */
  readonly settled_share: number;
  /** … and of the share that had arrived by then. */
  readonly arrived_share: number;
}

/**
 * Whether the store has schema 3's liquidity columns: a store written by an older paysim and
 * opened read-only (not migrated) has neither the columns nor the throughput table.
 */
async function hasLiquiditySchema(c: DuckDBConnection): Promise<boolean> {
  const found = await rows(
    c,
    `SELECT count(*) AS n FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_name = 'throughput' AND column_name = 'settled_share'`,
  );
  return Number(found[0]!['n']) > 0;
}

/**
 * Every finished frontier run with its liquidity (Σ banks' opening balance on the first day) and
 * its Σ upper bounds over the horizon, as the frontier sets liquidity (bank-bounds.ts).
 */
export async function readFrontierRuns(c: DuckDBConnection, experimentId: string): Promise<FrontierRun[]> {
  if (!(await hasLiquiditySchema(c))) return [];
  const out = await rows(
    c,
    `WITH r AS (SELECT *, CAST(json_extract(params_json, '$.alpha') AS DOUBLE) AS alpha FROM runs
                WHERE experiment_id = $1 AND status = 'ok' AND json_extract(params_json, '$.alpha') IS NOT NULL),
     reach AS (SELECT d.run_key, d.agent, d.day, d.opening_balance,
                      d.liquidity_upper_bound + coalesce(sum(d.net_order_outflow) OVER (PARTITION BY d.run_key, d.agent ORDER BY d.day
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS reach
               FROM agent_days d JOIN r USING (run_key)),
     banks AS (SELECT run_key, agent, greatest(0, max(reach)) AS upper, arg_min(opening_balance, day) AS opening
               FROM reach GROUP BY ALL),
     sums AS (SELECT run_key, sum(upper) AS upper, sum(opening) AS liquidity FROM banks GROUP BY run_key)
     SELECT r.variant, r.seed, r.alpha, s.liquidity, s.upper, ${FIGURE_COLUMNS}
     FROM r JOIN sums s USING (run_key) ORDER BY r.variant, r.alpha, r.seed`,
    [experimentId],
  );
  return out.map((r) => ({
    point: {
      variant: String(r['variant']) as LsmSetting,
      seed: String(r['seed']),
      alpha: Number(r['alpha']),
      liquidity: Number(r['liquidity']),
      upper: Number(r['upper']),
    },
    figures: runFigures(r),
  }));
}

/** Mean throughput curve per variant (and grid point, when the experiment has several) and tick of the day. */
export async function readThroughput(c: DuckDBConnection, experimentId: string): Promise<ThroughputPoint[]> {
  if (!(await hasLiquiditySchema(c))) return [];
  const out = await rows(
    c,
    `WITH r AS (SELECT run_key, variant, params_json FROM runs WHERE experiment_id = $1 AND status = 'ok'),
     t AS (SELECT t.*, r.variant, r.params_json,
                  max(t.arrived_value) OVER (PARTITION BY t.run_key, t.day) AS day_total
           FROM throughput t JOIN r USING (run_key))
     SELECT variant, params_json, tick, avg(settled_share) AS settled_share,
            avg(arrived_value / nullif(day_total, 0)) AS arrived_share
     FROM t GROUP BY ALL ORDER BY variant, params_json, tick`,
    [experimentId],
  );
  const points = new Set(out.map((r) => String(r['params_json'])));
  return out
    .filter((r) => r['settled_share'] !== null)
    .map((r) => ({
      series: points.size > 1 ? `${String(r['variant'])} ${String(r['params_json'])}` : String(r['variant']),
      tick: Number(r['tick']),
      settled_share: Number(r['settled_share']),
      arrived_share: Number(r['arrived_share'] ?? 0),
    }));
}
