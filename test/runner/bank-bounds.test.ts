// Horizon bounds for the frontier (docs/liquidity.md, "Several days"), worked by hand and checked
// against the engine: over several days, balances carry over, and a bank given its horizon upper
// bound pays every order on arrival.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { horizonBounds } from '../../src/runner/liquidity/bank-bounds.js';
import { Simulation } from '../../src/engine/simulation.js';
import { releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

describe('horizonBounds', () => {
  it('worked by hand', () => {
    // A: day 0 UB 150, net +30; day 1 UB 70, net −60 → reach 150, then 30 + 70 = 100: UB 150;
    //    net over both days −30: LB 0.
    // B: day 0 UB 50, net +50; day 1 UB 40, net +40 → reach 50, then 50 + 40 = 90: UB 90, LB 90.
    const b = horizonBounds(
      ['A', 'B'],
      [
        { agent: 'B', day: 1, liquidity_upper_bound: 40, net_order_outflow: 40 },
        { agent: 'A', day: 0, liquidity_upper_bound: 150, net_order_outflow: 30 },
        { agent: 'B', day: 0, liquidity_upper_bound: 50, net_order_outflow: 50 },
        { agent: 'A', day: 1, liquidity_upper_bound: 70, net_order_outflow: -60 },
      ],
    );
    expect(b.upper).toEqual([150, 90]);
    expect(b.lower).toEqual([0, 90]);
  });

  it('several days, one order per tick: the horizon UB settles every order on entry and is all the liquidity used', () => {
    const order = fc.record({ from: fc.nat(2), step: fc.integer({ min: 1, max: 2 }), amount: fc.integer({ min: 1, max: 1_000 }) });
    fc.assert(
      fc.property(fc.array(fc.option(order, { nil: null }), { minLength: 1, maxLength: 40 }), (orders) => {
        const ids = ['A', 'B', 'C'];
        const ticksPerDay = 10;
        const days = Math.ceil(orders.length / ticksPerDay);
        const events = orders.flatMap((o, t) => (o === null ? [] : [payment(t, ids[o.from]!, ids[(o.from + o.step) % 3]!, o.amount, days * ticksPerDay - 1)]));
        const probe = new Simulation(config({ agents: ids.map((id) => ({ id })), ticksPerDay, days, events }), ids.map(() => releaseAll()));
        probe.run();
        const bounds = horizonBounds(ids, probe.results().agent_days);
        const s = new Simulation(
          config({ agents: ids.map((id, i) => ({ id, opening_balance: bounds.upper[i]! })), ticksPerDay, days, events }),
          ids.map(() => releaseAll()),
        );
        s.run();
        const r = s.results();
        for (const t of r.transactions) expect(t.settled_by).toBe('rtgs');
        // The lowest balance over the horizon is 0 for every bank whose UB is above 0.
        const lowest = ids.map((id) => Math.min(...r.agent_days.filter((d) => d.agent === id).map((d) => d.min_balance)));
        expect(lowest.map((x, i) => (bounds.upper[i]! > 0 ? x : 0))).toEqual([0, 0, 0]);
      }),
      { numRuns: 100 },
    );
  });
});
