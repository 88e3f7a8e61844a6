// The live viewer in headless Chromium (one browser for the file), against a real server on a
// loopback port: a broken upload shows the CLI's `path: problem` lines; the gridlock scenario
// stepped 20 ticks shows the numbers of GET …/state; a cycle of payments injected from the page
// settles in the LSM and is highlighted in the network view; the inspector shows a payment's
// history with its decision path. No request leaves the server's origin, and the console stays
// free of errors. Every wait is on a condition, never a fixed time.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { cli } from '../helpers/cli.js';
import { buildWebModules, CHROME, CHROME_ARGS } from '../helpers/web-build.js';
import { tempDir } from '../store/helpers.js';

let browser: Browser;
let app: FastifyInstance;
let origin: string;
let page: Page;
const outside: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROME)) throw new Error(`no browser at ${CHROME}: install it (apt-get install -y chromium) or set CHROME_BIN`);
  app = await buildApp({ db: join(tempDir(), 'viewer.duckdb'), webRoot: buildWebModules() });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await puppeteer.launch({ executablePath: CHROME, args: CHROME_ARGS, timeout: 0 });
  page = await browser.newPage();
  page.setDefaultTimeout(0);
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:')) void r.continue();
    else {
      outside.push(url);
      void r.abort();
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await page.waitForSelector('#view-run[data-mounted]');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function api<T>(path: string): Promise<T> {
  return (await (await fetch(`${origin}${path}`)).json()) as T;
}

/** Clicks a control and waits until the page has drawn tick `tick`. */
async function stepTo(tick: number): Promise<void> {
  await page.click('button[data-role=step]');
  await page.waitForSelector(`#view-run[data-tick="${tick}"]`);
}

async function setValue(selector: string, value: string): Promise<void> {
  await page.$eval(selector, (e, v) => ((e as unknown as { value: string }).value = v), value);
}

/** Submits one payment through the page's shock form and returns its id. */
async function injectPayment(sender: string, receiver: string, units: number): Promise<number> {
  await page.select('form.shocks select[name=kind]', 'payment');
  await page.select('form.shocks select[name=agent]', sender);
  await page.select('form.shocks select[name=receiver]', receiver);
  await setValue('form.shocks input[name=amount]', String(units));
  await page.$eval('[data-role=shock-result]', (e) => (e.textContent = ''));
  await page.click('form.shocks button[type=submit]');
  await page.waitForFunction("(document.querySelector('[data-role=shock-result]')?.textContent ?? '') !== ''");
  const text = await page.$eval('[data-role=shock-result]', (e) => e.textContent ?? '');
  const match = /^payment #(\d+) submitted/.exec(text);
  if (match === null) throw new Error(`the shock form said: ${text}`);
  return Number(match[1]);
}

describe('the live viewer in headless Chromium', () => {
  it('shows a broken upload as the path: problem lines paysim validate prints', async () => {
    const file = join(tempDir(), 'broken.yaml');
    writeFileSync(
      file,
      [
        'simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 7}',
        'agents:',
        '  - {id: A, opening_balance: 1000, credit_limit: -5, policy: {type: Fifo}}',
        '  - {id: B, opening_balance: 1000, policy: {type: Nope}}',
      ].join('\n'),
    );
    const errorsBefore = consoleErrors.length;
    const upload = await page.$('input[data-role=upload]');
    await upload!.uploadFile(file);
    await page.click('button[data-role=start-upload]');
    await page.waitForFunction("(document.querySelector('[data-role=problems]')?.textContent ?? '') !== ''");
    const shown = (await page.$eval('[data-role=problems]', (e) => e.textContent ?? '')).split('\n');
    const validate = await cli(['validate', file]);
    expect(validate.status).toBe(2);
    const prefix = `paysim: ${file}: `;
    const printed = validate.stderr.trim().split('\n').map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line));
    expect(printed.length).toBeGreaterThanOrEqual(2);
    expect(shown).toEqual(printed);
    // Chromium logs the refused request (400) itself; that one is expected, nothing else.
    expect(consoleErrors.splice(errorsBefore)).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('steps the gridlock scenario 20 ticks, shows the state of the API, and highlights an LSM cycle injected from the page', async () => {
    await page.select('select[data-role=scenario]', 'high_stress_gridlock.yaml');
    await page.click('button[data-role=start]');
    await page.waitForSelector('#view-run[data-tick="0"]');
    expect(await page.$eval('[data-role=problems]', (e) => e.textContent)).toBe('');
    const id = await page.$eval('#view-run', (e) => e.getAttribute('data-simulation')!);
    for (let tick = 1; tick <= 20; tick++) await stepTo(tick);

    const state = await api<{ tick: number; agents: Array<Record<string, number | string>> }>(`/simulations/${id}/state`);
    expect(state.tick).toBe(20);
    const shown = await page.$$eval('table.banks tbody tr', (rows) =>
      rows.map((row) => {
        const out: Record<string, string> = { agent: row.getAttribute('data-agent')! };
        for (const cell of row.querySelectorAll('td[data-field]')) out[cell.getAttribute('data-field')!] = cell.getAttribute('data-value')!;
        return out;
      }),
    );
    expect(shown).toEqual(
      state.agents.map((a) => ({
        agent: a['agent'],
        balance: String(a['balance']),
        credit_limit: String(a['credit_limit']),
        available: String(a['available_liquidity']),
        q1_size: String(a['q1_size']),
        q1_value: String(a['q1_value']),
        q2_size: String(a['q2_size']),
        q2_value: String(a['q2_value']),
      })),
    );
    // Gridlock: something is queued centrally, and the network draws the queued pairs.
    expect(state.agents.some((a) => Number(a['q2_size']) > 0)).toBe(true);
    expect(Number(await page.$eval('[data-role=network]', (e) => e.getAttribute('data-edges')))).toBeGreaterThan(0);

    // A ring A → B → C → A of payments far over anyone's liquidity: only the LSM's cycle search can settle it.
    const ring = [await injectPayment('BANK_A', 'BANK_B', 50_000), await injectPayment('BANK_B', 'BANK_C', 50_000), await injectPayment('BANK_C', 'BANK_A', 50_000)];
    await stepTo(21);
    const cycles = (await api<{ events: Array<{ data: { agents: string[]; payment_ids: number[] } }> }>(
      `/simulations/${id}/events?type=lsm_cycle&from_tick=20&to_tick=20`,
    )).events;
    expect(cycles.some((e) => ring.every((tx) => e.data.payment_ids.includes(tx)))).toBe(true);
    const highlighted = JSON.parse(await page.$eval('[data-role=network]', (e) => e.getAttribute('data-highlighted')!)) as Array<{ kind: string; agents: string[] }>;
    expect(highlighted.filter((s) => s.kind === 'cycle')).toEqual(cycles.map((e) => ({ kind: 'cycle', agents: e.data.agents })));
    expect(await page.$$eval('.lsm-log li[data-kind=cycle][data-tick="20"]', (items) => items.length)).toBe(cycles.length);

    // The inspector: BANK_A's payments, then the history of the first payment of the ring.
    await page.click('table.banks tr[data-agent=BANK_A] td.clickable');
    await page.waitForSelector(`table.payments tr[data-tx="${ring[0]}"]`);
    await page.click(`table.payments tr[data-tx="${ring[0]}"] td.clickable`);
    await page.waitForSelector(`ol.history[data-tx="${ring[0]}"]`);
    const history = await page.$$eval('ol.history li', (items) => items.map((li) => ({ type: li.getAttribute('data-type'), text: li.textContent ?? '' })));
    expect(history.map((h) => h.type)).toEqual(expect.arrayContaining(['arrival', 'submit', 'queue', 'settle', 'lsm_cycle']));
    expect(history.find((h) => h.type === 'settle')!.text).toContain('settled by cycle');
    // Trace is on for simulations the page starts: the decision names its tree path.
    expect(history.find((h) => h.type === 'submit')!.text).toMatch(/tree path: \S/);
  });

  it('asked nothing of any other origin, and logged no error', () => {
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
