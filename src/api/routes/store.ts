// Reading stored runs (experiments: routes/experiments.ts). Fixed SQL with bound parameters
// only: no request value becomes SQL text or a file path.

import type { FastifyInstance } from 'fastify';
import type { DuckDBValue } from '@duckdb/node-api';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { rows } from '../store-access.js';

const LIST_COLUMNS =
  'run_key, experiment_id, variant, seed::VARCHAR AS seed, status, scenario, config_hash, started_at, wall_ms, ticks, days, num_agents, ' +
  'arrivals, settled, dropped, settlement_rate, settlement_rate_value, total_cost';

export function storeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  app.get<{ Querystring: { experiment?: string; variant?: string; limit: number; offset: number } }>('/runs', {
    schema: {
      summary: 'stored runs (newest first)',
      tags: ['store'],
      querystring: {
        type: 'object',
        properties: {
          experiment: { type: 'string', description: "experiment id (CLI runs and persisted simulations: 'adhoc')" },
          variant: { type: 'string' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          // Bounded: DuckDB's OFFSET is a 64-bit integer, and 1e30 is an "integer" to JSON Schema.
          offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
        },
      },
    },
  }, async (request) => {
    const { experiment, variant, limit, offset } = request.query;
    const result = await store.read(async (c) => {
      // Optional filters as `$n IS NULL OR …`: the SQL text is the same whatever the request.
      const params: DuckDBValue[] = [experiment ?? null, variant ?? null, limit, offset];
      const where = '($1 IS NULL OR experiment_id = $1) AND ($2 IS NULL OR variant = $2)';
      const total = await rows(c, `SELECT count(*) AS n FROM runs WHERE ${where}`, params.slice(0, 2));
      const page = await rows(c, `SELECT ${LIST_COLUMNS} FROM runs WHERE ${where} ORDER BY started_at DESC, run_key LIMIT $3 OFFSET $4`, params);
      return { total: Number(total[0]!['n']), runs: page };
    });
    return { limit, offset, ...(result ?? { total: 0, runs: [] }) };
  });

  app.get<{ Params: { run_key: string } }>('/runs/:run_key', {
    schema: {
      summary: 'one stored run: its summary row, per-agent totals and policies',
      tags: ['store'],
      params: { type: 'object', required: ['run_key'], properties: { run_key: { type: 'string' } } },
    },
  }, async (request) => {
    const key = request.params.run_key;
    const result = await store.read(async (c) => {
      const run = await rows(c, 'SELECT * EXCLUDE (seed), seed::VARCHAR AS seed FROM runs WHERE run_key = $1', [key]);
      if (run.length === 0) return null;
      const agents = await rows(c, 'SELECT * EXCLUDE (run_key) FROM run_agents WHERE run_key = $1 ORDER BY agent', [key]);
      const policies = await rows(
        c,
        'SELECT rp.agent, rp.policy_sha256, p.name FROM run_policies rp LEFT JOIN policies p USING (policy_sha256) WHERE rp.run_key = $1 ORDER BY rp.agent',
        [key],
      );
      return { run: run[0]!, agents, policies };
    });
    if (result === null) throw notFound(`no stored run '${key}'`);
    return result;
  });
}
