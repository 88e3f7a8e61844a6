// interfaces.md: Ctrl-C (SIGINT) stops a sweep cleanly — finished runs are kept, exit code 130 —
// and the same command resumes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnPaysim, walGrowth } from '../helpers/cli.js';
import { workerEntry } from '../../src/runner/pool.js';
import { queryFile, tempDir } from '../store/helpers.js';


describe('SIGINT', () => {
  it('keeps finished runs, reports the interruption and exits 130', async () => {
    const db = join(tempDir(), 'int.duckdb');
    const args = ['sweep', 'test/runner/fixtures/long.yaml', '--db', db, '--workers', '1', '--batch-ms', '100', '--json'];
    const child = spawnPaysim(args, ['ignore', 'pipe', 'pipe']);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await walGrowth(db, 128 * 1024, child);
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
  });
});

describe('worker entry', () => {
  it('is the compiled worker next to compiled code and the tsx bootstrap next to sources', () => {
    expect(workerEntry('file:///app/dist/src/runner/pool.js')).toBe('/app/dist/workers/run-worker.js');
    expect(workerEntry('file:///app/src/runner/pool.ts')).toBe('/app/workers/run-worker-source.mjs');
  });
});
