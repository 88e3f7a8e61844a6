// Replaying a recorded stream of payment orders reproduces the run exactly (the engine side of
// shadow replay): same ids, same settlement ticks, same costs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TransactionRecord } from '../../src/engine/results.js';
import { type ReplayOrder, Simulation } from '../../src/engine/simulation.js';
import { releaseAll, scriptedPolicy } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

function ordersFrom(rows: readonly TransactionRecord[], ids: readonly string[]): ReplayOrder[] {
  const index = new Map(ids.map((id, i) => [id, i]));
  return rows
    .filter((r) => r.parent_id === null)
    .sort((a, b) => a.tx_id - b.tx_id)
    .map((r) => ({
      arrivalTick: r.arrival_tick,
      sender: index.get(r.sender)!,
      receiver: index.get(r.receiver)!,
      amount: r.amount,
      deadlineTick: r.deadline_tick,
      priority: r.priority,
      divisible: r.divisible,
      origin: r.origin as ReplayOrder['origin'],
    }));
}

const splitBig = () =>
  scriptedPolicy('split-big', (tx, view, agent) =>
    tx.amount > 60_000 && view.balance(agent) < tx.amount ? { action: 'Split', numSplits: 3 } : { action: 'Release' },
  );

function scenario(seed: string) {
  return config({
    seed,
    ticksPerDay: 20,
    days: 2,
    costs: { delay_cost_per_tick_per_cent: 0.0001, deadline_penalty: 1_000, eod_penalty_per_transaction: 500, split_friction_cost: 10 },
    events: [payment(3, 'A', 'C', 90_000, 12), { at_tick: 5, type: 'liquidity_shock', agent: 'B', balance_change: 50_000 }],
    agents: ['A', 'B', 'C'].map((id, i) => ({
      id,
      opening_balance: 100_000 * (i + 1),
      credit_limit: 20_000,
      arrival_config: {
        rate_per_tick: 0.8,
        amount_distribution: { type: 'Uniform', min: 1_000, max: 120_000 },
        counterparty_weights: null,
        deadline_range: [3, 12],
        priority: 5,
        divisible: false,
      },
    })),
  });
}

describe('replay of a recorded payment stream', () => {
  it('with the original policies reproduces every transaction, agent day and cost', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 0, max: 39 }), (seed, submitAt) => {
        const cfg = scenario(seed.toString());
        const policies = () => [splitBig(), releaseAll(), splitBig()];
        const original = new Simulation(cfg, policies());
        original.run(submitAt);
        original.submitPayment({ sender: 1, receiver: 0, amount: 77_777, deadlineTick: submitAt + 5 });
        original.run();
        const recorded = original.results();
        const replayed = new Simulation(cfg, policies(), { replay: ordersFrom(recorded.transactions, cfg.agents.map((a) => a.id)) });
        replayed.run();
        expect(JSON.stringify(replayed.results())).toBe(JSON.stringify(recorded));
      }),
      { numRuns: 40 },
    );
  });

  it('does not create payments from payment events or the RNG', () => {
    const cfg = scenario('5');
    const sim = new Simulation(cfg, [releaseAll(), releaseAll(), releaseAll()], { replay: [] });
    sim.run();
    expect(sim.state.txs).toHaveLength(0);
    expect(sim.state.externalTotal).toBe(50_000);
  });
});
