// The Experiments view in headless Chromium (one browser), against a real server on a loopback
// port with a small swept store: the comparison tables show the numbers of GET …/comparison for
// each choice of experiment, grid point and baseline, the report's charts render as Vega views
// with marks, no request leaves the server's origin and the console stays free of errors. Every
// wait is on a condition the page sets (data-state), never a fixed time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentStore } from '../api/experiment-store.js';
import { openViewer, type ViewerPage } from '../helpers/viewer-page.js';

const VIEW = '#view-experiments';
const SCALE = 'agents[*].credit_limit';

let viewer: ViewerPage;
let page: Page;
let origin: string;

beforeAll(async () => {
  viewer = await openViewer({ db: await experimentStore(), view: 'experiments' });
  ({ page, origin } = viewer);
  await ready();
});

afterAll(async () => {
  await viewer?.close();
});

/** Waits until the view has drawn the answer to the latest choice. */
async function ready(): Promise<void> {
  await page.waitForSelector(`${VIEW}[data-state=ready], ${VIEW}[data-state=error]`);
  const state = await page.$eval(VIEW, (e) => (e as unknown as Dom).dataset['state']);
  if (state !== 'ready') throw new Error(`the view says: ${await page.$eval(`${VIEW} .problems`, (e) => e.textContent)}`);
}

/** Chooses in one of the view's selects (the change sets data-state=loading at once) and waits. */
async function choose(name: string, value: string): Promise<void> {
  await page.select(`${VIEW} select[name=${name}]`, value);
  await ready();
}

type Json = Record<string, unknown>;

/** The little of the DOM these checks read (the test program has no DOM library). */
interface Dom {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  readonly value: string;
  querySelectorAll(selector: string): Iterable<Dom>;
}

async function api(path: string): Promise<Json> {
  return (await (await fetch(`${origin}${path}`)).json()) as Json;
}

const FIELDS = ['metric', 'direction', 'n', 'baseline_mean', 'candidate_mean', 'mean_difference', 'ci_t', 'ci_bootstrap', 'p_t', 'p_wilcoxon', 'p_holm', 'share_improved', 'worst_pair'];

/** The comparison as the API gives it, reduced to what the tables show. */
function expected(doc: Json): unknown[] {
  const comparisons = doc['comparisons'] as Array<{ grid_point: Json; candidates: Array<{ variant: string; metrics: Json[] }> }>;
  return comparisons.map((c) => ({
    point: c.grid_point,
    candidates: c.candidates.map((cand) => ({ variant: cand.variant, rows: cand.metrics.map((m) => Object.fromEntries(FIELDS.map((f) => [f, m[f]]))) })),
  }));
}

/** The tables as the page shows them: every cell's exact value, and its text next to it. */
async function shown(): Promise<{ tables: unknown[]; texts: Array<{ text: string; value: unknown }> }> {
  // Runs in the page: no helper of this file is visible there, so the casts are written out.
  return page.$eval(VIEW, (node) => {
    const root = node as unknown as Dom;
    const value = (td: Dom): unknown => JSON.parse(td.dataset['value']!) as unknown;
    const tables = [...root.querySelectorAll('.comparison')].map((c) => ({
      point: JSON.parse(c.dataset['point']!) as unknown,
      candidates: [...c.querySelectorAll('.candidate')].map((cand) => ({
        variant: cand.dataset['variant'],
        rows: [...cand.querySelectorAll('table.data:not(.by-agent) tbody tr')].map((tr) => Object.fromEntries([...tr.querySelectorAll('td[data-field]')].map((td) => [td.dataset['field'], value(td)]))),
      })),
    }));
    const texts = [...root.querySelectorAll('td[data-field=baseline_mean], td[data-field=candidate_mean], td[data-field=mean_difference]')].map((td) => ({
      text: td.textContent ?? '',
      value: value(td),
    }));
    return { tables, texts };
  });
}

/** The shown tables equal the API's comparison, and each mean's text is that number rounded as printed. */
async function expectTables(query: string): Promise<void> {
  const doc = await api(`/experiments/${query}`);
  const { tables, texts } = await shown();
  expect(tables).toEqual(expected(doc));
  expect(texts.length).toBeGreaterThan(0);
  for (const { text, value } of texts) {
    const decimals = text.split('.')[1]?.length ?? 0;
    expect(Math.abs(Number(text) - (value as number)), text).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
  }
}

/** Every chart of the API's answer is on the page with data marks drawn by Vega. */
async function expectCharts(query: string): Promise<void> {
  const ids = ((await api(`/experiments/${query}`))['charts'] as Array<{ id: string }>).map((c) => c.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(await page.$$eval(`${VIEW} figure[data-chart]`, (fs) => fs.map((f) => (f as unknown as Dom).dataset['chart']))).toEqual(ids);
  const marks = await page.$$eval(`${VIEW} figure[data-chart]`, (fs) =>
    fs.map((f) => f.querySelectorAll('svg g[class*="role-mark"] > path, svg g[class*="role-mark"] > line').length),
  );
  expect(marks.every((n) => n > 0), JSON.stringify(marks)).toBe(true);
}

describe('the Experiments view', () => {
  it('opens on the latest revision of a real experiment: a comparison per grid point and the charts', async () => {
    expect(await page.$eval(`${VIEW} select[name=experiment]`, (s) => (s as unknown as Dom).value)).toBe('api-grid');
    expect(await page.$eval(`${VIEW} select[name=revision]`, (s) => (s as unknown as Dom).value)).toBe('2');
    await expectTables('api-grid/comparison?revision=2&baseline=baseline');
    expect(await page.$$eval(`${VIEW} .comparison h3`, (hs) => hs.map((h) => h.textContent))).toEqual(
      ['×0.5', '×1', '×2'].map((x) => `Against baseline at grid point ${SCALE}=${x}`),
    );
    await expectCharts('api-grid/charts?revision=2&baseline=baseline');
    // For a person to look at (not committed).
    const shot = join(mkdtempSync(join(tmpdir(), 'paysim-experiments-view-')), 'experiments.png');
    await page.screenshot({ path: shot, fullPage: true });
    process.stderr.write(`experiments view screenshot: ${shot}\n`);
  });

  it('one grid point, pooled, an older revision: always the API’s numbers', async () => {
    await choose('point', '2');
    await expectTables(`api-grid/comparison?revision=2&baseline=baseline&where=${encodeURIComponent(`${SCALE}={"scale":2}`)}`);
    await expectCharts(`api-grid/charts?revision=2&baseline=baseline&where=${encodeURIComponent(`${SCALE}=2`)}`);
    await choose('point', 'pool');
    await expectTables('api-grid/comparison?revision=2&baseline=baseline&pool=true');
    expect(await page.$eval(`${VIEW} .comparisons`, (e) => e.textContent)).toContain('POOLED over 3 grid points');
    await choose('revision', '1');
    await expectTables('api-grid/comparison?revision=1&baseline=baseline');
    expect(await page.$$eval(`${VIEW} .comparison`, (cs) => cs.length)).toBe(2);
  });

  it('another experiment and another baseline', async () => {
    await choose('experiment', 'api-plain');
    // No compare section in its file: the report's rule picks the first variant by name.
    expect(await page.$eval(`${VIEW} select[name=baseline]`, (s) => (s as unknown as Dom).value)).toBe('fifo');
    await expectTables('api-plain/comparison?baseline=fifo');
    await choose('baseline', 'hold');
    await expectTables('api-plain/comparison?baseline=hold');
    await expectCharts('api-plain/charts?baseline=hold');
    // Per agent (`--by agent`): a table of each agent's cost metrics under the candidate's.
    await page.$eval(`${VIEW} input[name=by-agent]`, (e) => (e as unknown as { click(): void }).click());
    await ready();
    const doc = await api('/experiments/api-plain/comparison?baseline=hold&by=agent');
    const agents = (doc['candidates'] as Array<{ agents: Array<{ agent: string; metrics: Json[] }> }>)[0]!.agents;
    const want = agents.flatMap((a) => a.metrics.map((m) => ({ agent: a.agent, ...Object.fromEntries(FIELDS.map((f) => [f, m[f]])) })));
    expect(want.length).toBeGreaterThan(0);
    const rows = await page.$$eval(`${VIEW} table.by-agent tbody tr`, (trs) =>
      trs.map((tr) =>
        Object.fromEntries(
          [...(tr as unknown as Dom).querySelectorAll('td[data-field]')].map((td) => [td.dataset['field'], JSON.parse(td.dataset['value']!) as unknown]),
        ),
      ),
    );
    expect(rows).toEqual(want);
  });

  it('made no request outside its origin and logged no error', () => {
    expect(viewer.outside).toEqual([]);
    expect(viewer.errors).toEqual([]);
  });
});
