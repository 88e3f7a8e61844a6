// The hot primitives refuse a move that would break an invariant, at the moment it is attempted
// (engine/assert.ts brokenPrimitive), rather than leaving it for invariants.ts to find between
// ticks, or for nobody to find when invariants are not checked.
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../src/engine/assert.js';
import { settle } from '../../src/engine/settlement.js';
import { Simulation } from '../../src/engine/simulation.js';
import { releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

/** A pays B 120 000 at tick 0 (settles: balance 100 000 + credit 50 000) and 40 000 (queued: 30 000 left). */
function afterOneTick(): Simulation {
  const s = new Simulation(
    config({
      agents: [{ id: 'A', opening_balance: 100_000, credit_limit: 50_000 }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 120_000, 5), payment(0, 'A', 'B', 40_000, 5)],
    }),
    [releaseAll(), releaseAll()],
  );
  s.step();
  return s;
}

describe('assertions in the hot primitives', () => {
  it('a payment settles once: settling a settled one throws, and the balances stay as they were', () => {
    const s = afterOneTick();
    const [settled] = s.state.txs;
    expect(settled!.status).toBe('settled');
    expect(() => settle(s.state, settled!, 'rtgs')).toThrow(InvariantError);
    expect(() => settle(s.state, settled!, 'rtgs')).toThrow(/payment 0 settles while settled/);
    // −20 000 and 120 000: nothing moved twice.
    expect(Array.from(s.state.balances)).toEqual([-20_000, 120_000]);
  });

  it('a queued payment settles from Q2 and leaves its aggregates at zero; a second settle throws', () => {
    const s = afterOneTick();
    const queued = s.state.txs[1]!;
    expect(queued.status).toBe('queued_q2');
    settle(s.state, queued, 'queue');
    expect(s.state.q2Live).toBe(0);
    expect(s.state.q2CountsOut[0]).toBe(0);
    expect(() => settle(s.state, queued, 'queue')).toThrow(InvariantError);
  });

  it('a transfer moves a positive amount between two agents', () => {
    const s = afterOneTick();
    expect(() => s.state.transfer(0, 1, 0)).toThrow(/integer money/);
    expect(() => s.state.transfer(0, 1, -5)).toThrow(InvariantError);
    expect(() => s.state.transfer(0, 1, Number.NaN)).toThrow(InvariantError);
    expect(() => s.state.transfer(1, 1, 10)).toThrow(InvariantError);
    expect(Array.from(s.state.balances)).toEqual([-20_000, 120_000]);
  });
});
