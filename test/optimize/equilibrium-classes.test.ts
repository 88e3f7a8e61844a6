// Equilibrium between classes of banks (docs/optimize.md, "Classes"), by hand: the fixture is two
// copies of the two-bank liquidity game side by side (castro-four-bank.yaml), the A banks one class
// and the B banks another. A class's objective is its members' summed cost, and both copies answer
// alike, so each class answers as one bank of the game does, twice over: the B banks bring 0.2 of
// their pools (20 000 × 500 bps × 2 ticks = 2 000 each, 4 000 for the class) and the A banks
// nothing. From (0.5, 0.5), where each bank brings 50 000 at 5 000 (10 000 a class), both classes
// move in the first round (simultaneous best responses) and nobody in the second.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../store/helpers.js';

const FIXTURE = 'test/optimize/fixtures/class-game.yaml';

interface Report {
  readonly trials: ReadonlyArray<Record<string, unknown>>;
  readonly runs_executed: number;
  readonly equilibrium: {
    status: string;
    rounds: number;
    profile: Record<string, number>;
    regret: Record<string, number>;
    objective: Record<string, number>;
    path: Array<{ agent: string; moved: boolean; before: number; best: number }>;
  };
}

async function optimize(workers: number): Promise<Report> {
  const db = join(tempDir(), `classes-${workers}.duckdb`);
  const r = await cli(['optimize', FIXTURE, '--db', db, '--workers', String(workers), '--out', join(tempDir(), 'w.json'), '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('equilibrium mode with classes of agents', () => {
  it('reaches the class equilibrium (0, 0.2) with zero regrets, the same trials with 1 and 2 workers', async () => {
    const one = await optimize(1);
    const e = one.equilibrium;
    expect(e.status).toBe('converged');
    expect(e.rounds).toBe(2);
    expect(e.profile).toEqual({ fraction_late: 0, fraction_early: 0.2 });
    expect(e.regret).toEqual({ payers_late: 0, payers_early: 0 });
    expect(e.objective).toEqual({ payers_late: 0, payers_early: 4000 });
    expect(e.path.map((s) => [s.agent, s.moved, s.before, s.best])).toEqual([
      ['payers_late', true, 10000, 0],
      ['payers_early', true, 10000, 4000],
      ['payers_late', false, 0, 0],
      ['payers_early', false, 4000, 4000],
    ]);
    // One seed. Round 1: the start (0.5, 0.5) and each grid's 10 other points, 21 runs; round 2: its
    // start (0, 0.2) and each grid's points but the one round 1 ran ((0.5, 0.2), (0, 0.5)), 1 + 9 + 9.
    expect(one.runs_executed).toBe(40);

    const two = await optimize(2);
    expect(two.trials).toEqual(one.trials);
    expect(two.equilibrium).toEqual(one.equilibrium);
  });

  it.each([
    ['a member that is no agent', (o: Record<string, unknown>) => ((o['classes'] as Record<string, string[]>)['payers_late'] = ['BANK_A1', 'BANK_Z']), 'optimize.classes.payers_late[1]', /no agent 'BANK_Z'/],
    ['an agent in two classes', (o: Record<string, unknown>) => ((o['classes'] as Record<string, string[]>)['payers_early'] = ['BANK_B1', 'BANK_A1']), 'optimize.classes.payers_early[1]', /already in class 'payers_late'/],
    ['an unknown class', (o: Record<string, unknown>) => ((o['parameters'] as Array<Record<string, unknown>>)[0]!['class'] = 'payers'), 'optimize.parameters[0].class', /no class 'payers'/],
    ['a class path not over agents[*]', (o: Record<string, unknown>) => ((o['parameters'] as Array<Record<string, unknown>>)[0]!['path'] = 'agents[BANK_A1].initial_liquidity_fraction'), 'optimize.parameters[0].path', /starts with agents\[\*\]\./],
    ['a member given a parameter of its own', (o: Record<string, unknown>) => ((o['parameters'] as Array<Record<string, unknown>>)[1] = { name: 'own', agent: 'BANK_B1', path: 'agents[BANK_B1].initial_liquidity_fraction', type: 'real', bounds: [0, 1] }), 'optimize.parameters[1].agent', /member of class 'payers_early'/],
    ['an order that is none', (o: Record<string, unknown>) => (o['order'] = 'random'), 'optimize.order', /sequential/],
  ])('refuses %s with exit 2 and a path', async (_what, change, path, message) => {
    const doc = parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
    change(doc['optimize'] as Record<string, unknown>);
    const file = join('test/optimize/fixtures', `class-game-bad-${process.pid}.yaml`);
    writeFileSync(file, stringify(doc));
    try {
      const r = await cli(['optimize', file, '--db', join(tempDir(), 'never.duckdb')]);
      expect(r.status).toBe(2);
      const line = r.stderr.split('\n').find((l) => l.includes(`: ${path}`));
      expect(line, r.stderr).toBeDefined();
      expect(line).toMatch(message);
    } finally {
      rmSync(file);
    }
  });
});
