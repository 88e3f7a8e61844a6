// Named analyses (`paysim query NAME`, runner.md §6): plain SQL over the documented tables, so each
// can be read, copied and adapted in any DuckDB client. Every query takes an optional experiment
// filter ($experiment; NULL = all experiments) and only looks at runs with status 'ok'.

export interface NamedQuery {
  readonly name: string;
  /** One line for `--list`. */
  readonly summary: string;
  /** What it computes and how to read it (printed by `paysim query NAME --describe`). */
  readonly description: string;
  readonly sql: string;
}

/** Runs of the chosen experiment(s) that finished. */
const OK_RUNS = `SELECT * FROM runs WHERE status = 'ok' AND ($experiment IS NULL OR experiment_id = $experiment)`;

export const NAMED_QUERIES: readonly NamedQuery[] = [
  {
    name: 'settlement-by-variant',
    summary: 'settlement rate (count and value) by experiment, variant and grid point',
    description:
      'For each experiment, variant and grid point (params_json): number of runs, mean, standard deviation, ' +
      'minimum and maximum of the settlement rate by count, the mean settlement rate by value, and the mean ' +
      'number of payments left unsettled at the end. Rates are fractions in 0..1.',
    sql: `WITH r AS (${OK_RUNS})
SELECT experiment_id, variant, params_json, count(*) AS runs,
       avg(settlement_rate) AS rate_mean, stddev_samp(settlement_rate) AS rate_sd,
       min(settlement_rate) AS rate_min, max(settlement_rate) AS rate_max,
       avg(settlement_rate_value) AS value_rate_mean, avg(unsettled) AS unsettled_mean
FROM r GROUP BY ALL ORDER BY experiment_id, variant, params_json`,
  },
  {
    name: 'cost-by-agent',
    summary: 'mean cost per run by kind, for each agent, variant and grid point',
    description:
      'From run_agents (each agent\'s end-of-run costs): for each experiment, variant, grid point and agent, the ' +
      'mean per run of each cost kind (overdraft, collateral, delay, split, deadline, end-of-day) and of the total, ' +
      'in cents, over the runs that finished.',
    sql: `WITH r AS (${OK_RUNS})
SELECT r.experiment_id, r.variant, r.params_json, a.agent, count(*) AS runs,
       avg(a.cost_overdraft) AS overdraft, avg(a.cost_collateral) AS collateral, avg(a.cost_delay) AS delay,
       avg(a.cost_split) AS split, avg(a.cost_deadline) AS deadline, avg(a.cost_eod) AS eod,
       avg(a.total_cost) AS total
FROM r JOIN run_agents a USING (run_key)
GROUP BY ALL ORDER BY r.experiment_id, r.variant, r.params_json, a.agent`,
  },
  {
    name: 'delay-distribution',
    summary: 'settlement delay percentiles (ticks) by variant and grid point',
    description:
      'From transactions: payment orders (parent_id IS NULL) that settled, pooled over the runs of each ' +
      'experiment, variant and grid point. Delay = settled_tick − arrival_tick. Shows count, mean, p50, p90, ' +
      'p95, p99 (nearest rank) and max. Needs `outputs.transactions` (on by default).',
    sql: `WITH r AS (${OK_RUNS})
SELECT r.experiment_id, r.variant, r.params_json, count(*) AS settled, avg(t.delay) AS mean,
       quantile_disc(t.delay, 0.5) AS p50, quantile_disc(t.delay, 0.9) AS p90,
       quantile_disc(t.delay, 0.95) AS p95, quantile_disc(t.delay, 0.99) AS p99, max(t.delay) AS max
FROM r JOIN transactions t USING (run_key)
WHERE t.status = 'settled' AND t.parent_id IS NULL
GROUP BY ALL ORDER BY r.experiment_id, r.variant, r.params_json`,
  },
  {
    name: 'lsm-contribution',
    summary: 'share of settlements made by each mechanism (RTGS, queue, LSM bilateral/cycle/multilateral)',
    description:
      'From runs: for each experiment, variant and grid point, the share of all settlements made on entry ' +
      '(rtgs), by the Q2 retry (queue), and by the liquidity-saving mechanisms (bilateral offsetting, cycles, ' +
      'multilateral batches), plus lsm_share = their sum. Split children count as one settlement each.',
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT experiment_id, variant, params_json, count(*) AS runs,
             sum(settled_rtgs) AS rtgs, sum(settled_queue) AS queue, sum(settled_bilateral) AS bilateral,
             sum(settled_cycle) AS cycle, sum(settled_multilateral) AS multilateral
      FROM r GROUP BY ALL),
t AS (SELECT *, rtgs + queue + bilateral + cycle + multilateral AS total FROM s)
SELECT experiment_id, variant, params_json, runs, total AS settlements,
       rtgs / nullif(total, 0) AS rtgs_share, queue / nullif(total, 0) AS queue_share,
       bilateral / nullif(total, 0) AS bilateral_share, cycle / nullif(total, 0) AS cycle_share,
       multilateral / nullif(total, 0) AS multilateral_share,
       (bilateral + cycle + multilateral) / nullif(total, 0) AS lsm_share
FROM t ORDER BY experiment_id, variant, params_json`,
  },
  {
    name: 'liquidity-vs-settlement',
    summary: 'peak liquidity used against settlement rate, with their correlation across runs',
    description:
      'For each experiment, variant and grid point: mean peak liquidity used (largest day of Σ agents\' net ' +
      'debit, cents), mean settlement rate, mean total cost, and the Pearson correlation across runs between ' +
      'peak liquidity and settlement rate (NULL with fewer than two runs or no variation).',
    sql: `WITH r AS (${OK_RUNS})
SELECT experiment_id, variant, params_json, count(*) AS runs,
       avg(peak_liquidity_used) AS liquidity_mean, avg(settlement_rate) AS rate_mean,
       avg(total_cost) AS cost_mean, corr(peak_liquidity_used, settlement_rate) AS corr_liquidity_rate
FROM r GROUP BY ALL ORDER BY experiment_id, variant, params_json`,
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
      'consecutive gridlock ticks. Per experiment, variant and grid point: runs, share of runs with an episode, ' +
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
per_run AS (SELECT r.run_key, r.experiment_id, r.variant, r.params_json,
                   count(e.island) AS episodes, coalesce(sum(e.length), 0) AS ticks, coalesce(max(e.length), 0) AS longest
            FROM r LEFT JOIN episodes e USING (run_key) GROUP BY ALL)
SELECT experiment_id, variant, params_json, count(*) AS runs,
       avg((episodes > 0)::INTEGER) AS runs_with_gridlock, avg(episodes) AS episodes_mean,
       avg(ticks) AS gridlock_ticks_mean, max(longest) AS longest_episode
FROM per_run GROUP BY ALL ORDER BY experiment_id, variant, params_json`,
  },
  {
    name: 'policy-ranking',
    summary: 'variants ranked by mean total cost, with 95% intervals',
    description:
      'For each experiment and grid point, variants ranked by mean total cost per run (lowest first), with a ' +
      '95% interval mean ± 1.96·sd/√n (normal approximation over independent runs; `paysim compare` gives ' +
      'paired intervals on the same seeds) and the mean settlement rate with its interval.',
    sql: `WITH r AS (${OK_RUNS}),
s AS (SELECT experiment_id, params_json, variant, count(*) AS runs,
             avg(total_cost) AS cost_mean, stddev_samp(total_cost) AS cost_sd,
             avg(settlement_rate) AS rate_mean, stddev_samp(settlement_rate) AS rate_sd
      FROM r GROUP BY ALL)
SELECT experiment_id, params_json,
       rank() OVER (PARTITION BY experiment_id, params_json ORDER BY cost_mean) AS rank, variant, runs,
       cost_mean, cost_mean - 1.96 * cost_sd / sqrt(runs) AS cost_lo, cost_mean + 1.96 * cost_sd / sqrt(runs) AS cost_hi,
       rate_mean, rate_mean - 1.96 * rate_sd / sqrt(runs) AS rate_lo, rate_mean + 1.96 * rate_sd / sqrt(runs) AS rate_hi
FROM s ORDER BY experiment_id, params_json, rank`,
  },
  {
    name: 'failed-runs',
    summary: 'runs that failed, with their error',
    description: 'Every run stored with status \'failed\' (they are retried by the next sweep of their experiment).',
    sql: `SELECT experiment_id, variant, params_json, seed, run_key, error FROM runs
WHERE status = 'failed' AND ($experiment IS NULL OR experiment_id = $experiment)
ORDER BY experiment_id, variant, params_json, seed`,
  },
  {
    name: 'experiments',
    summary: 'experiments in the store with run counts',
    description: 'Each experiment with its description and the number of runs stored ok and failed.',
    sql: `SELECT e.experiment_id, e.description, e.created_at,
       count(r.run_key) FILTER (WHERE r.status = 'ok') AS ok, count(r.run_key) FILTER (WHERE r.status = 'failed') AS failed
FROM experiments e LEFT JOIN runs r USING (experiment_id)
WHERE $experiment IS NULL OR e.experiment_id = $experiment
GROUP BY ALL ORDER BY e.experiment_id`,
  },
];

export function namedQuery(name: string): NamedQuery | undefined {
  return NAMED_QUERIES.find((q) => q.name === name);
}
