// Stored experiments over HTTP: what the store holds, the paired comparison exactly as
// `paysim compare --json` gives it, and the report's charts as Vega-Lite specs (what the web
// viewer's Experiments view draws). The analysis functions are the CLI's own; only the reading of
// query values lives here. Fixed SQL with bound parameters, on the read-only connection.

import type { FastifyInstance } from 'fastify';
import { BOOTSTRAP_RESAMPLES_DEFAULT, BOOTSTRAP_SEED_DEFAULT } from '../../analysis/bootstrap.js';
import { ComparisonError } from '../../analysis/compare.js';
import { readCatalog } from '../../analysis/experiment-catalog.js';
import { compareExperiment, comparisonDocument, otherVariants } from '../../analysis/experiment-comparison.js';
import { DEFAULT_METRICS, REPORT_METRICS } from '../../analysis/metrics.js';
import { buildChartRows } from '../../analysis/report/build.js';
import { chartList } from '../../analysis/report/chart-list.js';
import { readReportRows } from '../../analysis/report/store-input.js';
import { readAgentRows, readRuns } from '../../analysis/store-reader.js';
import type { ApiContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { experimentAt, metricProblems, metricProperty, narrowRuns, refuse, revisionProperty, variantProblems, whereProblems, whereProperty } from '../experiment-query.js';

const nameParams = { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'experiment name' } } } as const;

/** The bootstrap of `paysim compare` without flags: the API offers no others, so its numbers are the CLI's. */
const BOOTSTRAP = { resamples: BOOTSTRAP_RESAMPLES_DEFAULT, seed: String(BOOTSTRAP_SEED_DEFAULT) };

interface ComparisonQuery {
  baseline?: string;
  candidate?: string[];
  metric?: string[];
  by?: 'agent' | 'grid' | 'agent,grid';
  where?: string[];
  pool?: boolean;
  revision?: number;
  confidence?: number;
}

interface ChartsQuery {
  baseline?: string;
  metric?: string[];
  where?: string[];
  revision?: number;
}

const missing = (name: string): Error => notFound(`no experiment '${name}' in the store`);

export function experimentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  app.get('/experiments', {
    schema: { summary: 'stored experiments: revisions, variants, grid points and run counts', tags: ['store'] },
  }, async () => ({ experiments: (await store.read(readCatalog)) ?? [] }));

  app.get<{ Params: { name: string }; Querystring: ComparisonQuery }>('/experiments/:name/comparison', {
    schema: {
      summary: "paired comparison of an experiment's variants, one per grid point (as `paysim compare --json`)",
      tags: ['store'],
      params: nameParams,
      querystring: {
        type: 'object',
        properties: {
          baseline: { type: 'string', description: "default: the experiment's compare.baseline" },
          candidate: { type: 'array', items: { type: 'string' }, description: 'repeat for several; default every other variant' },
          metric: { ...metricProperty, description: `repeatable; default compare.metrics, else ${DEFAULT_METRICS.join(', ')}` },
          by: { type: 'string', enum: ['agent', 'grid', 'agent,grid'], description: "'agent': also per agent (default compare.by)" },
          where: whereProperty,
          pool: { type: 'boolean', description: 'one comparison of all grid points pooled' },
          revision: revisionProperty,
          confidence: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'coverage of the intervals (default 0.95)' },
        },
      },
    },
  }, async (request) => {
    const { name } = request.params;
    const q = request.query;
    const read = await store.read(async (c) => {
      const at = await experimentAt(c, name, q.revision);
      const { runs, failed } = await readRuns(c, at.experiment.experiment_id, at.revision);
      const by = q.by ?? at.experiment.compare.by ?? '';
      const byAgent = by.split(',').map((p) => p.trim()).includes('agent');
      const agents = byAgent ? await readAgentRows(c, at.experiment.experiment_id, at.revision) : [];
      return { ...at, runs, failed, agents, byAgent };
    });
    if (read === null) throw missing(name);
    const { experiment, revision, runs: all, failed, agents, byAgent } = read;
    const baseline = q.baseline ?? experiment.compare.baseline;
    if (baseline === undefined) {
      throw badRequest(`${experiment.name}: no baseline`, [{ path: 'querystring.baseline', message: 'required: the experiment file has no compare.baseline' }]);
    }
    const candidates = q.candidate ?? otherVariants(all, baseline);
    const metrics = q.metric ?? [...(experiment.compare.metrics ?? DEFAULT_METRICS)];
    refuse([
      ...variantProblems(all, [
        { path: 'querystring.baseline', variant: baseline },
        ...candidates.map((variant, i) => ({ path: `querystring.candidate[${i}]`, variant })),
      ]),
      ...metricProblems(metrics, q.metric !== undefined),
      ...whereProblems(all, q.where ?? []),
    ]);
    const runs = narrowRuns(all, q.where);
    try {
      const compared = compareExperiment({
        runs,
        agents,
        baseline,
        candidates,
        metrics,
        byAgent,
        pool: q.pool ?? false,
        confidence: q.confidence ?? 0.95,
        bootstrap: BOOTSTRAP,
      });
      return comparisonDocument({ experiment: experiment.name, revision, bootstrap: BOOTSTRAP, runs: { ok: runs.length, failed } }, compared);
    } catch (error) {
      // What is left: a candidate that is the baseline, variants with no seed in common.
      if (error instanceof ComparisonError) throw badRequest(`${experiment.name}: ${error.message}`);
      throw error;
    }
  });

  app.get<{ Params: { name: string }; Querystring: ChartsQuery }>('/experiments/:name/charts', {
    schema: {
      summary: "the report's charts of an experiment as Vega-Lite specs with their data inline",
      tags: ['store'],
      params: nameParams,
      querystring: {
        type: 'object',
        properties: {
          baseline: { type: 'string', description: "the paired differences are against it (default compare.baseline, else 'baseline', else the first variant)" },
          metric: { ...metricProperty, description: `repeatable; default compare.metrics, else ${REPORT_METRICS.join(', ')}` },
          where: whereProperty,
          revision: revisionProperty,
        },
      },
    },
  }, async (request) => {
    const { name } = request.params;
    const q = request.query;
    const read = await store.read(async (c) => {
      const at = await experimentAt(c, name, q.revision);
      return { ...at, rows: await readReportRows(c, at.experiment.experiment_id, at.revision) };
    });
    if (read === null) throw missing(name);
    const { experiment, revision, rows } = read;
    const baseline = q.baseline ?? experiment.compare.baseline ?? null;
    const metrics = q.metric ?? [...(experiment.compare.metrics ?? REPORT_METRICS)];
    refuse([
      ...(q.baseline === undefined ? [] : variantProblems(rows.runs, [{ path: 'querystring.baseline', variant: q.baseline }])),
      ...metricProblems(metrics, q.metric !== undefined),
      ...whereProblems(rows.runs, q.where ?? []),
    ]);
    const runs = narrowRuns(rows.runs, q.where);
    // The runs `where` keeps, and their agents and settlements; the frontier and throughput
    // charts are drawn over the whole experiment, as in `paysim report`.
    const keys = new Set(runs.map((r) => r.run_key));
    const drawn = buildChartRows({
      ...rows,
      runs,
      agents: rows.agents.filter((a) => keys.has(a.run_key)),
      settled: rows.settled.filter((s) => keys.has(s.run_key)),
      baseline,
      metrics,
    });
    return {
      experiment: experiment.name,
      revision,
      runs: { ok: runs.length, failed: rows.failed },
      variants: drawn.variants,
      baseline: drawn.baseline,
      metrics,
      charts: chartList(drawn, drawn.variants),
    };
  });
}
