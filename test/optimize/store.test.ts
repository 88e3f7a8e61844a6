// An optimisation in the store's life: `paysim merge` carries its rows without duplicates (a
// finished copy replaces an unfinished one, trials and all), and an optimisation of an experiment
// whose scenario changed since its runs were stored is refused (exit 2, naming the change and
// --new-revision, nothing written) until --new-revision stores it as a revision of its own.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { diffStores, queryFile, tempDir } from '../store/helpers.js';

/** A tiny search on the two-bank game (runs of two ticks): BANK_B's fraction on a 5-level grid. */
function setUp(): { dir: string; experiment: string; scenario: string } {
  const dir = tempDir('paysim-opt-store-');
  const scenario = join(dir, 'game.yaml');
  copyFileSync('scenarios/castro_two_bank_game.yaml', scenario);
  const experiment = join(dir, 'search.yaml');
  writeFileSync(
    experiment,
    stringify({
      name: 'game-search',
      scenario: 'game.yaml',
      seeds: [1],
      outputs: { transactions: false, agent_days: false },
      optimize: {
        method: 'grid',
        parameters: [{ name: 'fraction_B', path: 'agents[BANK_B].initial_liquidity_fraction', type: 'real', bounds: [0, 1], levels: 5 }],
        objective: { metric: 'total_cost', agent: 'BANK_B' },
        seeds: [1, 2],
        confirm_seeds: [3, 4],
        racing: false,
      },
    }),
  );
  return { dir, experiment, scenario };
}

async function counts(db: string): Promise<{ optimizations: number; trials: number; finished: number }> {
  const [row] = await queryFile(
    db,
    `SELECT (SELECT count(*) FROM optimizations) AS optimizations, (SELECT count(*) FROM optimization_trials) AS trials,
            (SELECT count(*) FROM optimizations WHERE status = 'finished') AS finished`,
  );
  return row as { optimizations: number; trials: number; finished: number };
}

describe('optimisations in the store', () => {
  it('paysim merge carries them once; a finished copy replaces an unfinished one', async () => {
    const { dir, experiment } = setUp();
    const a = join(dir, 'a.duckdb');
    const merged = join(dir, 'merged.duckdb');
    const r = await cli(['optimize', experiment, '--db', a, '--workers', '1', '--quiet', '--out', join(dir, 'w.json')]);
    expect(r.status, r.stderr).toBe(0);
    const source = await counts(a);
    expect(source.optimizations).toBe(1);
    expect(source.trials).toBeGreaterThan(3);

    for (let i = 0; i < 2; i++) {
      const m = await cli(['merge', a, '-o', merged, '--quiet']);
      expect(m.status, m.stderr).toBe(0);
      expect(await counts(merged)).toEqual(source);
    }
    // The target's copy left unfinished (a search killed there): the source's finished one wins, trials and all.
    const instance = await DuckDBInstance.create(merged);
    const c = await instance.connect();
    await c.run(`UPDATE optimizations SET status = 'stopped'`);
    await c.run(`DELETE FROM optimization_trials WHERE trial > 0`);
    c.closeSync();
    instance.closeSync();
    const again = await cli(['merge', a, '-o', merged, '--quiet']);
    expect(again.status, again.stderr).toBe(0);
    expect(await counts(merged)).toEqual(source);
    for (const d of await diffStores(a, merged, { optimizations: '*', optimization_trials: '*' })) {
      expect(d, d.table).toMatchObject({ onlyA: 0, onlyB: 0 });
    }
  });

  it('a changed scenario: exit 2 naming the change and --new-revision, nothing written; with the flag a revision of its own', async () => {
    const { dir, experiment, scenario } = setUp();
    const db = join(dir, 'o.duckdb');
    const out = join(dir, 'w.json');
    const first = await cli(['optimize', experiment, '--db', db, '--workers', '1', '--json', '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    const firstId = (JSON.parse(first.stdout) as { optimization_id: string }).optimization_id;
    const before = await queryFile(db, 'SELECT optimization_id, status, result_json, (SELECT count(*) FROM optimization_trials) AS trials FROM optimizations');

    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('liquidity_cost_per_tick_bps: 500', 'liquidity_cost_per_tick_bps: 400'));
    const refused = await cli(['optimize', experiment, '--db', db, '--workers', '1', '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/cost_rates\.liquidity_cost_per_tick_bps: 500 → 400/);
    expect(refused.stderr).toMatch(/paysim optimize again as revision 2 with --new-revision/);
    expect(await queryFile(db, 'SELECT optimization_id, status, result_json, (SELECT count(*) FROM optimization_trials) AS trials FROM optimizations')).toEqual(before);

    const second = await cli(['optimize', experiment, '--db', db, '--workers', '1', '--json', '--out', out, '--new-revision']);
    expect(second.status, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { optimization_id: string; revision: number; runs_executed: number; evaluations: number };
    expect(report.revision).toBe(2);
    expect(report.optimization_id).toBe(`${firstId}-r2`);
    // Every run of revision 2 is new (other run keys), confirmation included.
    expect(report.runs_executed).toBe(report.evaluations + 4);
    const rows = await queryFile(db, 'SELECT optimization_id, revision, status FROM optimizations ORDER BY revision');
    expect(rows).toEqual([
      { optimization_id: firstId, revision: 1, status: 'finished' },
      { optimization_id: `${firstId}-r2`, revision: 2, status: 'finished' },
    ]);
    // Without the flag the same command now resumes revision 2: nothing runs.
    const resumed = await cli(['optimize', experiment, '--db', db, '--workers', '1', '--json', '--out', out]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ optimization_id: `${firstId}-r2`, revision: 2, runs_executed: 0 });
  });
});
