// runner.md §2: a sweep killed with SIGKILL in the middle, then run again, ends with every run
// present exactly once and nothing half-written (a batch is one DB transaction).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, spawnPaysim, walGrowth } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

const LONG = 'test/runner/fixtures/long.yaml';
const RUNS = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('kill -9 in the middle of a sweep, then the same command again', () => {
  it('every run present exactly once, nothing half-written', async () => {
    const db = join(tempDir(), 'k.duckdb');
    const args = ['sweep', LONG, '--db', db, '--workers', '1', '--batch-ms', '100', '--quiet'];
    const child = spawnPaysim(args);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // The WAL appears with the schema; runs' rows make it grow. Kill once batches of runs have
    // been committed and while more are being written.
    await walGrowth(db, 256 * 1024, child);
    await sleep(150);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const resumed = await cli([...args, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { planned: number; skipped: number; ok: number };
    // The kill came in the middle: some runs were kept, some were left to do.
    expect(report.planned).toBe(RUNS);
    expect(report.skipped).toBeGreaterThan(0);
    expect(report.skipped).toBeLessThan(RUNS);
    expect(report.skipped + report.ok).toBe(RUNS);
    console.log(`killed after ${report.skipped} of ${RUNS} runs were stored`);

    const [counts] = await queryFile(db, `SELECT count(*) AS runs, count(DISTINCT run_key) AS keys,
      count(*) FILTER (WHERE status = 'ok') AS ok FROM runs`);
    expect(counts).toEqual({ runs: RUNS, keys: RUNS, ok: RUNS });
    // Whole runs only: every run has all its rows (4 agents × 1 day; one row per payment order)
    // and no row belongs to a run that is not there.
    const [bad] = await queryFile(db, `SELECT
      (SELECT count(*) FROM runs r LEFT JOIN (SELECT run_key, count(*) AS n FROM agent_days GROUP BY ALL) d USING (run_key)
        WHERE coalesce(d.n, 0) <> 4) AS days,
      (SELECT count(*) FROM runs r LEFT JOIN (SELECT run_key, count(*) AS n FROM run_agents GROUP BY ALL) a USING (run_key)
        WHERE coalesce(a.n, 0) <> 4) AS agents,
      (SELECT count(*) FROM runs r LEFT JOIN (SELECT run_key, count(*) FILTER (WHERE parent_id IS NULL) AS n FROM transactions GROUP BY ALL) t
        USING (run_key) WHERE coalesce(t.n, 0) <> r.arrivals) AS tx,
      (SELECT count(*) FROM transactions ANTI JOIN runs USING (run_key)) AS orphans,
      (SELECT count(*) FROM (SELECT run_key, tx_id FROM transactions GROUP BY ALL HAVING count(*) > 1)) AS duplicates`);
    expect(bad).toEqual({ days: 0, agents: 0, tx: 0, orphans: 0, duplicates: 0 });
  });
});
