// The experiment routes on a small swept store: the catalog, the comparison equal to `paysim
// compare --json` (per grid point, revisions, pooled), the report's charts equal to the ones the
// report page embeds, and bad requests answered with the parameter's path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { cli } from '../helpers/cli.js';
import { experimentStore } from './experiment-store.js';
import { call } from './helpers.js';

let db: string;
let app: FastifyInstance;

beforeAll(async () => {
  db = await experimentStore();
  app = await buildApp({ db });
});

afterAll(async () => {
  await app?.close();
  if (db !== undefined) rmSync(dirname(db), { recursive: true, force: true });
});

type Json = Record<string, unknown>;
const SCALE = 'agents[*].credit_limit';
const q = encodeURIComponent;

async function cliJson(args: string[]): Promise<Json> {
  const r = await cli(['compare', '--db', db, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

function details(body: Json): Array<{ path: string; message: string }> {
  return ((body['error'] as Json)['details'] ?? []) as Array<{ path: string; message: string }>;
}

describe('GET /experiments', () => {
  it('lists every experiment with its revisions, variants, grid points and run counts', async () => {
    const r = await call(app, 'GET', '/experiments');
    expect(r.status).toBe(200);
    const list = r.body['experiments'] as Json[];
    expect(list.map((e) => e['name'])).toEqual(['api-grid', 'api-plain']);
    const grid = list[0]!;
    expect(grid['compare']).toEqual({ baseline: 'baseline', metrics: ['total_cost', 'cost_delay'] });
    const revisions = grid['revisions'] as Json[];
    expect(revisions.map((v) => v['revision'])).toEqual([1, 2]);
    expect(revisions[1]).toEqual({
      revision: 2,
      runs: { ok: 18, failed: 0 },
      variants: [
        { variant: 'baseline', ok: 9, failed: 0 },
        { variant: 'hold', ok: 9, failed: 0 },
      ],
      grid_points: [0.5, 1, 2].map((scale) => ({ grid_point: { [SCALE]: { scale } }, label: `${SCALE}=×${scale}`, ok: 6, failed: 0 })),
      default_baseline: 'baseline',
    });
    const plain = list[1]!;
    expect(plain).toMatchObject({ name: 'api-plain', description: null, compare: {} });
    // No compare.baseline and no variant called baseline: the first by name, as the report does.
    expect(plain['revisions']).toEqual([
      {
        revision: 1,
        runs: { ok: 4, failed: 0 },
        variants: [
          { variant: 'fifo', ok: 2, failed: 0 },
          { variant: 'hold', ok: 2, failed: 0 },
        ],
        grid_points: [{ grid_point: {}, label: '', ok: 4, failed: 0 }],
        default_baseline: 'fifo',
      },
    ]);
  });
});

describe('GET /experiments/{name}/comparison', () => {
  it('by default equals `paysim compare --json`: the latest revision, one comparison per grid point', async () => {
    const r = await call(app, 'GET', '/experiments/api-grid/comparison');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(await cliJson(['--experiment', 'api-grid']));
    expect(r.body).toMatchObject({ revision: 2, grid_points: 3, pooled: false, runs: { ok: 18, failed: 0 } });
    // Several points: no top-level comparison, every candidate row carries its point.
    expect(r.body['baseline']).toBeUndefined();
    const comparisons = r.body['comparisons'] as Array<{ grid_point: Json; candidates: Array<{ grid_point: Json; pairs: number; metrics: Json[] }> }>;
    expect(comparisons.map((c) => c.grid_point)).toEqual([0.5, 1, 2].map((scale) => ({ [SCALE]: { scale } })));
    for (const c of comparisons) {
      expect(c.candidates[0]!.grid_point).toEqual(c.grid_point);
      expect(c.candidates[0]!.pairs).toBe(3);
      expect(c.candidates[0]!.metrics.map((m) => m['metric'])).toEqual(['total_cost', 'cost_delay']);
    }
  });

  it('revision, pool, where, by and named variants and metrics as the CLI flags', async () => {
    const pooled = await call(app, 'GET', '/experiments/api-grid/comparison?revision=1&pool=true');
    expect(pooled.status).toBe(200);
    expect(pooled.body).toEqual(await cliJson(['--experiment', 'api-grid', '--revision', '1', '--pool']));
    expect(pooled.body).toMatchObject({ revision: 1, pooled: true, grid_points: 2, grid_point: {}, baseline: 'baseline' });

    const where = await call(app, 'GET', `/experiments/api-grid/comparison?where=${q(`${SCALE}=2`)}&by=agent&metric=cost_delay&candidate=hold`);
    expect(where.status).toBe(200);
    expect(where.body).toEqual(await cliJson(['--experiment', 'api-grid', '--where', `${SCALE}=2`, '--by', 'agent', '--metric', 'cost_delay', '--candidate', 'hold']));
    expect(where.body).toMatchObject({ grid_points: 1, grid_point: { [SCALE]: { scale: 2 } }, runs: { ok: 6 } });
    const cand = (where.body['candidates'] as Array<{ agents: Array<{ agent: string }> }>)[0]!;
    expect(cand.agents.map((a) => a.agent)).toEqual(['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D']);

    // No compare section in the file: the baseline must be named.
    const plain = await call(app, 'GET', '/experiments/api-plain/comparison?baseline=hold&confidence=0.9');
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(await cliJson(['--experiment', 'api-plain', '--baseline', 'hold', '--confidence', '0.9']));
    expect(plain.body).toMatchObject({ baseline: 'hold', confidence: 0.9, grid_points: 1, grid_point: {} });
  });

  it('unknown experiment 404; bad values 400 with every problem and its path', async () => {
    expect((await call(app, 'GET', '/experiments/nope/comparison')).status).toBe(404);
    expect((await call(app, 'GET', `/experiments/${q("x' OR 1=1 --")}/comparison`)).status).toBe(404);

    const rev = await call(app, 'GET', '/experiments/api-grid/comparison?revision=3');
    expect(rev.status).toBe(400);
    expect(details(rev.body)).toEqual([{ path: 'querystring.revision', message: 'api-grid: no revision 3 (has: 1, 2)' }]);
    for (const [query, path] of [
      ['revision=0', 'querystring.revision'],
      ['revision=x', 'querystring.revision'],
      ['pool=maybe', 'querystring.pool'],
      ['confidence=1', 'querystring.confidence'],
      ['by=bank', 'querystring.by'],
    ] as const) {
      const r = await call(app, 'GET', `/experiments/api-grid/comparison?${query}`);
      expect(r.status, query).toBe(400);
      expect(details(r.body).map((d) => d.path), query).toEqual([path]);
    }

    const many = await call(app, 'GET', `/experiments/api-grid/comparison?candidate=hold&candidate=zz&metric=total_cost&metric=nope&where=${q('lsm=1')}&where=${q(`${SCALE}=7`)}`);
    expect(many.status).toBe(400);
    expect(details(many.body)).toEqual([
      { path: 'querystring.candidate[1]', message: "no finished runs of variant 'zz' (have: baseline, hold)" },
      { path: 'querystring.metric[1]', message: "unknown metric 'nope' (list: docs/compare.md)" },
      { path: 'querystring.where[0]', message: `'lsm' is not a grid path (grid: ${SCALE})` },
      { path: 'querystring.where[1]', message: `no grid point has ${SCALE}=7 (values: ×0.5, ×1, ×2)` },
    ]);

    const noBaseline = await call(app, 'GET', '/experiments/api-plain/comparison');
    expect(noBaseline.status).toBe(400);
    expect(details(noBaseline.body).map((d) => d.path)).toEqual(['querystring.baseline']);
    const self = await call(app, 'GET', '/experiments/api-plain/comparison?baseline=hold&candidate=hold');
    expect(self.status).toBe(400);
    expect(String((self.body['error'] as Json)['message'])).toContain("candidate 'hold' is the baseline");
  });
});

describe('GET /experiments/{name}/charts', () => {
  it("gives the report's charts: the same specs and data as `paysim report` embeds", async () => {
    const r = await call(app, 'GET', '/experiments/api-grid/charts');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ experiment: 'api-grid', revision: 2, runs: { ok: 18, failed: 0 }, variants: ['baseline', 'hold'], baseline: 'baseline', metrics: ['total_cost', 'cost_delay'] });
    const charts = r.body['charts'] as Array<{ id: string; title: string; caption: string; spec: Json }>;
    expect(charts.map((c) => c.id)).toEqual([
      'chart-differences-total_cost',
      'chart-differences-cost_delay',
      'chart-agent-costs',
      'chart-settlement',
      'chart-response-agents_credit_limit_scale_',
    ]);

    const out = join(mkdtempSync(join(tmpdir(), 'paysim-charts-')), 'report.html');
    const report = await cli(['report', 'api-grid', '-o', out, '--db', db]);
    expect(report.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    const embedded = JSON.parse(html.match(/<script type="application\/json" id="paysim-charts">(.*?)<\/script>/s)![1]!) as unknown[];
    expect(charts.map((c) => ({ id: c.id, spec: c.spec }))).toEqual(embedded);
    rmSync(dirname(out), { recursive: true, force: true });
  });

  it('where narrows the runs; baseline and metric choose the differences', async () => {
    const r = await call(app, 'GET', `/experiments/api-grid/charts?revision=1&where=${q(`${SCALE}=0.5`)}&baseline=hold&metric=settlement_rate`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ revision: 1, runs: { ok: 6 }, baseline: 'hold', metrics: ['settlement_rate'] });
    const charts = r.body['charts'] as Array<{ id: string; spec: { data: { values: Json[] } } }>;
    // One grid point left: no response curve.
    expect(charts.map((c) => c.id)).toEqual(['chart-differences-settlement_rate', 'chart-agent-costs', 'chart-settlement']);
    const diffs = charts[0]!.spec.data.values;
    expect(diffs).toHaveLength(3);
    expect(diffs.every((d) => d['variant'] === 'baseline' && String(d['pair']).includes('"scale":0.5'))).toBe(true);
  });

  it('404 and 400 as the comparison', async () => {
    expect((await call(app, 'GET', '/experiments/nope/charts')).status).toBe(404);
    const bad = await call(app, 'GET', `/experiments/api-grid/charts?baseline=zz&metric=nope&where=${q('nope')}&revision=2`);
    expect(bad.status).toBe(400);
    expect(details(bad.body).map((d) => d.path)).toEqual(['querystring.baseline', 'querystring.metric[0]', 'querystring.where[0]']);
    expect(details((await call(app, 'GET', '/experiments/api-grid/charts?revision=-1')).body).map((d) => d.path)).toEqual(['querystring.revision']);
  });
});

describe('without a store file', () => {
  it('lists nothing; an experiment is 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-nostore-'));
    const empty = await buildApp({ db: join(dir, 'none.duckdb') });
    try {
      expect((await call(empty, 'GET', '/experiments')).body).toEqual({ experiments: [] });
      expect((await call(empty, 'GET', '/experiments/x/comparison')).status).toBe(404);
      expect((await call(empty, 'GET', '/experiments/x/charts')).status).toBe(404);
    } finally {
      await empty.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the OpenAPI document lists the routes with their error statuses', async () => {
    const doc = (await call(app, 'GET', '/openapi.json')).body as { paths: Record<string, { get: { responses: Json } }> };
    expect(Object.keys(doc.paths['/experiments']!.get.responses).sort()).toEqual(['200', '403', '500', '503']);
    for (const path of ['/experiments/{name}/comparison', '/experiments/{name}/charts']) {
      expect(Object.keys(doc.paths[path]!.get.responses).sort(), path).toEqual(['200', '400', '403', '404', '500', '503']);
    }
  });

  it("real answers validate against the OpenAPI document's success schemas", async () => {
    type Ok = { content: { 'application/json': { schema: Json } } };
    const doc = (await call(app, 'GET', '/openapi.json')).body as { paths: Record<string, { get: { responses: Record<string, Ok> } }> };
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    for (const [path, url] of [
      ['/experiments', '/experiments'],
      ['/experiments/{name}/comparison', '/experiments/api-grid/comparison'],
      ['/experiments/{name}/comparison', '/experiments/api-plain/comparison?baseline=hold'],
      ['/experiments/{name}/charts', '/experiments/api-grid/charts'],
    ] as const) {
      const res = await call(app, 'GET', url);
      expect(res.status, url).toBe(200);
      const check = ajv.compile(doc.paths[path]!.get.responses['200']!.content['application/json'].schema);
      expect(check(res.body) ? '' : ajv.errorsText(check.errors), url).toBe('');
    }
  });
});
