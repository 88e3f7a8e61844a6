// Liquidity bounds (docs/liquidity.md) with numbers worked out by hand, and their two defining
// properties over random days (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../src/engine/config.js';
import { Simulation } from '../../src/engine/simulation.js';
import { releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

// The worked example of docs/liquidity.md: three banks, payments both ways, one per tick.
//   tick  order      A: cum. net out   B        C
//   0     A→B 100    100               −100     0
//   1     B→C 50     100               −50      −50
//   2     C→A 30     70                −50      −20
//   3     A→C 80     150               −50      −100
//   4     B→A 120    30                70       −100
//   5     C→B 40     30                30       −60
// UB = largest running value from 0: A 150, B 70, C 0 (Σ 220).
// LB = max(0, final value): A 30, B 30, C 0 (Σ 60).
const WORKED: ScenarioEvent[] = [
  payment(0, 'A', 'B', 100, 9),
  payment(1, 'B', 'C', 50, 9),
  payment(2, 'C', 'A', 30, 9),
  payment(3, 'A', 'C', 80, 9),
  payment(4, 'B', 'A', 120, 9),
  payment(5, 'C', 'B', 40, 9),
];

function runWorked(openings: readonly number[], lsm = false) {
  const ids = ['A', 'B', 'C'];
  const s = new Simulation(
    config({
      agents: ids.map((id, i) => ({ id, opening_balance: openings[i]! })),
      events: WORKED,
      ...(lsm ? { lsm: { enabled: true, algorithm: 'multilateral' as const } } : {}),
    }),
    ids.map(() => releaseAll()),
  );
  s.run();
  return s.results();
}

describe('liquidity bounds, worked by hand', () => {
  it('per agent-day and for the run, whatever the liquidity', () => {
    for (const openings of [
      [0, 0, 0],
      [150, 70, 0],
      [1_000, 1_000, 1_000],
    ]) {
      const r = runWorked(openings);
      const byAgent = Object.fromEntries(r.agent_days.map((d) => [d.agent, d]));
      expect([byAgent['A']!.liquidity_upper_bound, byAgent['B']!.liquidity_upper_bound, byAgent['C']!.liquidity_upper_bound]).toEqual([150, 70, 0]);
      expect([byAgent['A']!.liquidity_lower_bound, byAgent['B']!.liquidity_lower_bound, byAgent['C']!.liquidity_lower_bound]).toEqual([30, 30, 0]);
      expect([byAgent['A']!.net_order_outflow, byAgent['B']!.net_order_outflow, byAgent['C']!.net_order_outflow]).toEqual([30, 30, -60]);
      expect(r.summary.liquidity_upper_bound).toBe(220);
      expect(r.summary.liquidity_lower_bound).toBe(60);
    }
  });

  it('with the upper bound every order settles on entry, using exactly the upper bound', () => {
    const r = runWorked([150, 70, 0]);
    expect(r.transactions.every((t) => t.settled_by === 'rtgs' && t.delay === 0)).toBe(true);
    expect(r.agent_days.map((d) => d.liquidity_used)).toEqual([150, 70, 0]);
    expect(r.summary.delay_value_weighted).toBe(0);
    expect(r.summary.delay_indicator).toBe(0);
  });

  it('with nothing, no order settles gross; the delay indicator is 1', () => {
    const r = runWorked([0, 0, 0]);
    // Nobody has money, so all six wait to the end of the day; unsettled value by sender:
    // A 100 + 80, B 50 + 120, C 30 + 40.
    expect(r.summary.settled).toBe(0);
    expect(r.summary.delay_value_weighted).toBeNull();
    expect(r.summary.delay_indicator).toBe(1);
    expect(r.agent_days.map((d) => d.unsettled_eod_value)).toEqual([180, 170, 70]);
  });

  it('with the lower bound and a multilateral batch every tick, everything settles', () => {
    const r = runWorked([30, 30, 0], true);
    expect(r.summary.settlement_rate).toBe(1);
    // Closing balances = opening − the day's net outflow: A 30 − 30, B 30 − 30, C 0 + 60.
    expect(r.summary.settled_value_by.multilateral).toBeGreaterThan(0);
    expect(r.agent_days.map((d) => d.closing_balance)).toEqual([0, 0, 60]);
  });
});

describe('delay metrics, worked by hand', () => {
  it('value-weighted delay and the delay indicator', () => {
    // Two orders in a 10-tick day: A→B 100 at tick 0 waits (A has 0); C→A 300 at tick 2 settles
    // on entry and the queue retry of tick 2 settles A→B: delays 2 and 0.
    // value-weighted delay = (100·2 + 300·0) / 400 = 0.5.
    // largest delays: A→B 10 − 0 = 10, C→A 10 − 2 = 8 → indicator = 200 / (100·10 + 300·8) = 200/3400.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C', opening_balance: 300 }],
        events: [payment(0, 'A', 'B', 100, 9), payment(2, 'C', 'A', 300, 9)],
      }),
      [releaseAll(), releaseAll(), releaseAll()],
    );
    s.run();
    const r = s.results();
    expect(r.transactions[0]!.delay).toBe(2);
    expect(r.summary.delay_value_weighted).toBe(0.5);
    expect(r.summary.delay_indicator).toBeCloseTo(200 / 3400, 12);
    // turnover ÷ liquidity used: 400 sent over 300 used (C's; A's balance never went below 0).
    expect(r.summary.turnover_liquidity_ratio).toBeCloseTo(400 / 300, 12);
  });
});

// Random days: n banks, at most one order per tick (the upper bound is defined in arrival order;
// within one tick paysim processes releases bank by bank, see docs/liquidity.md).
const dayArb = fc
  .integer({ min: 3, max: 6 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      orders: fc.array(
        fc.option(
          fc.record({ from: fc.nat(n - 1), step: fc.integer({ min: 1, max: n - 1 }), amount: fc.integer({ min: 1, max: 100_000 }) }),
          { nil: null, freq: 3 },
        ),
        { minLength: 1, maxLength: 30 },
      ),
    }),
  );

/** `every`: the multilateral batch every tick; `last`: only on the day's last tick (LSM schedule). */
type Batch = 'none' | 'every' | 'last';

function dayConfig(n: number, orders: ReadonlyArray<{ from: number; step: number; amount: number } | null>, openings: readonly number[], batch: Batch, perTick: number) {
  const ids = Array.from({ length: n }, (_, i) => `B${String(i).padStart(2, '0')}`);
  const ticks = Math.ceil(orders.length / perTick) + 1;
  const events = orders.flatMap((o, i) =>
    o === null ? [] : [payment(Math.floor(i / perTick), ids[o.from]!, ids[(o.from + o.step) % n]!, o.amount, ticks - 1)],
  );
  return {
    ids,
    config: config({
      agents: ids.map((id, i) => ({ id, opening_balance: openings[i]! })),
      ticksPerDay: ticks,
      events,
      ...(batch === 'none'
        ? {}
        : { lsm: { enabled: true, algorithm: 'multilateral' as const, ...(batch === 'last' ? { schedule: { at_ticks: [ticks - 1] } } : {}) } }),
    }),
  };
}

function boundsOf(n: number, orders: ReadonlyArray<{ from: number; step: number; amount: number } | null>) {
  const net = new Array<number>(n).fill(0);
  const upper = new Array<number>(n).fill(0);
  for (const o of orders) {
    if (o === null) continue;
    net[o.from]! += o.amount;
    upper[o.from] = Math.max(upper[o.from]!, net[o.from]!);
    net[(o.from + o.step) % n]! -= o.amount;
  }
  return { upper, lower: net.map((x) => Math.max(0, x)) };
}

describe('liquidity bounds: properties', () => {
  it('opening balance = UB, LSM off: every order settles on entry with zero delay and uses exactly UB', () => {
    fc.assert(
      fc.property(dayArb, ({ n, orders }) => {
        const { upper } = boundsOf(n, orders);
        const { ids, config: cfg } = dayConfig(n, orders, upper, 'none', 1);
        const s = new Simulation(cfg, ids.map(() => releaseAll()));
        s.run();
        const r = s.results();
        expect(r.agent_days.map((d) => d.liquidity_upper_bound)).toEqual(upper);
        for (const t of r.transactions) {
          expect(t.settled_by).toBe('rtgs');
          expect(t.delay).toBe(0);
        }
        expect(r.agent_days.map((d) => d.liquidity_used)).toEqual(upper);
      }),
      { numRuns: 150 },
    );
  });

  it('opening balance = LB, deadlines at the end of the day, a multilateral batch every tick or on the last tick: everything settles', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 4 }), fc.constantFrom<Batch>('every', 'last'), ({ n, orders }, perTick, batch) => {
        const { lower } = boundsOf(n, orders);
        const { ids, config: cfg } = dayConfig(n, orders, lower, batch, perTick);
        const s = new Simulation(cfg, ids.map(() => releaseAll()));
        s.run();
        const r = s.results();
        expect(r.agent_days.map((d) => d.liquidity_lower_bound)).toEqual(lower);
        expect(r.summary.unsettled).toBe(0);
        expect(r.summary.dropped).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
