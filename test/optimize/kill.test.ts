// kill -9 in the middle of `paysim optimize`, then the same command: the search replays from the
// store, and no run is simulated twice.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli, spawnPaysim, walGrowth } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

describe('kill -9 in the middle of an optimisation, then the same command again', () => {
  it('resumes: trials already evaluated are not run again', async () => {
    const doc = parse(readFileSync('test/optimize/fixtures/credit.yaml', 'utf8')) as Record<string, Record<string, unknown>>;
    doc['optimize']!['budget'] = { evaluations: 80 };
    doc['optimize']!['seeds'] = { from: 1, count: 5 };
    const file = join('test/optimize/fixtures', `tmp-kill-${process.pid}.yaml`);
    writeFileSync(file, stringify(doc));
    try {
      const db = join(tempDir(), 'k.duckdb');
      const args = ['optimize', file, '--db', db, '--workers', '1', '--quiet'];
      const child = spawnPaysim(args);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await walGrowth(db, 64 * 1024, child);
      child.kill('SIGKILL');
      const signal = await exited;
      const [before] = await queryFile(db, `SELECT count(*) AS n FROM runs WHERE status = 'ok'`);
      const stored = Number(before!['n']);

      const resumed = await cli([...args, '--json']);
      expect(resumed.status, resumed.stderr).toBe(0);
      const report = JSON.parse(resumed.stdout) as { evaluations: number; runs_executed: number; trials: Array<{ runs_executed: number }> };
      const [after] = await queryFile(db, `SELECT count(*) AS n, count(DISTINCT run_key) AS keys FROM runs`);
      // Every run the search and the confirmation need is stored once; the second command ran
      // exactly those the first had not committed.
      expect(after).toEqual({ n: report.evaluations + 6, keys: report.evaluations + 6 });
      expect(report.runs_executed).toBe(report.evaluations + 6 - stored);
      if (signal === 'SIGKILL') expect(stored).toBeGreaterThan(0);
      console.log(`killed (${signal}) with ${stored} of ${report.evaluations + 6} runs stored; the resumed command ran ${report.runs_executed}`);
    } finally {
      rmSync(file);
    }
  });
});
