// The viewer in headless Chromium for a browser test: the API with freshly compiled page modules
// on a loopback port (port 0), one browser and one page that records every request leaving the
// server's origin (and aborts it) and every console error, opened at `path`. No deadlines:
// a loaded machine only makes it slower.
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { buildApp } from '../../src/api/app.js';
import { buildWebModules, CHROME, CHROME_ARGS } from './web-build.js';

export interface ViewerPage {
  readonly app: FastifyInstance;
  readonly origin: string;
  readonly browser: Browser;
  readonly page: Page;
  /** URLs the page asked for outside the server's origin (each was aborted). */
  readonly outside: string[];
  readonly consoleErrors: string[];
  close(): Promise<void>;
}

export async function openViewer(db: string, path: string): Promise<ViewerPage> {
  if (!existsSync(CHROME)) throw new Error(`no browser at ${CHROME}: install it (apt-get install -y chromium) or set CHROME_BIN`);
  const app = await buildApp({ db, webRoot: buildWebModules() });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await puppeteer.launch({ executablePath: CHROME, args: CHROME_ARGS, timeout: 0 });
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  const page = await browser.newPage();
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
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  return {
    app,
    origin,
    browser,
    page,
    outside,
    consoleErrors,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}
