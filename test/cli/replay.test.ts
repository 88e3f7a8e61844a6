// `paysim replay` on a swept store. Faithful through the store: replaying the stored runs with
// their own policies writes back exactly the stored transactions, agent days and agent costs.
// A known better candidate is accepted (exit 0), a known worse one rejected (exit 1) with the
// guard that broke, and bad input exits 2.
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { HOLD_POLICY, query, sweptStore } from '../analysis/store-fixture.js';

let db: string;

beforeAll(async () => {
  db = await sweptStore('paysim-replay-');
});

/** Rows of `table` of the runs of a variant, keyed by the pair (grid point, seed) instead of the run. */
function pairedRows(table: string, variant: string, columns: string): string {
  return `SELECT r.params_json, r.seed, ${columns} FROM ${table} t JOIN runs r USING (run_key)
          WHERE r.experiment_id = 'fifo-vs-hold' AND r.variant = '${variant}'`;
}

async function differences(table: string, columns: string, a: string, b: string): Promise<[number, number, number]> {
  const [row] = await query(
    db,
    `SELECT (SELECT count(*) FROM (${pairedRows(table, a, columns)} EXCEPT ALL ${pairedRows(table, b, columns)})) AS only_a,
            (SELECT count(*) FROM (${pairedRows(table, b, columns)} EXCEPT ALL ${pairedRows(table, a, columns)})) AS only_b,
            (SELECT count(*) FROM (${pairedRows(table, a, columns)})) AS rows_a`,
  );
  return [row!['only_a'] as number, row!['only_b'] as number, row!['rows_a'] as number];
}

describe('paysim replay', () => {
  it('with the original policies reproduces every stored run exactly, and rejects (no improvement)', async () => {
    const r = await cli(['replay', '--db', db, '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { variant: string; replayed: number; verdict: { decision: string; reasons: string[] } };
    expect(doc).toMatchObject({ variant: 'replay-original', replayed: 20, verdict: { decision: 'reject' } });
    expect(doc.verdict.reasons).toEqual(['no improvement in total_cost: the mean difference is 0 over 20 pairs']);
    // Every transaction column (settled tick, mechanism, every cost), agent day and agent total.
    for (const [table, columns] of [
      ['transactions', 't.* EXCLUDE (run_key)'],
      ['agent_days', 't.* EXCLUDE (run_key)'],
      ['run_agents', 't.* EXCLUDE (run_key)'],
    ] as const) {
      const [onlyOriginal, onlyReplay, rows] = await differences(table, columns, 'baseline', 'replay-original');
      expect([onlyOriginal, onlyReplay], table).toEqual([0, 0]);
      expect(rows, table).toBeGreaterThan(0);
    }
    const metrics = 'r.settled, r.dropped, r.settlement_rate, r.delay_mean, r.total_cost, r.cost_delay, r.peak_liquidity_used';
    expect(await differences('(SELECT run_key FROM runs)', metrics, 'baseline', 'replay-original')).toEqual([0, 0, 20]);
    // Each replay is linked to the run it replayed: same seed and grid point, source in 'baseline'.
    const links = await query(
      db,
      `SELECT count(*) AS n, count(DISTINCT l.source_run_key) AS sources,
              count(*) FILTER (WHERE s.variant = 'baseline' AND s.seed = r.seed AND s.params_json = r.params_json) AS paired
       FROM run_links l JOIN runs r USING (run_key) JOIN runs s ON s.run_key = l.source_run_key
       WHERE r.variant = 'replay-original' AND l.kind = 'replay'`,
    );
    expect(links[0]).toEqual({ n: 20, sources: 20, paired: 20 });
  });

  it('accepts a known better candidate: Fifo for every bank replayed over the hold runs', async () => {
    const policies = ['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D'].flatMap((a) => ['--policy', `${a}=Fifo`]);
    const r = await cli(['replay', '--db', db, '--variant', 'hold', ...policies, '--metric', 'cost_delay', '--max-settlement-drop', '0', '--max-agent-cost-rise', '0%', '--json']);
    expect(r.status, r.stderr + r.stdout.slice(0, 2000)).toBe(0);
    const doc = JSON.parse(r.stdout) as { source_variant: string; replayed: number; reused: number; verdict: { decision: string; guards: Array<{ broken: boolean }> } };
    expect(doc).toMatchObject({ source_variant: 'hold', replayed: 20, reused: 0, verdict: { decision: 'accept' } });
    expect(doc.verdict.guards.map((g) => g.broken)).toEqual([false, false]);
    // The same candidates again: the stored replay is reused, the verdict is the same.
    const again = await cli(['replay', '--db', db, '--variant', 'hold', ...policies, '--metric', 'cost_delay', '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ replayed: 0, reused: 20 });
  });

  it('rejects a known worse candidate and names the broken guard', async () => {
    const r = await cli(['replay', '--db', db, '--policy', `BANK_A=${HOLD_POLICY}`, '--max-settlement-drop', '1%', '--as', 'a-holds']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("as variant 'a-holds'");
    expect(r.stdout).toContain('verdict: REJECT');
    expect(r.stdout).toMatch(/total_cost got worse/);
    expect(r.stdout).toMatch(/settlement rate fell by [\d.]+ points in pair/);
  });

  it('bad input exits 2', async () => {
    const agent = await cli(['replay', '--db', db, '--policy', 'BANK_Z=Fifo']);
    expect(agent.status).toBe(2);
    expect(agent.stderr).toContain("no agent 'BANK_Z'");
    const file = await cli(['replay', '--db', db, '--policy', 'BANK_A=missing.json']);
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('missing.json');
    const alpha = await cli(['replay', '--db', db, '--alpha', '2']);
    expect(alpha.status).toBe(2);
    expect(alpha.stderr).toContain('--alpha');
  });
});
