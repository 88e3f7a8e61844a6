// The report in a real browser: headless Chromium (Debian's `chromium`, or $CHROME_BIN) opens the
// file offline, renders every chart without a single network request, and each chart has marks.
// A screenshot goes to a temp folder (printed; not committed) for a person to look at.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, reportCharts } from '../../src/analysis/report/html.js';
import { fixtureReport } from './report-fixture.js';
import { optimizationView } from '../../src/analysis/optimize/view.js';
import { optimizationCharts } from '../../src/analysis/report/optimization-charts.js';
import { EQUILIBRIUM, SEARCH } from './optimization-fixture.js';
import { CHROME, CHROME_ARGS } from '../helpers/web-build.js';

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROME)) {
    throw new Error(`no browser at ${CHROME}: install it (apt-get install -y chromium) or set CHROME_BIN`);
  }
  browser = await puppeteer.launch({
    executablePath: CHROME,
    args: CHROME_ARGS,
    // No deadline (0): on a loaded machine Chromium only starts later.
    timeout: 0,
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in headless Chromium', () => {
  it('renders every chart with data, offline, with zero network requests', async () => {
    const data = fixtureReport();
    const dir = mkdtempSync(join(tmpdir(), 'paysim-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(data));
    const url = pathToFileURL(file).href;

    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered]', { timeout: 0 });

    expect(await page.$eval('body', (b) => b.getAttribute('data-rendered'))).toBe('ok');
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);

    const charts = reportCharts(data);
    for (const chart of charts) {
      // Data marks only (role-mark groups), not axes, grids or legends.
      const marks = await page.$$eval(`#${chart.id} svg g[class*="role-mark"] > path, #${chart.id} svg g[class*="role-mark"] > line`, (els) => els.length);
      // A line chart draws one path per variant (3 here); bars and points draw one per datum.
      expect(marks, chart.id).toBeGreaterThanOrEqual(chart.id === 'chart-settlement' ? 3 : 6);
    }
    // The views hold the rows the page was given: the settlement chart has a point per variant per tick.
    const settlementRows = await page.evaluate(() => {
      const views = (globalThis as unknown as { paysimViews: Array<{ getState: (o: object) => { data: Record<string, unknown[] | undefined> } }> }).paysimViews;
      const state = views[4]!.getState({ data: () => true, signals: () => false });
      return Math.max(...Object.values(state.data).map((v) => (Array.isArray(v) ? v.length : 0)));
    });
    expect(settlementRows).toBeGreaterThanOrEqual(3 * 100);
    // Verdict and tables are there too.
    expect(await page.$eval('#verdict h2', (h) => h.textContent)).toBe('Verdict: reject');
    expect(await page.$$eval('table.stats', (t) => t.length)).toBe(4);

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    process.stderr.write(`report screenshot: ${shot}\n`);
    await page.close();
  });

  it('renders the optimisation charts: the search path, and parameters and costs over the rounds', async () => {
    const data = { ...fixtureReport(), optimizations: [optimizationView(SEARCH), optimizationView(EQUILIBRIUM)] };
    const dir = mkdtempSync(join(tmpdir(), 'paysim-report-'));
    const file = join(dir, 'optimization.html');
    writeFileSync(file, renderReport(data));
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered]', { timeout: 0 });
    expect(await page.$eval('body', (b) => b.getAttribute('data-rendered'))).toBe('ok');
    expect(consoleErrors).toEqual([]);
    for (const chart of optimizationCharts(data.optimizations)) {
      const marks = await page.$$eval(`#${chart.id} svg g[class*="role-mark"] > path, #${chart.id} svg g[class*="role-mark"] > line`, (els) => els.length);
      // A point per trial (5 and 8 here) or per step, or a line per parameter.
      expect(marks, chart.id).toBeGreaterThanOrEqual(2);
    }
    const shot = join(dir, 'optimization.png');
    await page.screenshot({ path: shot, fullPage: true });
    process.stderr.write(`optimisation report screenshot: ${shot}\n`);
    await page.close();
  });
});
