// The named queries cost-by-agent and lsm-contribution are built from the engine's vocabulary
// (issue 26: they left out the `liquidity` and `backstop` cost kinds and `backstop` settlements).
// One run of the Castro two-bank game where BANK_A brings its whole pool (liquidity cost) and
// BANK_B brings nothing (its payments are short: delay, then the end-of-day backstop) gives every
// such kind a value that is not zero; each column must equal what the stored rows say.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COST_KINDS, LSM_SETTLED_BY, SETTLED_BY } from '../../src/engine/vocabulary.js';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from './helpers.js';

const dir = tempDir();
const db = join(dir, 'q.duckdb');

type Row = Record<string, number | string | null>;

async function named(name: string): Promise<Row[]> {
  const r = await cli(['query', name, '--db', db, '--experiment', 'adhoc', '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Row[];
}

beforeAll(async () => {
  const scenario = join(dir, 'castro.yaml');
  const text = readFileSync('scenarios/castro_two_bank_game.yaml', 'utf8').replace(
    /(- id: BANK_B\n(?:.*\n)*?\s+initial_liquidity_fraction:) 1/,
    '$1 0',
  );
  expect(text).toMatch(/id: BANK_B\n(?:.*\n)*?\s+initial_liquidity_fraction: 0/);
  writeFileSync(scenario, text);
  expect((await cli(['run', scenario, '--db', db])).status).toBe(0);
});

describe('cost-by-agent: one column per cost kind of the vocabulary', () => {
  it.each(COST_KINDS)('%s: the mean of its run_agents cost column per agent', async (kind) => {
    const rows = await named('cost-by-agent');
    const stored = await queryFile(db, `SELECT agent, cost_${kind} AS v FROM run_agents ORDER BY agent`);
    expect(rows.map((r) => [r['agent'], Number(r[kind])])).toEqual(stored.map((s) => [s['agent'], Number(s['v'])]));
  });

  it('the game gives liquidity and backstop costs (so those columns are tested on values, not zeros)', async () => {
    const rows = await named('cost-by-agent');
    const sum = (kind: string) => rows.reduce((acc, r) => acc + Number(r[kind]), 0);
    expect(sum('liquidity')).toBeGreaterThan(0);
    expect(sum('backstop')).toBeGreaterThan(0);
    // The kinds add up to the total, per agent.
    for (const r of rows) expect(COST_KINDS.reduce((acc, k) => acc + Number(r[k]), 0)).toBe(Number(r['total']));
  });
});

describe('lsm-contribution: one share per settlement mechanism of the vocabulary', () => {
  it.each(SETTLED_BY)('%s: its runs.settled_ column ÷ all settlements', async (mechanism) => {
    const [row] = await named('lsm-contribution');
    const [stored] = await queryFile(db, `SELECT settled_${mechanism} AS n, settled FROM runs`);
    expect(row!['settlements']).toBe(Number(stored!['settled']));
    expect(row![`${mechanism}_share`]).toBeCloseTo(Number(stored!['n']) / Number(stored!['settled']), 12);
  });

  it('the shares add up to 1, the backstop has a share, and lsm_share is the LSM mechanisms’', async () => {
    const [row] = await named('lsm-contribution');
    expect(SETTLED_BY.reduce((acc, m) => acc + Number(row![`${m}_share`]), 0)).toBeCloseTo(1, 12);
    expect(Number(row!['backstop_share'])).toBeGreaterThan(0);
    expect(row!['lsm_share']).toBeCloseTo(LSM_SETTLED_BY.reduce((acc, m) => acc + Number(row![`${m}_share`]), 0), 12);
  });
});
