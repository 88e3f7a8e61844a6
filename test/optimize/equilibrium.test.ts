// Iterated best response on games whose equilibria are known by hand.
import { describe, expect, it } from 'vitest';
import { type BatchRequest, iteratedBestResponse, type Player } from '../../src/optimize/equilibrium.js';
import { gridSearch } from '../../src/optimize/grid.js';
import type { Evaluate } from '../../src/optimize/search.js';
import { type Assignment, assignmentAt, gridLevels, type Parameter } from '../../src/optimize/space.js';

const fraction = (name: string): Parameter => ({ name, type: 'real', low: 0, high: 1, values: [], levels: 21 });
const cost = (f: (a: Assignment) => number): Evaluate => async ({ assignment }, seeds) => seeds.map(() => ({ objective: f(assignment), constraints: [] }));

describe('iterated best response', () => {
  it('reaches the equilibrium of a game with linear best responses', async () => {
    // A's best response a = 0.22 + 0.5 b, B's b = 0.1 + 0.4 a: equilibrium (0.3375, 0.235). On the
    // 0.05 grid each answers with the level nearest its best response: from (0.5, 0.5), A 0.47 → 0.45,
    // B 0.28 → 0.3, A 0.37 → 0.35, B 0.24 → 0.25, A 0.345 → 0.35 (stays): (0.35, 0.25).
    const A: Player = { agent: 'A', space: [fraction('a')], direction: 'lower', evaluate: cost((x) => (Number(x['a']) - 0.22 - 0.5 * Number(x['b'])) ** 2) };
    const B: Player = { agent: 'B', space: [fraction('b')], direction: 'lower', evaluate: cost((x) => (Number(x['b']) - 0.1 - 0.4 * Number(x['a'])) ** 2) };
    const r = await iteratedBestResponse({
      players: [A, B],
      start: { a: 0.5, b: 0.5 },
      method: (p) => gridSearch(gridLevels(p.space)),
      seeds: ['1'],
      tolerance: 1e-12,
      maxRounds: 20,
    });
    expect(r.status).toBe('converged');
    expect(r.profile['a']).toBeCloseTo(0.35, 10);
    expect(r.profile['b']).toBeCloseTo(0.25, 10);
    expect(r.regret).toEqual({ A: 0, B: 0 });
    expect(r.path[0]!.profile['a']).toBeCloseTo(0.45, 10);
    expect(r.path[1]!.profile['b']).toBeCloseTo(0.3, 10);
    expect(r.path.map((s) => s.moved)).toEqual([true, true, true, true, false, false]);
    expect(r.rounds).toBe(3);
  });

  it("holds each agent to its own constraints, moving off a profile that breaks them", async () => {
    // The game above with B held to b ≥ 0.4 (its constraint value is b itself), from (0.5, 0.2),
    // where B breaks it: A 0.32 → 0.3; B must move: its best feasible response is 0.4 (0.22 is
    // below the bound); A 0.42 → 0.4; B 0.26 → stays at 0.4; a third round with no move: (0.4, 0.4).
    const A: Player = { agent: 'A', space: [fraction('a')], direction: 'lower', evaluate: cost((x) => (Number(x['a']) - 0.22 - 0.5 * Number(x['b'])) ** 2) };
    const B: Player = {
      agent: 'B',
      space: [fraction('b')],
      direction: 'lower',
      constraints: [{ label: 'b ≥ 0.4', min: 0.4, max: null }],
      evaluate: async ({ assignment: x }, seeds) => seeds.map(() => ({ objective: (Number(x['b']) - 0.1 - 0.4 * Number(x['a'])) ** 2, constraints: [Number(x['b'])] })),
    };
    const r = await iteratedBestResponse({ players: [A, B], start: { a: 0.5, b: 0.2 }, method: (p) => gridSearch(gridLevels(p.space)), seeds: ['1'], tolerance: 1e-12, maxRounds: 20 });
    expect(r.status).toBe('converged');
    expect(r.profile['a']).toBeCloseTo(0.4, 10);
    expect(r.profile['b']).toBeCloseTo(0.4, 10);
    expect(r.path.map((s) => [s.agent, s.moved])).toEqual([['A', true], ['B', true], ['A', true], ['B', false], ['A', false], ['B', false]]);
  });

  it('stops on a cycle (matching pennies has no pure equilibrium)', async () => {
    const choice = (name: string): Parameter => ({ name, type: 'choice', low: 0, high: 0, values: ['H', 'T'], levels: null });
    const A: Player = { agent: 'A', space: [choice('a')], direction: 'lower', evaluate: cost((x) => (x['a'] === x['b'] ? 0 : 1)) };
    const B: Player = { agent: 'B', space: [choice('b')], direction: 'lower', evaluate: cost((x) => (x['a'] === x['b'] ? 1 : 0)) };
    const r = await iteratedBestResponse({ players: [A, B], start: { a: 'H', b: 'T' }, method: (p) => gridSearch(gridLevels(p.space)), seeds: ['1'], tolerance: 0, maxRounds: 10 });
    expect(r.status).toBe('cycle');
    expect(Math.max(...Object.values(r.regret))).toBeGreaterThan(0);
  });

  it('simultaneous (Jacobi) responses reach the same equilibrium of the linear game, by another path', async () => {
    // Both answer the profile the round started from, on the 0.05 grid, and move together:
    // from (0.5, 0.5): A 0.47 → 0.45, B 0.3 → 0.3: (0.45, 0.3); A 0.37 → 0.35, B 0.28 → 0.3 (stays):
    // (0.35, 0.3); A 0.37 → 0.35 (stays), B 0.24 → 0.25: (0.35, 0.25); A 0.345 → 0.35, B 0.24 → 0.25:
    // nobody moves in round 4.
    const A: Player = { agent: 'A', space: [fraction('a')], direction: 'lower', evaluate: cost((x) => (Number(x['a']) - 0.22 - 0.5 * Number(x['b'])) ** 2) };
    const B: Player = { agent: 'B', space: [fraction('b')], direction: 'lower', evaluate: cost((x) => (Number(x['b']) - 0.1 - 0.4 * Number(x['a'])) ** 2) };
    const r = await iteratedBestResponse({
      players: [A, B],
      start: { a: 0.5, b: 0.5 },
      method: (p) => gridSearch(gridLevels(p.space)),
      seeds: ['1'],
      tolerance: 1e-12,
      maxRounds: 20,
      order: 'simultaneous',
    });
    expect(r.status).toBe('converged');
    expect(r.rounds).toBe(4);
    expect(r.profile['a']).toBeCloseTo(0.35, 10);
    expect(r.profile['b']).toBeCloseTo(0.25, 10);
    expect(r.regret).toEqual({ A: 0, B: 0 });
    expect(r.path.map((s) => s.moved)).toEqual([true, true, true, false, false, true, false, false]);
    // Each step of a round shows the profile the round ended at.
    expect(r.path[0]!.profile['a']).toBeCloseTo(0.45, 10);
    expect(r.path[1]!.profile['b']).toBeCloseTo(0.3, 10);
    expect(r.path[1]!.profile['a']).toBeCloseTo(0.45, 10);
  });

  it('a batch of every planned point ahead of the searches changes nothing but how they are evaluated', async () => {
    const calls: Array<{ a: number; b: number }> = [];
    const counted = (f: (x: Assignment) => number): Evaluate => async ({ assignment }, seeds) => {
      calls.push({ a: Number(assignment['a']), b: Number(assignment['b']) });
      return seeds.map(() => ({ objective: f(assignment), constraints: [] }));
    };
    const players = (): Player[] => [
      { agent: 'A', space: [fraction('a')], direction: 'lower', evaluate: counted((x) => (Number(x['a']) - 0.22 - 0.5 * Number(x['b'])) ** 2) },
      { agent: 'B', space: [fraction('b')], direction: 'lower', evaluate: counted((x) => (Number(x['b']) - 0.1 - 0.4 * Number(x['a'])) ** 2) },
    ];
    for (const order of ['sequential', 'simultaneous'] as const) {
      const common = { start: { a: 0.5, b: 0.5 }, method: (p: Player) => gridSearch(gridLevels(p.space)), seeds: ['1', '2'], tolerance: 1e-12, maxRounds: 20, order };
      const plain = await iteratedBestResponse({ players: players(), ...common });
      const batches: BatchRequest[][] = [];
      const batched = await iteratedBestResponse({
        players: players(),
        ...common,
        plannedPoints: (p) => {
          const out: Assignment[] = [];
          const grid = gridSearch(gridLevels(p.space));
          for (let next = grid.next(); !next.done; next = grid.next(0)) out.push(assignmentAt(p.space, next.value));
          return out;
        },
        batch: async (requests) => void batches.push([...requests]),
      });
      expect(batched, order).toEqual(plain);
      // Simultaneous: one batch a round holding both players' grids (4 rounds); sequential: one per
      // player and round (3 rounds), but for B's last search, at a = 0.35, whose grid round 2 ran.
      expect(batches.length, order).toBe(order === 'simultaneous' ? 4 : 5);
      const first = batches[0]!;
      expect(new Set(first.map((r) => r.player.agent)), order).toEqual(new Set(order === 'simultaneous' ? ['A', 'B'] : ['A']));
      // The start on every seed, the 20 other grid points (0.5 is the start) on the seeds the search asks for.
      expect(first.filter((r) => r.player.agent === 'A').map((r) => [r.profiles.length, r.seeds.length]), order).toEqual([
        [1, 2],
        [20, 2],
      ]);
    }
  });
});
