// The live viewer in headless Chromium (one browser for the file), against a real server on a
// loopback port: a broken upload shows the CLI's `path: problem` lines; the gridlock scenario
// stepped 20 ticks shows the numbers of GET …/state; a cycle of payments injected from the page
// settles in the LSM and is highlighted in the network view; a bank failed from the shock form
// rejects payments to it; the inspector shows a payment's
// history with its decision path; play, pause and run to the end of the day work. No request
// leaves the server's origin, and the console stays free of errors. Every wait is on a
// condition, never a fixed time.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { injectPayment, openViewer, startScenario, stepTo, type ViewerPage } from '../helpers/viewer-page.js';
import { tempDir } from '../store/helpers.js';

let viewer: ViewerPage;

beforeAll(async () => {
  viewer = await openViewer();
});

afterAll(async () => {
  await viewer?.close();
});

async function api<T>(path: string): Promise<T> {
  return (await (await fetch(`${viewer.origin}${path}`)).json()) as T;
}

describe('the live viewer in headless Chromium', () => {
  it('shows a broken upload as the path: problem lines paysim validate prints', async () => {
    const { page, errors } = viewer;
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
    const errorsBefore = errors.length;
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
    expect(errors.splice(errorsBefore)).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('steps the gridlock scenario 20 ticks, shows the state of the API, and highlights an LSM cycle injected from the page', async () => {
    const { page } = viewer;
    const id = await startScenario(page, 'high_stress_gridlock.yaml');
    expect(await page.$eval('[data-role=problems]', (e) => e.textContent)).toBe('');
    for (let tick = 1; tick <= 20; tick++) await stepTo(page, tick);

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
    const ring = [
      await injectPayment(page, 'BANK_A', 'BANK_B', 50_000),
      await injectPayment(page, 'BANK_B', 'BANK_C', 50_000),
      await injectPayment(page, 'BANK_C', 'BANK_A', 50_000),
    ];
    await stepTo(page, 21);
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

  it('fails a bank from the shock form: a default announced at once, rejecting payments to it', async () => {
    const { page } = viewer;
    const id = await page.$eval('#view-run', (e) => e.getAttribute('data-simulation')!);
    const tick = await page.$eval('#view-run', (e) => Number(e.getAttribute('data-tick')));
    await page.select('form.shocks select[name=kind]', 'participant_failure');
    await page.select('form.shocks select[name=agent]', 'BANK_C');
    await page.select('form.shocks select[name=mode]', 'default');
    await page.$eval('form.shocks input[name=at_tick]', (e) => ((e as unknown as { value: string }).value = ''));
    await page.$eval('form.shocks input[name=announce_after]', (e) => ((e as unknown as { value: string }).value = '0'));
    await page.click('form.shocks input[name=reject_incoming]');
    await page.$eval('[data-role=shock-result]', (e) => (e.textContent = ''));
    await page.click('form.shocks button[type=submit]');
    await page.waitForFunction("(document.querySelector('[data-role=shock-result]')?.textContent ?? '') !== ''");
    expect(await page.$eval('[data-role=shock-result]', (e) => e.textContent)).toBe(`participant failure of BANK_C scheduled at tick ${tick}`);
    // A payment to BANK_C released at that tick is rejected: dropped with reason rejected.
    const tx = await injectPayment(page, 'BANK_A', 'BANK_C', 1);
    await stepTo(page, tick + 1);
    const drops = (await api<{ events: Array<{ tx: number | null; data: { reason: string } }> }>(`/simulations/${id}/events?type=drop&from_tick=${tick}&to_tick=${tick}`)).events;
    expect(drops.filter((e) => e.tx === tx).map((e) => e.data.reason)).toEqual(['rejected']);
  });

  it('plays until paused, then runs to the end of the day', async () => {
    const { page } = viewer;
    const tickShown = (): Promise<number> => page.$eval('#view-run', (e) => Number(e.getAttribute('data-tick')));
    const from = await tickShown();
    await page.select('select[data-role=speed]', '0');
    await page.click('button[data-role=play]');
    await page.waitForFunction(`Number(document.querySelector('#view-run')?.getAttribute('data-tick')) >= ${from + 3}`);
    await page.click('button[data-role=pause]');
    // Paused once the step under way is drawn: Play is offered again.
    await page.waitForSelector('button[data-role=play]:not([disabled])');
    const paused = await tickShown();
    expect(paused).toBeGreaterThanOrEqual(from + 3);
    await page.click('button[data-role=end-of-day]');
    await page.waitForSelector('#view-run[data-tick="100"]');
    expect(await page.$eval('.controls .status', (e) => e.textContent)).toContain('finished');
    expect(await page.$$eval('button[data-role=step], button[data-role=play], button[data-role=end-of-day]', (bs) => bs.every((b) => b.hasAttribute('disabled')))).toBe(true);
  });

  it('deletes its simulation on the server when the page is left', async () => {
    const { page } = viewer;
    const id = await page.$eval('#view-run', (e) => e.getAttribute('data-simulation')!);
    expect((await fetch(`${viewer.origin}/simulations/${id}`)).status).toBe(200);
    await page.goto(`${viewer.origin}/`, { waitUntil: 'load' });
    await page.waitForSelector('#view-run[data-mounted]');
    // The DELETE is sent as the old page goes; wait until the server has done it.
    while ((await fetch(`${viewer.origin}/simulations/${id}`)).status !== 404) await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('asked nothing of any other origin, and logged no error', () => {
    expect(viewer.outside).toEqual([]);
    expect(viewer.errors).toEqual([]);
  });
});
