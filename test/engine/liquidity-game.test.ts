// The two-bank, two-period liquidity game of Castro et al. (2025) as shipped
// (scenarios/castro_two_bank_game.yaml): the paper's costs (r_c 0.1 for the day, r_d 0.2 a period,
// r_b 0.4), worked by hand at the equilibrium and next to it, and equal to the paper's cost
// function (src/reproduce/castro-model.ts) in every cell of the 21 × 21 grid.
import { describe, expect, it } from 'vitest';
import { parseScenarioDocument, readDocumentFile } from '../../src/config/scenario.js';
import { Simulation } from '../../src/engine/simulation.js';
import { CASTRO_TWO_PERIOD, castroCosts } from '../../src/reproduce/castro-model.js';

const POOL = 100_000;
const base = readDocumentFile('scenarios/castro_two_bank_game.yaml') as { agents: Array<Record<string, unknown>> };

function costs(fractionA: number, fractionB: number) {
  const doc = structuredClone(base);
  doc.agents[0]!['initial_liquidity_fraction'] = fractionA;
  doc.agents[1]!['initial_liquidity_fraction'] = fractionB;
  const loaded = parseScenarioDocument(doc, { file: 'castro.yaml', baseDir: 'scenarios' });
  const sim = new Simulation(loaded.config, loaded.policies.map((p) => p.compile()));
  sim.run();
  const r = sim.results();
  return {
    A: r.summary.agents[0]!,
    B: r.summary.agents[1]!,
    settledBy: r.transactions.map((t) => [t.sender, t.settled_tick, t.settled_by]),
  };
}

describe('Castro et al. two-bank game', () => {
  it('at the equilibrium (A 0, B 0.2): B pays 2 000 for its liquidity (0.02 of the pool), A nothing', () => {
    // B brings 20 000: 500 bps × 2 ticks = 2 000 (r_c 0.1 × 0.2 of the pool). Tick 0: B's three
    // pieces of 5 000 settle; A's 15 000 credit waits for the end of the tick. Tick 1: A pays its
    // three pieces with it; B pays its last 5 000 (A's money reaches B only at the end of tick 1).
    const c = costs(0, 0.2);
    expect(c.settledBy).toEqual([
      ['BANK_B', 0, 'rtgs'], ['BANK_B', 0, 'rtgs'], ['BANK_B', 0, 'rtgs'],
      ['BANK_B', 1, 'rtgs'], ['BANK_A', 1, 'rtgs'], ['BANK_A', 1, 'rtgs'], ['BANK_A', 1, 'rtgs'],
    ]);
    expect([c.A.total_cost, c.B.total_cost]).toEqual([0, 2_000]);
    expect(c.B.cost_liquidity).toBe(2_000);
  });

  it('B one step less (0.15): 3 500 = liquidity 1 500 + backstop 2 000 — no delay on the last tick (r_b alone)', () => {
    // B brings 15 000 (1 500): tick 0 uses it all; at tick 1 its 5 000 waits in Q2 and the
    // backstop lends it at 40 % = 2 000. With replaces_delay the last tick charges no delay on it:
    // the paper's shortfall costs r_b × 0.05 = 0.02 of the pool, not r_b + r_d.
    const c = costs(0, 0.15);
    expect(c.settledBy.map((s) => s[2])).toEqual(['rtgs', 'rtgs', 'rtgs', 'backstop', 'rtgs', 'rtgs', 'rtgs']);
    expect([c.B.cost_liquidity, c.B.cost_delay, c.B.cost_backstop, c.B.total_cost]).toEqual([1_500, 0, 2_000, 3_500]);
    expect(c.A.total_cost).toBe(0);
  });

  it('B at 0.1 pays 10 000 of 15 000 at tick 0: delay 0.2 × 5 000 = 1 000, then 10 000 to the backstop (4 000)', () => {
    // The divisible payment of the paper, by pieces: two of B's three pieces settle at tick 0, the
    // third waits (delay 1 000 at tick 0); at tick 1 it and the new 5 000 go to the backstop at
    // 40 % = 4 000. 1 000 liquidity + 1 000 delay + 4 000 = 6 000 (paper: 0.01 + 0.01 + 0.04).
    const c = costs(0, 0.1);
    expect([c.B.cost_liquidity, c.B.cost_delay, c.B.cost_backstop, c.B.total_cost]).toEqual([1_000, 1_000, 4_000, 6_000]);
    // A gets only 10 000 from B at tick 0: one of its pieces goes to the backstop, 2 000.
    expect([c.A.cost_backstop, c.A.total_cost]).toEqual([2_000, 2_000]);
  });

  it('A free-rides on B’s early payment: bringing 0.05 only adds 500 to its cost', () => {
    expect(costs(0.05, 0.2).A.total_cost).toBe(500);
  });

  it('without B’s early payment (B 0), A needs 15 000 of its own: best 0.15 at 1 500', () => {
    // B brings 0: its 15 000 waits at tick 0 (delay 0.2 × 15 000 = 3 000), and at tick 1 all
    // 20 000 go to the backstop (8 000). A at tick 1 can pay 15 000 only from its own pool;
    // without it, the backstop at 40 % costs 6 000 and nothing else.
    expect(costs(0.15, 0).A.total_cost).toBe(1_500);
    const none = costs(0, 0);
    expect([none.A.cost_delay, none.A.cost_backstop, none.A.total_cost]).toEqual([0, 6_000, 6_000]);
    expect([none.B.cost_delay, none.B.cost_backstop, none.B.total_cost]).toEqual([3_000, 8_000, 11_000]);
  });

  it('equals the paper’s cost function in every one of the 21 × 21 grid cells, for both banks', () => {
    const differ: string[] = [];
    for (let a = 0; a <= 20; a++) {
      for (let b = 0; b <= 20; b++) {
        const [fa, fb] = [a / 20, b / 20];
        const c = costs(fa, fb);
        const paper = castroCosts(CASTRO_TWO_PERIOD, [fa, fb]).map((x) => Math.round(x * POOL));
        if (c.A.total_cost !== paper[0] || c.B.total_cost !== paper[1]) differ.push(`(${fa}, ${fb}): paysim ${c.A.total_cost}/${c.B.total_cost}, paper ${paper.join('/')}`);
      }
    }
    expect(differ).toEqual([]);
  });
});
