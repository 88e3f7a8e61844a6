// Per-agent constraints on the two-bank liquidity game (scenarios/castro_two_bank_game.yaml),
// worked by hand. BANK_A brings its whole pool (the scenario's fraction 1): 100 000 × 500 bps × 2
// ticks = 10 000. BANK_B brings f of its 100 000 and pays 10 000 f for it; below f = 0.2 it cannot
// pay its 15 000 + 5 000 on time and waits, then the backstop takes 40 %, so its cost is lowest at
// f = 0.2 (2 000). Held to a liquidity cost of at least 4 000 (f ≥ 0.4, a minimum the regulator
// sets, say), the best feasible f is 0.4: system cost 10 000 + 4 000. Every payment settles in the
// end (the backstop's settlements count), so BANK_B's settlement rate by value is 1 everywhere.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

function experiment(constraints: unknown[], outputs: Record<string, boolean> = { transactions: false }): string {
  const file = join('test/optimize/fixtures', `tmp-constraints-${process.pid}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    stringify({
      name: 'constrained-game',
      scenario: '../../../scenarios/castro_two_bank_game.yaml',
      seeds: [1],
      outputs,
      optimize: {
        method: 'grid',
        parameters: [{ name: 'f', agent: 'BANK_B', path: 'agents[BANK_B].initial_liquidity_fraction', type: 'real', bounds: [0, 1], levels: 11 }],
        objective: { metric: 'total_cost' },
        constraints,
        seeds: [1],
        racing: false,
      },
    }),
  );
  return file;
}

interface Report {
  best: { assignment: { f: number }; mean: number };
  trials: Array<{ assignment: { f: number }; status: string; reason: string; constraint_means: number[] }>;
}

describe('per-agent constraints', () => {
  it("hold the search to one agent's cost and settlement rate, and say which one a trial missed", async () => {
    const file = experiment([
      { metric: 'cost_liquidity', agent: 'BANK_B', min: 4000 },
      { metric: 'settlement_rate_value', agent: 'BANK_B', min: 1 },
    ]);
    try {
      const r = await cli(['optimize', file, '--db', join(tempDir(), 'c.duckdb'), '--workers', '1', '--json', '--out', join(tempDir(), 'w.json')]);
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.best.assignment.f).toBe(0.4);
      expect(report.best.mean).toBe(14000);
      const byF = new Map(report.trials.filter((t) => t.status !== 'repeat').map((t) => [t.assignment.f, t]));
      for (const f of [0, 0.1, 0.2, 0.3]) {
        expect(byF.get(f)!.status).toBe('infeasible');
        expect(byF.get(f)!.reason).toMatch(/^cost_liquidity of BANK_B ≥ 4000 not met/);
      }
      expect(byF.get(0.3)!.constraint_means).toEqual([3000, 1]);
      expect(byF.get(0.4)!.status).toBe('accepted');
      expect(byF.get(0.7)!.constraint_means).toEqual([7000, 1]);
    } finally {
      rmSync(file);
    }
  });

  it('an equilibrium no profile of which meets a constraint names no winner: none is confirmed, written or stored', async () => {
    const file = join('test/optimize/fixtures', `tmp-constraints-${process.pid}-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      stringify({
        name: 'infeasible-game',
        scenario: '../../../scenarios/castro_two_bank_game.yaml',
        seeds: [1],
        outputs: { transactions: false },
        optimize: {
          mode: 'equilibrium',
          method: 'grid',
          parameters: [
            { name: 'fa', agent: 'BANK_A', path: 'agents[BANK_A].initial_liquidity_fraction', type: 'real', bounds: [0, 1], levels: 3 },
            { name: 'fb', agent: 'BANK_B', path: 'agents[BANK_B].initial_liquidity_fraction', type: 'real', bounds: [0, 1], levels: 3 },
          ],
          start: { fa: 0.5, fb: 0.5 },
          objective: { metric: 'total_cost' },
          // BANK_B's liquidity cost is 10 000 f ≤ 10 000: no f meets it.
          constraints: [{ metric: 'cost_liquidity', agent: 'BANK_B', min: 20000 }],
          seeds: [1],
          confirm_seeds: [2],
          racing: false,
          budget: { rounds: 3 },
        },
      }),
    );
    try {
      const db = join(tempDir(), 'i.duckdb');
      const r = await cli(['optimize', file, '--db', db, '--workers', '1', '--json', '--out', join(tempDir(), 'w.json')]);
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { equilibrium: { status: string }; confirmation: unknown; winner_file: unknown };
      expect(report.equilibrium.status).toBe('infeasible');
      expect(report.confirmation).toBeNull();
      expect(report.winner_file).toBeNull();
      const [row] = await queryFile(db, `SELECT json_extract(result_json, '$.winner') AS winner FROM optimizations`);
      expect(row!['winner']).toBe('null');
    } finally {
      rmSync(file);
    }
  });

  it.each([
    ['a metric not kept per agent', [{ metric: 'delay_p95', agent: 'BANK_B', max: 3 }], {}, 'optimize.constraints[0].metric', /not stored per agent/],
    ['an unknown agent', [{ metric: 'total_cost', agent: 'BANK_Z', max: 3 }], {}, 'optimize.constraints[0].agent', /no agent 'BANK_Z'/],
    ["an agent's settlement rate without agent_days", [{ metric: 'settlement_rate_value', agent: 'BANK_B', min: 0.9 }], { agent_days: false }, 'optimize.constraints[0].agent', /agent_days/],
    ['no bound', [{ metric: 'total_cost', agent: 'BANK_B' }], {}, 'optimize.constraints[0]', /min and\/or max/],
  ])('refuse %s with exit 2 and a path', async (_what, constraints, outputs, path, message) => {
    const file = experiment(constraints, outputs);
    try {
      const r = await cli(['optimize', file, '--db', join(tempDir(), 'never.duckdb')]);
      expect(r.status).toBe(2);
      const line = r.stderr.split('\n').find((l) => l.includes(`: ${path}:`) || l.endsWith(`: ${path}`) || l.includes(`: ${path} `));
      expect(line, r.stderr).toBeDefined();
      expect(line).toMatch(message);
    } finally {
      rmSync(file);
    }
  });
});
