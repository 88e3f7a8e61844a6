// Driving the live viewer in headless Chromium: a server on a loopback port with freshly compiled
// browser modules, one page on it, and the page's own controls. Used by the browser test and by
// the viewer's bench and screenshot scripts. Every wait is on a condition of the page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { buildApp } from '../../src/api/app.js';
import { tempDir } from '../store/helpers.js';
import { buildWebModules, CHROME, CHROME_ARGS } from './web-build.js';

export interface ViewerPage {
  readonly page: Page;
  readonly origin: string;
  /** URLs the page asked of another origin (refused). */
  readonly outside: string[];
  /** Console errors and uncaught exceptions of the page. */
  readonly errors: string[];
  close(): Promise<void>;
}

export interface ViewerOptions {
  /** The store (default: a new empty one). */
  readonly db?: string;
  /** The view to open (`/#<view>`) and wait for (default `run`). */
  readonly view?: string;
}

export async function openViewer(options: ViewerOptions = {}): Promise<ViewerPage> {
  if (!existsSync(CHROME)) throw new Error(`no browser at ${CHROME}: install it (apt-get install -y chromium) or set CHROME_BIN`);
  const view = options.view ?? 'run';
  const app: FastifyInstance = await buildApp({ db: options.db ?? join(tempDir(), 'viewer.duckdb'), webRoot: buildWebModules() });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser: Browser = await puppeteer.launch({ executablePath: CHROME, args: CHROME_ARGS, timeout: 0 });
  const page = await browser.newPage();
  page.setDefaultTimeout(0);
  const outside: string[] = [];
  const errors: string[] = [];
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
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(`${origin}/#${view}`, { waitUntil: 'load' });
  await page.waitForSelector(`#view-${view}[data-mounted]`);
  return {
    page,
    origin,
    outside,
    errors,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/** Starts a shipped scenario from the page and waits for its opening state; returns the simulation id. */
export async function startScenario(page: Page, file: string): Promise<string> {
  await page.select('select[data-role=scenario]', file);
  await page.click('button[data-role=start]');
  // The page drops its tick mark when a start is clicked, so this is the new simulation's tick 0.
  await page.waitForSelector('#view-run[data-simulation][data-tick="0"]');
  return page.$eval('#view-run', (e) => e.getAttribute('data-simulation')!);
}

/** Clicks "Step 1 tick" and waits until the page has drawn tick `tick`. */
export async function stepTo(page: Page, tick: number): Promise<void> {
  await page.click('button[data-role=step]');
  await page.waitForSelector(`#view-run[data-tick="${tick}"]`);
}

async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(selector, (e, v) => ((e as unknown as { value: string }).value = v), value);
}

/** Fills and submits the shock form; returns the text it answered with. */
async function submitShock(page: Page, kind: string, fields: Readonly<Record<string, string>>): Promise<string> {
  await page.select('form.shocks select[name=kind]', kind);
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'agent' || name === 'receiver') await page.select(`form.shocks select[name=${name}]`, value);
    else await setValue(page, `form.shocks input[name=${name}]`, value);
  }
  await page.$eval('[data-role=shock-result]', (e) => (e.textContent = ''));
  await page.click('form.shocks button[type=submit]');
  await page.waitForFunction("(document.querySelector('[data-role=shock-result]')?.textContent ?? '') !== ''");
  return page.$eval('[data-role=shock-result]', (e) => e.textContent ?? '');
}

/** Submits one payment through the page's shock form and returns its id. */
export async function injectPayment(page: Page, sender: string, receiver: string, units: number): Promise<number> {
  const text = await submitShock(page, 'payment', { agent: sender, receiver, amount: String(units) });
  const match = /^payment #(\d+) submitted/.exec(text);
  if (match === null) throw new Error(`the shock form said: ${text}`);
  return Number(match[1]);
}

/** Pauses the LSM from the next tick for `ticks` ticks, through the shock form. */
export async function pauseLsm(page: Page, ticks: number): Promise<void> {
  const text = await submitShock(page, 'lsm_off', { at_tick: '', duration: String(ticks) });
  if (!text.startsWith('lsm off scheduled')) throw new Error(`the shock form said: ${text}`);
}
