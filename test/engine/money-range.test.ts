// Money beyond 2^53 (issue 14): every sum the engine forms stays a safe integer, or the run stops
// with MoneyRangeError naming the quantity, the agent and the tick. Numbers worked out by hand:
// M = 2^53 − 1 = 9 007 199 254 740 991.
import { describe, expect, it } from 'vitest';
import { MoneyRangeError } from '../../src/engine/assert.js';
import { Simulation } from '../../src/engine/simulation.js';
import { holdAll, releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

const M = Number.MAX_SAFE_INTEGER;

function stop(run: () => void): MoneyRangeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyRangeError);
    return error as MoneyRangeError;
  }
  throw new Error('the run did not stop');
}

describe('sums of money stay exact or the run stops', () => {
  it('two payments of M and one of 3 into one Q1: M + M is beyond M, the Q1 value of A at tick 0', () => {
    const cfg = config({
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [payment(0, 'A', 'B', M, 5), payment(0, 'A', 'B', M, 5), payment(0, 'A', 'B', 3, 5)],
    });
    const e = stop(() => new Simulation(cfg, [holdAll(), holdAll()]).run());
    expect([e.quantity, e.agent, e.tick, e.value]).toEqual(['Q1 value', 'A', 0, 2 * M]);
    expect(e.message).toBe(
      `Q1 value of agent A at tick 0 would be ${2 * M}, outside ±(2^53 − 1) cents, where money is no longer exact; ` +
        'the run stops (use smaller amounts or rates, or count money in larger units)',
    );
  });

  it('the arrived value of the summary: M from A and M from B sum beyond M', () => {
    const cfg = config({ agents: [{ id: 'A' }, { id: 'B' }], events: [payment(0, 'A', 'B', M, 5), payment(0, 'B', 'A', M, 5)] });
    const sim = new Simulation(cfg, [holdAll(), holdAll()]);
    sim.run(1);
    const e = stop(() => sim.results());
    expect([e.quantity, e.agent, e.tick]).toEqual(['summary.arrived_value', null, 1]);
  });

  it('three overdrafts of M paid to one bank: its balance would pass M at the second settlement', () => {
    const cfg = config({
      agents: [{ id: 'A', credit_limit: M }, { id: 'B', credit_limit: M }, { id: 'C', credit_limit: M }, { id: 'D' }],
      events: [payment(0, 'A', 'D', M, 5), payment(0, 'B', 'D', M, 5), payment(0, 'C', 'D', M, 5)],
    });
    const e = stop(() => new Simulation(cfg, [releaseAll(), releaseAll(), releaseAll(), releaseAll()]).run());
    expect([e.quantity, e.agent, e.tick, e.value]).toEqual(['balance', 'D', 0, 2 * M]);
  });

  it('a liquidity shock of M every tick: the second one takes the balance to 2M', () => {
    const cfg = config({
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [{ every: { start: 0, interval: 1, until: 9 }, type: 'liquidity_shock', agent: 'A', balance_change: M }],
    });
    const e = stop(() => new Simulation(cfg, [holdAll(), holdAll()]).run());
    expect([e.quantity, e.agent, e.tick, e.value]).toEqual(['balance', 'A', 1, 2 * M]);
  });

  it('overdraft at 10^12 bps per tick: 10^8 cents per cent of overdraft; 10^6 overdrawn costs 10^14 a tick, beyond M at the 91st tick', () => {
    // 90 ticks: 9 × 10^15 ≤ M = 9.007… × 10^15; 91 ticks: 9.1 × 10^15 > M. Overdraft cost falls on tick 0 onwards.
    const cfg = config({
      ticksPerDay: 100,
      agents: [{ id: 'A', opening_balance: -1_000_000 }, { id: 'B' }],
      costs: { overdraft_bps_per_tick: 1e12 },
    });
    const e = stop(() => new Simulation(cfg, [holdAll(), holdAll()]).run());
    expect([e.quantity, e.agent, e.tick, e.value]).toEqual(['overdraft cost', 'A', 90, 91e14]);
  });
});

describe('paysim run --check-invariants', () => {
  it('checks every tick and prints the same summary as without', async () => {
    const { cli } = await import('../helpers/cli.js');
    const plain = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--no-store', '--json']);
    const checked = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--no-store', '--json', '--check-invariants']);
    expect([plain.status, checked.status]).toEqual([0, 0]);
    const summary = (text: string): unknown => (JSON.parse(text) as { summary: unknown }).summary;
    expect(summary(checked.stdout)).toEqual(summary(plain.stdout));
  });
});
