// Shadow replay is faithful: replaying stored runs with their own policies reproduces every
// transaction (settled tick, mechanism, costs), every agent day and the summary exactly; and
// swapping a policy changes only what that policy decides.
import { describe, expect, it } from 'vitest';
import { replayOrders, ReplayOrderError, type TransactionOrderRow } from '../../src/runner/replay-orders.js';
import type { LoadedScenario } from '../../src/config/scenario.js';
import { type ReplayOrder, Simulation } from '../../src/engine/simulation.js';
import { type PolicySwaps, withPolicies } from '../../src/runner/replay.js';
import { runScenario, withOverrides, compilePolicies } from '../../src/runner/single-run.js';
import { policy, scenario } from './helpers.js';

/** What a replay worker does with a replay run spec (runner/execute.ts): the production path. */
function replayRun(loaded: LoadedScenario, orders: readonly ReplayOrder[], swaps: PolicySwaps = new Map()) {
  const scenario = withPolicies(loaded, swaps);
  return { scenario, result: runScenario(scenario, { replay: orders }).result };
}

describe('replay with the original policies reproduces the run exactly', () => {
  for (const [file, seeds] of [
    ['realistic_demo.yaml', [1, 2, 3, 42]],
    ['high_stress_gridlock.yaml', [7, 11]],
    ['18_agent_3_policy_simulation.yaml', [5]],
  ] as const) {
    it(`${file}, seeds ${seeds.join(', ')}`, () => {
      const loaded = scenario(file);
      for (const seed of seeds) {
        const original = runScenario(withOverrides(loaded, { seed: String(seed) })).result;
        const orders = replayOrders(original.transactions, loaded.config.agents.map((a) => a.id));
        // The stream must not come from the RNG: replay under a different seed.
        const replayed = replayRun(withOverrides(loaded, { seed: String(seed + 1000) }), orders).result;
        expect(replayed.transactions.length).toBe(original.transactions.length);
        expect(replayed.transactions.map((t) => [t.tx_id, t.settled_tick, t.settled_by, t.delay_cost])).toEqual(
          original.transactions.map((t) => [t.tx_id, t.settled_tick, t.settled_by, t.delay_cost]),
        );
        expect(JSON.stringify(replayed)).toBe(JSON.stringify(original));
      }
    });
  }

  it('includes payments submitted from outside (API) and keeps their origin', () => {
    const loaded = withOverrides(scenario('realistic_demo.yaml'), { seed: '9' });
    const sim = new Simulation(loaded.config, compilePolicies(loaded.policies));
    sim.run(30);
    sim.submitPayment({ sender: 2, receiver: 0, amount: 1_234_567, deadlineTick: 60, priority: 8 });
    sim.run(10);
    sim.submitPayment({ sender: 0, receiver: 3, amount: 50_000, deadlineTick: 45 });
    sim.run();
    const original = sim.results();
    expect(original.transactions.filter((t) => t.origin === 'external')).toHaveLength(2);
    const replayed = replayRun(loaded, replayOrders(original.transactions, loaded.config.agents.map((a) => a.id))).result;
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(original));
  });

  it('with rows in any order, as a database returns them', () => {
    const loaded = withOverrides(scenario('high_stress_gridlock.yaml'), { seed: '3' });
    const original = runScenario(loaded).result;
    const shuffled = [...original.transactions].reverse();
    const replayed = replayRun(loaded, replayOrders(shuffled, loaded.config.agents.map((a) => a.id))).result;
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(original));
  });
});

describe('replay with a candidate policy', () => {
  it('keeps the arrivals and changes the decisions', () => {
    const loaded = withOverrides(scenario('realistic_demo.yaml'), { seed: '4' });
    const original = runScenario(loaded).result;
    const ids = loaded.config.agents.map((a) => a.id);
    const hold = policy({ type: 'Tree', file: 'hold_until_deadline.json' });
    const replayed = replayRun(loaded, replayOrders(original.transactions, ids), new Map([['BANK_A', hold]]));
    expect(replayed.scenario.configHash).not.toBe(loaded.configHash);
    expect(replayed.scenario.policies[0]!.name).toBe('hold_until_deadline');
    const arrivals = (r: typeof original) =>
      r.transactions.filter((t) => t.parent_id === null).map((t) => [t.sender, t.receiver, t.amount, t.arrival_tick, t.deadline_tick]);
    expect(arrivals(replayed.result)).toEqual(arrivals(original));
    // BANK_A now releases each payment at its deadline tick, never earlier.
    for (const t of replayed.result.transactions) {
      if (t.sender === 'BANK_A' && t.submitted_tick !== null) expect(t.submitted_tick).toBe(t.deadline_tick);
    }
    expect(replayed.result.summary.costs.delay).toBeGreaterThan(original.summary.costs.delay);
  });

  it('refuses an agent the scenario does not have', () => {
    const loaded = scenario('realistic_demo.yaml');
    expect(() => replayRun(loaded, [], new Map([['BANK_Z', policy({ type: 'Fifo' })]]))).toThrow(/BANK_Z/);
  });
});

describe('replay orders from transaction rows', () => {
  const row = (over: Partial<TransactionOrderRow>): TransactionOrderRow => ({
    tx_id: 0,
    parent_id: null,
    sender: 'A',
    receiver: 'B',
    amount: 100,
    priority: 5,
    divisible: false,
    origin: 'arrival',
    arrival_tick: 0,
    deadline_tick: 10,
    ...over,
  });

  it('skips split children, sorts by tx_id, maps agents by scenario order', () => {
    const orders = replayOrders(
      [row({ tx_id: 2, arrival_tick: 3, sender: 'B', receiver: 'A', origin: 'external' }), row({ tx_id: 1, parent_id: 0 }), row({ tx_id: 0 })],
      ['A', 'B'],
    );
    expect(orders).toEqual([
      { arrivalTick: 0, sender: 0, receiver: 1, amount: 100, deadlineTick: 10, priority: 5, divisible: false, origin: 'arrival' },
      { arrivalTick: 3, sender: 1, receiver: 0, amount: 100, deadlineTick: 10, priority: 5, divisible: false, origin: 'external' },
    ]);
  });

  it('names the transaction for an unknown agent, origin or an out-of-order stream', () => {
    expect(() => replayOrders([row({ tx_id: 4, receiver: 'Q' })], ['A', 'B'])).toThrow(/transaction 4: receiver 'Q'/);
    expect(() => replayOrders([row({ origin: 'split' })], ['A', 'B'])).toThrow(ReplayOrderError);
    expect(() => replayOrders([row({ tx_id: 0, arrival_tick: 5 }), row({ tx_id: 1, arrival_tick: 4 })], ['A', 'B'])).toThrow(/arrival tick 4/);
  });
});
