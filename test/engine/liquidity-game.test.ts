// The two-bank, two-period liquidity game of Castro et al. as shipped
// (scenarios/castro_two_bank_game.yaml), worked by hand at the grid's equilibrium and next to it.
import { describe, expect, it } from 'vitest';
import { parseScenarioDocument, readDocumentFile } from '../../src/config/scenario.js';
import { Simulation } from '../../src/engine/simulation.js';

function costs(fractionA: number, fractionB: number) {
  const doc = readDocumentFile('scenarios/castro_two_bank_game.yaml') as { agents: Array<Record<string, unknown>> };
  doc.agents[0]!['initial_liquidity_fraction'] = fractionA;
  doc.agents[1]!['initial_liquidity_fraction'] = fractionB;
  const loaded = parseScenarioDocument(doc, { file: 'castro.yaml', baseDir: 'scenarios' });
  const sim = new Simulation(loaded.config, loaded.policies.map((p) => p.compile()));
  sim.run();
  const r = sim.results();
  return {
    A: r.summary.agents[0]!,
    B: r.summary.agents[1]!,
    settledBy: r.transactions.map((t) => [t.settled_tick, t.settled_by]),
  };
}

describe('Castro et al. two-bank game', () => {
  it('at the equilibrium (A 0, B 0.2): B pays 2 000 for its liquidity, A nothing', () => {
    // B brings 20 000 (2 ticks × 5 % = 2 000). Tick 0: B→A 15 000 settles; A's credit waits for
    // the end of the tick. Tick 1: A pays A→B 15 000 with it; B pays B→A 5 000 from its last
    // 5 000 (A's 15 000 is credited only at the end of tick 1). No delay, no backstop.
    const c = costs(0, 0.2);
    expect(c.settledBy).toEqual([[0, 'rtgs'], [1, 'rtgs'], [1, 'rtgs']]);
    expect([c.A.total_cost, c.B.total_cost]).toEqual([0, 2_000]);
    expect(c.B.cost_liquidity).toBe(2_000);
  });

  it('B bringing one step less (0.15) costs it 3 510: liquidity 1 500, delay 10, backstop 2 000', () => {
    // B brings 15 000 (1 500): B→A 15 000 at tick 0 uses it all; at tick 1 B→A 5 000 waits in Q2
    // (delay 0.2 % × 5 000 = 10, charged in Q2), and the backstop settles it at 40 % = 2 000.
    const c = costs(0, 0.15);
    expect(c.settledBy).toEqual([[0, 'rtgs'], [1, 'backstop'], [1, 'rtgs']]);
    expect([c.B.cost_liquidity, c.B.cost_delay, c.B.cost_backstop, c.B.total_cost]).toEqual([1_500, 10, 2_000, 3_510]);
    expect(c.A.total_cost).toBe(0);
  });

  it('A free-rides on B’s early payment: bringing 0.05 only adds 500 to its cost', () => {
    expect(costs(0.05, 0.2).A.total_cost).toBe(500);
  });

  it('without B’s early payment (B 0), A needs 15 000 of its own: best 0.15 at 1 500', () => {
    // B brings 0: its 15 000 waits (delay 30 at tick 0 and tick 1) and is backstopped. A at tick 1
    // can pay 15 000 only from its own pool; without it, the backstop at 40 % costs 6 000.
    const own = costs(0.15, 0);
    expect(own.A.total_cost).toBe(1_500);
    const none = costs(0, 0);
    expect([none.A.cost_delay, none.A.cost_backstop, none.A.total_cost]).toEqual([30, 6_000, 6_030]);
  });
});
