// Named analyses (`paysim query NAME`, runner.md §6): plain SQL over the documented tables, so each
// can be read, copied and adapted in any DuckDB client. Every query takes an optional experiment
// filter ($experiment; NULL = all experiments) and a revision ($revision; NULL = each experiment's
// latest), and only looks at runs with status 'ok'. Grid points are listed in the grid's order
// (numbers numerically, from run_params), not as params_json text.

import { type DuckDBType, INTEGER, VARCHAR } from '@duckdb/node-api';
import { COST_KINDS, LSM_SETTLED_BY, SETTLED_BY } from '../engine/vocabulary.js';

export interface NamedQuery {
  readonly name: string;
  /** One line for `--list`. */
  readonly summary: string;
  /** What it computes and how to read it (printed by `paysim query NAME --describe`). */
  readonly description: string;
  readonly sql: string;
}

/**
 * Runs of the chosen experiment(s) and revision that finished, with two sort keys of their grid
 * point: the numeric values (path order), then the texts.
 */
const OK_RUNS = `SELECT r.*, x.revision,
       (SELECT list(p.value_double ORDER BY p.path) FROM run_params p WHERE p.run_key = r.run_key) AS grid_order,
       (SELECT list(p.value_text ORDER BY p.path) FROM run_params p WHERE p.run_key = r.run_key) AS grid_text
FROM runs r JOIN run_context x USING (run_key)
WHERE r.status = 'ok' AND ($experiment IS NULL OR r.experiment_id = $experiment)
  AND x.revision = coalesce($revision, (SELECT max(x2.revision) FROM run_context x2 JOIN runs r2 USING (run_key)
                                        WHERE r2.experiment_id = r.experiment_id))`;

/** The grid point columns to group by, which are also the order to list them in. */
const GRID = 'grid_order, grid_text, params_json';

export const NAMED_QUERIES: readonly NamedQuery[] = [
  {
    name: 'settlement-by-variant',
    summary: 'settlement rate (count and value) by experiment, variant and grid point',
    description:
      'For each experiment, variant and grid point (params_json): number of runs, mean, standard deviation, ' +
      'minimum and maximum of the settlement rate by count, the mean settlement rate by value, and the mean ' +
      'number of payments left unsettled at the end. Rates are fractions in 0..1.',
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT experiment_id, variant, ${GRID}, count(*) AS runs,
       avg(settlement_rate) AS rate_mean, stddev_samp(settlement_rate) AS rate_sd,
       min(settlement_rate) AS rate_min, max(settlement_rate) AS rate_max,
       avg(settlement_rate_value) AS value_rate_mean, avg(unsettled) AS unsettled_mean
FROM r GROUP BY ALL)
SELECT experiment_id, variant, params_json, runs, rate_mean, rate_sd, rate_min, rate_max, value_rate_mean, unsettled_mean
FROM s ORDER BY experiment_id, variant, ${GRID}`,
  },
  {
    name: 'cost-by-agent',
    summary: 'mean cost per run by kind, for each agent, variant and grid point',
    description:
      'From run_agents (each agent\'s end-of-run costs): for each experiment, variant, grid point and agent, the ' +
      `mean per run of each cost kind (${COST_KINDS.join(', ')}) and of the total, ` +
      'in cents, over the runs that finished.',
    // One column per cost kind of the engine's vocabulary, so a new kind cannot be left out.
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT r.experiment_id, r.variant, r.grid_order, r.grid_text, r.params_json, a.agent, count(*) AS runs,
       ${COST_KINDS.map((kind) => `avg(a.cost_${kind}) AS ${kind}`).join(', ')},
       avg(a.total_cost) AS total
FROM r JOIN run_agents a USING (run_key) GROUP BY ALL)
SELECT experiment_id, variant, params_json, agent, runs, ${COST_KINDS.join(', ')}, total
FROM s ORDER BY experiment_id, variant, ${GRID}, agent`,
  },
  {
    name: 'delay-distribution',
    summary: 'settlement delay percentiles (ticks) by variant and grid point',
    description:
      'From transactions: payment orders (parent_id IS NULL) that settled, pooled over the runs of each ' +
      'experiment, variant and grid point. Delay = settled_tick − arrival_tick. Shows count, mean, p50, p90, ' +
      'p95, p99 (nearest rank) and max. Needs `outputs.transactions` (on by default).',
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT r.experiment_id, r.variant, r.grid_order, r.grid_text, r.params_json, count(*) AS settled, avg(t.delay) AS mean,
       quantile_disc(t.delay, 0.5) AS p50, quantile_disc(t.delay, 0.9) AS p90,
       quantile_disc(t.delay, 0.95) AS p95, quantile_disc(t.delay, 0.99) AS p99, max(t.delay) AS max
FROM r JOIN transactions t USING (run_key)
WHERE t.status = 'settled' AND t.parent_id IS NULL GROUP BY ALL)
SELECT experiment_id, variant, params_json, settled, mean, p50, p90, p95, p99, max
FROM s ORDER BY experiment_id, variant, ${GRID}`,
  },
  {
    name: 'lsm-contribution',
    summary: `share of settlements made by each mechanism (${SETTLED_BY.join(', ')})`,
    description:
      'From runs: for each experiment, variant and grid point, the share of all settlements made by each ' +
      `mechanism (${SETTLED_BY.map((m) => `${m}_share`).join(', ')}): on entry (rtgs), by the Q2 retry ` +
      '(queue), by the liquidity-saving mechanisms (bilateral offsetting, cycles, multilateral batches) and ' +
      `by the end-of-day backstop; plus lsm_share = ${LSM_SETTLED_BY.join(' + ')}. Split children count as ` +
      'one settlement each.',
    // One column per settlement mechanism of the engine's vocabulary, so none can be left out.
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT experiment_id, variant, ${GRID}, count(*) AS runs,
             ${SETTLED_BY.map((m) => `sum(settled_${m}) AS ${m}`).join(', ')}
      FROM r GROUP BY ALL),
t AS (SELECT *, ${SETTLED_BY.join(' + ')} AS total FROM s)
SELECT experiment_id, variant, params_json, runs, total AS settlements,
       ${SETTLED_BY.map((m) => `${m} / nullif(total, 0) AS ${m}_share`).join(', ')},
       (${LSM_SETTLED_BY.join(' + ')}) / nullif(total, 0) AS lsm_share
FROM t ORDER BY experiment_id, variant, ${GRID}`,
  },
  {
    name: 'liquidity-vs-settlement',
    summary: 'peak liquidity used against settlement rate along the swept axis, with their correlation',
    description:
      'For each experiment, variant and grid point (in the grid\'s numeric order): mean peak liquidity used ' +
      '(largest day of Σ agents\' net debit, cents), mean settlement rate and mean total cost over the seeds; and ' +
      'corr_along_grid, the Pearson correlation of those two means across the grid points of the variant — along ' +
      'the swept axis, not across seeds (the same value on each row of a variant; NULL with fewer than two grid ' +
      'points or no variation).',
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT experiment_id, variant, ${GRID}, count(*) AS runs,
       avg(peak_liquidity_used) AS liquidity_mean, avg(settlement_rate) AS rate_mean, avg(total_cost) AS cost_mean
FROM r GROUP BY ALL)
SELECT experiment_id, variant, params_json, runs, liquidity_mean, rate_mean, cost_mean,
       corr(liquidity_mean, rate_mean) OVER (PARTITION BY experiment_id, variant) AS corr_along_grid
FROM s ORDER BY experiment_id, variant, ${GRID}`,
  },
  {
    name: 'liquidity-by-agent',
    summary: 'each bank\'s liquidity bounds and the liquidity it used, by variant and grid point',
    description:
      'From agent_days (docs/liquidity.md): for each experiment, variant, grid point and agent, over its ' +
      'agent-days: mean upper bound (liquidity that settles every order on arrival), mean lower bound ' +
      '(max(0, the day\'s net outflow of orders)), mean and largest liquidity used (opening − lowest balance), ' +
      'used ÷ upper bound (NULL when the bound is 0), mean opening balance and mean value unsettled at the ' +
      'end of the day, all in cents. Needs `outputs.agent_days` (on by default) and a store of schema 3.',
    sql: `WITH r AS (${OK_RUNS})
SELECT r.experiment_id, r.variant, r.params_json, d.agent, count(*) AS agent_days,
       avg(d.liquidity_upper_bound) AS upper_bound, avg(d.liquidity_lower_bound) AS lower_bound,
       avg(d.liquidity_used) AS used_mean, max(d.liquidity_used) AS used_max,
       sum(d.liquidity_used) / nullif(sum(d.liquidity_upper_bound), 0) AS used_share_of_upper,
       avg(d.opening_balance) AS opening_mean, avg(d.unsettled_eod_value) AS unsettled_eod_value_mean
FROM r JOIN agent_days d USING (run_key)
WHERE d.liquidity_upper_bound IS NOT NULL
GROUP BY ALL ORDER BY r.experiment_id, r.variant, r.params_json, d.agent`,
  },
  {
    name: 'gridlock-episodes',
    summary: 'gridlock: runs of ticks where Q2 grew while nothing settled',
    description:
      'From transactions: a gridlock tick is a tick at which at least one payment entered the central queue ' +
      '(submitted at that tick and not settled at it) while no payment settled at all. An episode is a run of ' +
      'consecutive gridlock ticks. Per experiment, variant and grid point: runs, share_runs_with_gridlock (the fraction 0..1 of runs with an episode), ' +
      'mean episodes and gridlock ticks per run, and the longest episode. Needs `outputs.transactions`.',
    sql: `WITH r AS (${OK_RUNS}),
queued AS (SELECT run_key, submitted_tick AS tick FROM transactions JOIN r USING (run_key)
           WHERE submitted_tick IS NOT NULL AND (settled_tick IS NULL OR settled_tick > submitted_tick)
           GROUP BY ALL),
settled AS (SELECT DISTINCT run_key, settled_tick AS tick FROM transactions JOIN r USING (run_key)
            WHERE settled_tick IS NOT NULL),
grid AS (SELECT q.run_key, q.tick FROM queued q ANTI JOIN settled s ON s.run_key = q.run_key AND s.tick = q.tick),
islands AS (SELECT run_key, tick, tick - row_number() OVER (PARTITION BY run_key ORDER BY tick) AS island FROM grid),
episodes AS (SELECT run_key, island, count(*) AS length FROM islands GROUP BY ALL),
per_run AS (SELECT r.run_key, r.experiment_id, r.variant, r.grid_order, r.grid_text, r.params_json,
                   count(e.island) AS episodes, coalesce(sum(e.length), 0) AS ticks, coalesce(max(e.length), 0) AS longest
            FROM r LEFT JOIN episodes e USING (run_key) GROUP BY ALL),
s AS (SELECT experiment_id, variant, ${GRID}, count(*) AS runs,
       avg((episodes > 0)::INTEGER) AS share_runs_with_gridlock, avg(episodes) AS episodes_mean,
       avg(ticks) AS gridlock_ticks_mean, max(longest) AS longest_episode
FROM per_run GROUP BY ALL)
SELECT experiment_id, variant, params_json, runs, share_runs_with_gridlock, episodes_mean, gridlock_ticks_mean, longest_episode
FROM s ORDER BY experiment_id, variant, ${GRID}`,
  },
  {
    name: 'policy-ranking',
    summary: 'variants ranked by mean total cost, with 95% intervals',
    description:
      'For each experiment and grid point, variants ranked by mean total cost per run (lowest first), with a ' +
      '95% interval mean ± 1.96·sd/√n (normal approximation over independent runs; `paysim compare` gives ' +
      'paired intervals on the same seeds) and the mean settlement rate with its interval.',
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT experiment_id, ${GRID}, variant, count(*) AS runs,
             avg(total_cost) AS cost_mean, stddev_samp(total_cost) AS cost_sd,
             avg(settlement_rate) AS rate_mean, stddev_samp(settlement_rate) AS rate_sd
      FROM r GROUP BY ALL)
SELECT experiment_id, params_json,
       rank() OVER (PARTITION BY experiment_id, params_json ORDER BY cost_mean) AS rank, variant, runs,
       cost_mean, cost_mean - 1.96 * cost_sd / sqrt(runs) AS cost_lo, cost_mean + 1.96 * cost_sd / sqrt(runs) AS cost_hi,
       rate_mean, rate_mean - 1.96 * rate_sd / sqrt(runs) AS rate_lo, rate_mean + 1.96 * rate_sd / sqrt(runs) AS rate_hi
FROM s ORDER BY experiment_id, ${GRID}, rank`,
  },
  {
    name: 'failed-runs',
    summary: 'runs that failed, with their error',
    description: 'Every run stored with status \'failed\' (they are retried by the next sweep of their experiment).',
    sql: `SELECT r.experiment_id, x.revision, r.variant, r.params_json, r.seed, r.run_key, r.error FROM runs r JOIN run_context x USING (run_key)
WHERE r.status = 'failed' AND ($experiment IS NULL OR r.experiment_id = $experiment) AND ($revision IS NULL OR x.revision = $revision)
ORDER BY r.experiment_id, x.revision, r.variant, r.params_json, r.seed`,
  },
  {
    name: 'experiments',
    summary: 'experiments in the store with run counts',
    description: 'Each experiment with its description, its latest revision and the number of runs of that revision stored ok and failed.',
    sql: `WITH latest AS (SELECT experiment_id, max(revision) AS revision FROM experiment_revisions GROUP BY ALL),
runs_rev AS (SELECT r.experiment_id, r.status, x.revision FROM runs r JOIN run_context x USING (run_key))
SELECT e.experiment_id, e.description, e.created_at, coalesce($revision, l.revision, 1) AS revision,
       count(r.status) FILTER (WHERE r.status = 'ok') AS ok, count(r.status) FILTER (WHERE r.status = 'failed') AS failed
FROM experiments e LEFT JOIN latest l USING (experiment_id)
LEFT JOIN runs_rev r ON r.experiment_id = e.experiment_id AND r.revision = coalesce($revision, l.revision, 1)
WHERE $experiment IS NULL OR e.experiment_id = $experiment
GROUP BY ALL ORDER BY e.experiment_id`,
  },
  {
    name: 'liquidity-game-equilibria',
    summary: "two-bank liquidity game: each bank's best response and the grid's pure equilibria",
    description:
      'For experiments that vary agents[ID].initial_liquidity_fraction of two agents (engine.md §9b; e.g. ' +
      'experiments/castro-liquidity-game.yaml): each agent\'s cost is its total_cost from run_agents, averaged over ' +
      'seeds. Rows of kind best_response: for each agent and each fraction the other agent chose (given_fraction), ' +
      'the fractions that minimise the agent\'s cost (several when tied) and that cost. Rows of kind equilibrium: ' +
      'the grid points where each agent\'s fraction is a best response to the other\'s (pure Nash equilibria of ' +
      'the grid), one row per agent with its fraction and its cost there. Costs in cents.',
    sql: `WITH r AS (${OK_RUNS}),
pos AS (
  SELECT r.experiment_id, r.run_key, r.params_json, a.agent, a.total_cost,
         TRY_CAST(json_extract(r.params_json, '$."agents[' || a.agent || '].initial_liquidity_fraction"') AS DOUBLE) AS fraction
  FROM r JOIN run_agents a USING (run_key)),
cell AS (
  SELECT p.experiment_id, p.params_json, p.agent, p.fraction, o.agent AS other, o.fraction AS other_fraction,
         avg(p.total_cost) AS cost
  FROM pos p JOIN pos o ON o.run_key = p.run_key AND o.agent <> p.agent
  WHERE p.fraction IS NOT NULL AND o.fraction IS NOT NULL
  GROUP BY ALL),
best AS (SELECT experiment_id, agent, other, other_fraction, min(cost) AS best_cost FROM cell GROUP BY ALL),
scored AS (SELECT c.*, c.cost = b.best_cost AS is_best, b.best_cost FROM cell c JOIN best b USING (experiment_id, agent, other, other_fraction)),
equilibria AS (SELECT experiment_id, params_json FROM scored GROUP BY ALL HAVING bool_and(is_best))
SELECT 'equilibrium' AS kind, s.experiment_id, s.agent, s.other AS given_agent, s.other_fraction AS given_fraction,
       [s.fraction] AS fractions, s.cost
FROM scored s JOIN equilibria e USING (experiment_id, params_json)
UNION ALL
SELECT 'best_response', experiment_id, agent, other, other_fraction, list(fraction ORDER BY fraction), min(best_cost)
FROM scored WHERE is_best GROUP BY experiment_id, agent, other, other_fraction
ORDER BY kind DESC, experiment_id, agent, given_fraction`,
  },
];

/** The parameters every named query takes, with their types (NULL: all experiments, latest revision). */
export function queryParams(experiment: string | null, revision: number | null): {
  params: Record<string, string | number | null>;
  types: Record<string, DuckDBType>;
} {
  return { params: { experiment, revision }, types: { experiment: VARCHAR, revision: INTEGER } };
}

export function namedQuery(name: string): NamedQuery | undefined {
  return NAMED_QUERIES.find((q) => q.name === name);
}
