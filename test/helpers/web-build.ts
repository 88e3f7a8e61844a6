// The viewer's browser modules compiled for a test (tsconfig.web.json into a temporary folder,
// passed to buildApp as webRoot), so tests never depend on, or race over, the checkout's dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function buildWebModules(): string {
  const out = mkdtempSync(join(tmpdir(), 'paysim-web-'));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.web.json', '--outDir', out], { stdio: 'inherit' });
  return out;
}

export const CHROME = process.env['CHROME_BIN'] || '/usr/bin/chromium';
/** Headless Chromium as the report's browser test starts it; no deadline, as a loaded machine starts it late. */
export const CHROME_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--headless'];
