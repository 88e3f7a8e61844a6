// interfaces.md: Ctrl-C (SIGINT) stops a sweep cleanly — finished runs are kept, exit code 130 —
// and the same command resumes.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerEntry } from '../../src/runner/pool.js';
import { queryFile, tempDir } from '../store/helpers.js';

const ENTRY = fileURLToPath(new URL('../helpers/paysim-entry.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('SIGINT', () => {
  it('keeps finished runs, reports the interruption and exits 130', async () => {
    const db = join(tempDir(), 'int.duckdb');
    const args = ['sweep', 'test/runner/fixtures/long.yaml', '--db', db, '--workers', '1', '--batch-ms', '100', '--json'];
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const wal = `${db}.wal`;
    const size = (): number => (existsSync(wal) ? statSync(wal).size : 0);
    const started = Date.now();
    while (size() === 0 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 10));
    const schema = size();
    while (size() < schema + 128 * 1024 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const report = JSON.parse(stdout) as { interrupted: boolean; ok: number; not_run: number; planned: number };
    expect(report.interrupted).toBe(true);
    expect(report.ok).toBeGreaterThan(0);
    expect(report.ok + report.not_run).toBe(report.planned);
    // Every run the report counts as finished is in the store, whole.
    const [row] = await queryFile(db, `SELECT count(*) AS runs,
      (SELECT count(*) FROM runs r ANTI JOIN (SELECT DISTINCT run_key FROM agent_days) d USING (run_key)) AS without_days FROM runs`);
    expect(row).toEqual({ runs: report.ok, without_days: 0 });
  }, 120_000);
});

describe('worker entry', () => {
  it('is the compiled worker next to compiled code and the tsx bootstrap next to sources', () => {
    expect(workerEntry('file:///app/dist/src/runner/pool.js')).toBe('/app/dist/workers/run-worker.js');
    expect(workerEntry('file:///app/src/runner/pool.ts')).toBe('/app/workers/run-worker-source.mjs');
  });
});
