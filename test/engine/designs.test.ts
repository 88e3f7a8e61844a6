// Settlement designs and liquidity games (engine.md §9b, docs/engine.md "Settlement designs"):
// each switch in a scripted scenario whose outcome it changes, with numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { Simulation } from '../../src/engine/simulation.js';
import { holdAll, releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

type Spec = Parameters<typeof config>[0];

function sim(spec: Spec, events?: EngineEvent[]) {
  return new Simulation(config(spec), spec.agents.map(() => releaseAll()), events ? { events: (e) => events.push(e) } : {});
}

const status = (s: Simulation) => s.state.txs.map((tx) => [tx.status, tx.settledBy, tx.settledTick]);

describe('deferred_crediting', () => {
  // A has 0, B has 100. Tick 0: A→C 100 (deadline 0) and B→A 100 are released, A first (id order).
  // Entry: A→C cannot pay → Q2; B→A settles. Without deferral the step-7 pass pays A→C with the
  // money A just received; with deferral A's 100 arrives only at the end of tick 0, and A→C is
  // dropped at tick 1 (deadline 0 passed).
  const spec = (deferred: boolean): Spec => ({
    agents: [{ id: 'A' }, { id: 'B', opening_balance: 100 }, { id: 'C' }],
    events: [payment(0, 'A', 'C', 100, 0), payment(0, 'B', 'A', 100, 5)],
    ...(deferred ? { designs: { deferred_crediting: true } } : {}),
  });

  it('off: money received in a tick is reused in the same tick', () => {
    const s = sim(spec(false));
    s.run(2);
    expect(status(s)).toEqual([['settled', 'queue', 0], ['settled', 'rtgs', 0]]);
    expect(Array.from(s.state.balances)).toEqual([0, 0, 100]);
  });

  it('on: the credit arrives at the end of the tick, so the other payment is not settled but dropped', () => {
    const s = sim(spec(true));
    s.step();
    // After tick 0: B→A settled, A's 100 credited at the end of the tick, A→C still queued.
    expect(status(s)).toEqual([['queued_q2', null, -1], ['settled', 'rtgs', 0]]);
    expect(Array.from(s.state.balances)).toEqual([100, 0, 0]);
    s.step();
    expect(s.state.txs[0]!.status).toBe('dropped');
    expect(Array.from(s.state.balances)).toEqual([100, 0, 0]);
  });

  it('an LSM set still settles at its net: only the net credit waits for the end of the tick', () => {
    // A 0, B 0; A→B 100 and B→A 100 queue; bilateral offsetting settles both at tick 0 with
    // no liquidity. Balances never move (net 0), so nothing is deferred.
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 100, 5), payment(0, 'B', 'A', 100, 5)],
      lsm: { enabled: true },
      designs: { deferred_crediting: true },
    });
    s.step();
    expect(status(s)).toEqual([['settled', 'bilateral', 0], ['settled', 'bilateral', 0]]);
    expect(Array.from(s.state.balances)).toEqual([0, 0]);
    expect(Array.from(s.state.deferredCredits)).toEqual([0, 0]);
  });
});

describe('rtgs.queue: fifo', () => {
  // A has 50. Tick 0: A→B 100 then A→C 30. Bypass: A→B queues, A→C settles at entry (A → 20).
  // FIFO: A→C queues behind A→B, and the Q2 pass leaves both (A→B cannot pay and blocks A→C).
  const spec = (queue: 'bypass' | 'fifo'): Spec => ({
    agents: [{ id: 'A', opening_balance: 50 }, { id: 'B' }, { id: 'C' }],
    events: [payment(0, 'A', 'B', 100, 5), payment(0, 'A', 'C', 30, 5)],
    designs: { rtgs: { queue } },
  });

  it('bypass: a later payment the sender can afford passes the queued one', () => {
    const s = sim(spec('bypass'));
    s.step();
    expect(status(s)).toEqual([['queued_q2', null, -1], ['settled', 'rtgs', 0]]);
    expect(s.state.balances[0]).toBe(20);
  });

  it('fifo: the oldest queued payment blocks the sender’s later ones', () => {
    const s = sim(spec('fifo'));
    s.run(3);
    expect(status(s)).toEqual([['queued_q2', null, -1], ['queued_q2', null, -1]]);
    expect(s.state.balances[0]).toBe(50);
    expect(s.state.q2).toEqual([0, 1]);
  });

  it('fifo: once the head settles, the next one follows in the same pass', () => {
    // Tick 1: D pays A 80 at entry → A has 130: A→B 100 settles (A 30), then A→C 30 (A 0).
    const s = sim({
      ...spec('fifo'),
      agents: [{ id: 'A', opening_balance: 50 }, { id: 'B' }, { id: 'C' }, { id: 'D', opening_balance: 80 }],
      events: [...spec('fifo').events!, payment(1, 'D', 'A', 80, 5)],
    });
    s.run(2);
    expect(status(s)).toEqual([['settled', 'queue', 1], ['settled', 'queue', 1], ['settled', 'rtgs', 1]]);
    expect(s.state.balances[0]).toBe(0);
  });
});

describe('lsm_config.schedule', () => {
  // A and B (no money) pay each other 100 at tick 1: a gridlock only bilateral offsetting solves.
  const spec = (schedule?: { every: number } | { at_ticks: number[] }): Spec => ({
    agents: [{ id: 'A' }, { id: 'B' }],
    events: [payment(1, 'A', 'B', 100, 9), payment(1, 'B', 'A', 100, 9)],
    lsm: { enabled: true, ...(schedule ? { schedule } : {}) },
  });

  it('every tick (default): settled at tick 1', () => {
    const s = sim(spec());
    s.run(10);
    expect(status(s)).toEqual([['settled', 'bilateral', 1], ['settled', 'bilateral', 1]]);
  });

  it('every 5 ticks: the LSM runs at ticks 0 and 5 of the day, so the gridlock settles at tick 5', () => {
    const s = sim(spec({ every: 5 }));
    s.run(10);
    expect(status(s)).toEqual([['settled', 'bilateral', 5], ['settled', 'bilateral', 5]]);
  });

  it('at_ticks [3, 7]: settled at tick 3; ticks are ticks of the day, so day 2 repeats them', () => {
    const s = sim({ ...spec({ at_ticks: [3, 7] }), days: 2, events: [...spec().events!, payment(11, 'A', 'B', 5, 19), payment(11, 'B', 'A', 5, 19)] });
    s.run(20);
    expect(status(s)).toEqual([
      ['settled', 'bilateral', 3],
      ['settled', 'bilateral', 3],
      ['settled', 'bilateral', 13],
      ['settled', 'bilateral', 13],
    ]);
  });
});

describe('priorities and rtgs.priority_bands', () => {
  // A has 0. Tick 0: A→B 100 (priority 5) queues. Tick 1: A→C 100 (priority 9) queues behind it.
  // Tick 2: D pays A 100 at entry. The step-7 pass has money for one of the two.
  const spec = (bands: boolean): Spec => ({
    agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D', opening_balance: 100 }],
    events: [payment(0, 'A', 'B', 100, 9, { priority: 5 }), payment(1, 'A', 'C', 100, 9, { priority: 9 }), payment(2, 'D', 'A', 100, 9)],
    designs: { rtgs: { priority_bands: bands } },
  });

  it('without bands the older normal payment settles first', () => {
    const s = sim(spec(false));
    s.run(3);
    expect(status(s).slice(0, 2)).toEqual([['settled', 'queue', 2], ['queued_q2', null, -1]]);
  });

  it('with bands the urgent payment overtakes the older normal one', () => {
    const s = sim(spec(true));
    s.run(3);
    expect(status(s).slice(0, 2)).toEqual([['queued_q2', null, -1], ['settled', 'queue', 2]]);
  });

  it('fifo within a band: an urgent payment is not blocked by a normal one, a normal one is', () => {
    // A has 100 and FIFO + bands. Tick 0: A→B 150 (normal) queues; A→C 60 (normal) queues behind
    // it; A→D 70 (urgent, its own band) settles at entry.
    const s = sim({
      agents: [{ id: 'A', opening_balance: 100 }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
      events: [payment(0, 'A', 'B', 150, 9), payment(0, 'A', 'C', 60, 9), payment(0, 'A', 'D', 70, 9, { priority: 8 })],
      designs: { rtgs: { queue: 'fifo', priority_bands: true } },
    });
    s.step();
    expect(status(s)).toEqual([['queued_q2', null, -1], ['queued_q2', null, -1], ['settled', 'rtgs', 0]]);
  });
});

describe('sender limits', () => {
  it('a bilateral limit blocks a payment that liquidity would allow (event limit_blocked once per payment and tick)', () => {
    // A has 1 000 and a limit of 150 towards B. A→B 100 settles (position 100); A→B 60 would
    // make it 160 > 150: blocked, queued; A→C 500 (no limit towards C) settles.
    const events: EngineEvent[] = [];
    const s = sim(
      {
        agents: [{ id: 'A', opening_balance: 1_000, bilateral_limits: { B: 150 } }, { id: 'B' }, { id: 'C' }],
        events: [payment(0, 'A', 'B', 100, 9), payment(0, 'A', 'B', 60, 9), payment(0, 'A', 'C', 500, 9), payment(2, 'B', 'A', 20, 9)],
        lsm: { enabled: true },
      },
      events,
    );
    s.run(2);
    expect(status(s)).toEqual([['settled', 'rtgs', 0], ['queued_q2', null, -1], ['settled', 'rtgs', 0]]);
    const blocked = events.filter((e) => e.type === 'limit_blocked');
    // Tick 0: entry; tick 1: the Q2 pass — once per tick although the LSM retried too.
    expect(blocked.map((e) => [e.tick, e.tx, e.type === 'limit_blocked' ? e.data : null])).toEqual([
      [0, 1, { receiver: 'B', amount: 60, stage: 'entry', limit: 'bilateral' }],
      [1, 1, { receiver: 'B', amount: 60, stage: 'queue', limit: 'bilateral' }],
    ]);
    // Tick 2: B pays A 20 → A's position towards B is 80, and 80 + 60 = 140 ≤ 150.
    s.step();
    expect(s.state.txs[1]!.status).toBe('settled');
    expect(s.state.limits!.pairNet[0 * 3 + 1]).toBe(140);
  });

  it('a multilateral limit caps the net debit towards everyone', () => {
    // A has 1 000, multilateral limit 100: A→B 70 settles; A→C 40 would make 110: queued.
    const s = sim({
      agents: [{ id: 'A', opening_balance: 1_000, multilateral_limit: 100 }, { id: 'B' }, { id: 'C' }],
      events: [payment(0, 'A', 'B', 70, 9), payment(0, 'A', 'C', 40, 9)],
    });
    s.step();
    expect(status(s)).toEqual([['settled', 'rtgs', 0], ['queued_q2', null, -1]]);
  });

  it('positions reset at the start of each day', () => {
    // Limit 100 towards B; day 0 uses it all; the second 100 waits for day 1 (ticks_per_day 2).
    const s = sim({
      agents: [{ id: 'A', opening_balance: 1_000, bilateral_limits: { B: 100 } }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 100, 9), payment(0, 'A', 'B', 100, 9)],
      ticksPerDay: 2,
      days: 2,
    });
    s.run(4);
    expect(status(s)).toEqual([['settled', 'rtgs', 0], ['settled', 'queue', 2]]);
  });

  it('an LSM pair is refused because of a limit, and settles when the limit allows the net', () => {
    // A has 1 000, B 0. A→B 300 is above A's limit towards B and queues; B→A 100 has no money.
    // Bilateral offsetting: A's net 200 is affordable but over a limit of 150 → refused; with a
    // limit of 250 the pair settles (A's position becomes 200).
    const spec = (limit: number): Spec => ({
      agents: [{ id: 'A', opening_balance: 1_000, bilateral_limits: { B: limit } }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 300, 9), payment(0, 'B', 'A', 100, 9)],
      lsm: { enabled: true },
    });
    const refused = sim(spec(150));
    refused.step();
    expect(status(refused)).toEqual([['queued_q2', null, -1], ['queued_q2', null, -1]]);
    const allowed = sim(spec(250));
    allowed.step();
    expect(status(allowed)).toEqual([['settled', 'bilateral', 0], ['settled', 'bilateral', 0]]);
    expect(allowed.state.limits!.pairNet[1]).toBe(200);
  });

  it('a cycle is refused when one edge breaks a bilateral limit; the multilateral batch drops the offending payment', () => {
    // A→B, B→C, C→A 100 each, nobody has money: a cycle settles with no liquidity — unless B's
    // limit towards C is 50 (its edge adds 100 to that position).
    const agents = (limit?: number) => [{ id: 'A' }, { id: 'B', ...(limit === undefined ? {} : { bilateral_limits: { C: limit } }) }, { id: 'C' }];
    const events = [payment(0, 'A', 'B', 100, 9), payment(0, 'B', 'C', 100, 9), payment(0, 'C', 'A', 100, 9)];
    const free = sim({ agents: agents(), events, lsm: { enabled: true } });
    free.step();
    expect(status(free).map((r) => r[1])).toEqual(['cycle', 'cycle', 'cycle']);
    const limited = sim({ agents: agents(50), events, lsm: { enabled: true } });
    limited.step();
    expect(status(limited).map((r) => r[0])).toEqual(['queued_q2', 'queued_q2', 'queued_q2']);
    // Batch: B breaks its limit → B's payment leaves; then C is short (pays 100, receives 0) and
    // leaves, then A: nothing settles.
    const batch = sim({ agents: agents(50), events, lsm: { enabled: true, algorithm: 'multilateral' } });
    batch.step();
    expect(status(batch).map((r) => r[0])).toEqual(['queued_q2', 'queued_q2', 'queued_q2']);
    const batchFree = sim({ agents: agents(100), events, lsm: { enabled: true, algorithm: 'multilateral' } });
    batchFree.step();
    expect(status(batchFree).map((r) => r[1])).toEqual(['multilateral', 'multilateral', 'multilateral']);
  });
});

describe('rtgs.entry_offsetting', () => {
  it('a payment that cannot settle at entry settles with the queued payment the other way', () => {
    // A and B have nothing. Tick 0: B→A 100 queues. Tick 1: A→B 100 enters; alone it cannot
    // pay, with B→A it nets to 0: both settle at entry (LSM off).
    const spec = (on: boolean): Spec => ({
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [payment(0, 'B', 'A', 100, 9), payment(1, 'A', 'B', 100, 9)],
      designs: { rtgs: { entry_offsetting: on } },
    });
    const off = sim(spec(false));
    off.run(2);
    expect(status(off)).toEqual([['queued_q2', null, -1], ['queued_q2', null, -1]]);
    const on = sim(spec(true));
    on.run(2);
    expect(status(on)).toEqual([['settled', 'bilateral', 1], ['settled', 'bilateral', 1]]);
  });

  it('takes queued payments oldest first, whole, and stops at the shortest feasible prefix', () => {
    // B has 10. Tick 0: B→A 60 and 50 queue (more than B has), B→A 5 settles at entry → B 5.
    // Tick 1: A (0) sends A→B 100:
    // prefix [60]: A owes 40, has 0 → no; [60, 50]: B owes 10, has 5 → no. Nothing settles.
    // With B at 20 (after B→A 5: 15): [60, 50] B owes 10 ≤ 15 → A→B + both settle.
    const spec = (b: number): Spec => ({
      agents: [{ id: 'A' }, { id: 'B', opening_balance: b }],
      events: [payment(0, 'B', 'A', 60, 9), payment(0, 'B', 'A', 50, 9), payment(0, 'B', 'A', 5, 9), payment(1, 'A', 'B', 100, 9)],
      designs: { rtgs: { entry_offsetting: true } },
    });
    const short = sim(spec(10));
    short.run(2);
    expect(status(short).map((r) => r[0])).toEqual(['queued_q2', 'queued_q2', 'settled', 'queued_q2']);
    const enough = sim(spec(20));
    enough.run(2);
    expect(status(enough)).toEqual([['settled', 'bilateral', 1], ['settled', 'bilateral', 1], ['settled', 'rtgs', 0], ['settled', 'bilateral', 1]]);
    // A: +60 +50 +5 −100 = 15; B: 20 − 5 − 10 = 5.
    expect(Array.from(enough.state.balances)).toEqual([15, 5]);
  });
});

describe('eod_backstop', () => {
  it('settles what is left in Q2 at its cost; only Q1 pays the end-of-day penalty', () => {
    // ticks_per_day 2. A has 0: A→B 10 000 queues at tick 0. B holds its own B→A 500 in Q1.
    // End of day (tick 1): the backstop lends A 10 000 at 100 bps = 100 once; B's held payment
    // pays the end-of-day penalty of 1 000; A pays none.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }],
        ticksPerDay: 2,
        events: [payment(0, 'A', 'B', 10_000, 9), payment(0, 'B', 'A', 500, 9)],
        costs: { eod_penalty_per_transaction: 1_000 },
        designs: { eod_backstop: { rate_bps: 100 } },
      }),
      [releaseAll(), holdAll()],
    );
    s.run();
    const r = s.results();
    expect(r.transactions[0]).toMatchObject({ status: 'settled', settled_by: 'backstop', settled_tick: 1, backstop_cost: 100, eod_penalty: 0 });
    expect(r.transactions[1]).toMatchObject({ status: 'queued_q1', eod_penalty: 1_000 });
    expect(r.summary.costs.backstop).toBe(100);
    expect(r.summary.settled_by.backstop).toBe(1);
    expect(r.summary.agents.map((a) => [a.agent, a.balance, a.cost_backstop, a.cost_eod, a.total_cost])).toEqual([
      ['A', -10_000, 100, 0, 100],
      ['B', 10_000, 0, 1_000, 1_000],
    ]);
    expect(r.agent_days.map((d) => [d.agent, d.sent_backstop, d.sent_value_backstop, d.cost_backstop])).toEqual([
      ['A', 1, 10_000, 100],
      ['B', 0, 0, 0],
    ]);
  });
});

describe('eod_backstop during an RTGS outage', () => {
  // ticks_per_day 2, 2 days. A has 0: A→B 10 000 (deadline 9) queues at tick 0. An RTGS outage at
  // tick 1 for 1 tick covers day 0's last tick. Backstop 100 bps, end-of-day penalty 1 000.
  // Day 0 (tick 1): RTGS is down, so the backstop does not lend; A's payment is still in Q2 and pays
  // the penalty of 1 000 (unsettled_eod 1). It stays in Q2. Day 1 (tick 3): RTGS is up, the backstop
  // lends A 10 000 at 100 bps = 100. A's costs: 1 000 + 100 = 1 100.
  const outage = { at_tick: 1, type: 'rtgs_outage' as const, duration: 1 };
  const run = (days: number) => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }],
        ticksPerDay: 2,
        days,
        events: [payment(0, 'A', 'B', 10_000, 9), outage],
        costs: { eod_penalty_per_transaction: 1_000 },
        designs: { eod_backstop: { rate_bps: 100 } },
      }),
      [releaseAll(), releaseAll()],
    );
    s.run();
    return s.results();
  };

  it('one day: no backstop lending while RTGS is down; the payment is unsettled and penalised', () => {
    const r = run(1);
    expect(r.transactions[0]).toMatchObject({ status: 'queued_q2', settled_by: null, backstop_cost: 0, eod_penalty: 1_000 });
    expect(r.summary.settled_by.backstop).toBe(0);
    expect(r.summary.agents.map((a) => [a.agent, a.balance, a.cost_backstop, a.cost_eod])).toEqual([
      ['A', 0, 0, 1_000],
      ['B', 0, 0, 0],
    ]);
    expect(r.agent_days.map((d) => [d.agent, d.unsettled_eod, d.unsettled_eod_value])).toEqual([
      ['A', 1, 10_000],
      ['B', 0, 0],
    ]);
  });

  it('two days: the payment waits in Q2 and the next day’s backstop (RTGS up) settles it', () => {
    const r = run(2);
    expect(r.transactions[0]).toMatchObject({ status: 'settled', settled_by: 'backstop', settled_tick: 3, backstop_cost: 100, eod_penalty: 1_000 });
    expect(r.summary.agents.map((a) => [a.agent, a.balance, a.cost_backstop, a.cost_eod, a.total_cost])).toEqual([
      ['A', -10_000, 100, 1_000, 1_100],
      ['B', 10_000, 0, 0, 0],
    ]);
    expect(r.agent_days.map((d) => [d.agent, d.day, d.unsettled_eod, d.sent_backstop])).toEqual([
      ['A', 0, 1, 0],
      ['B', 0, 0, 0],
      ['A', 1, 0, 1],
      ['B', 1, 0, 0],
    ]);
  });
});

describe('eod_backstop.replaces_delay', () => {
  // ticks_per_day 2, delay 0.2 a cent a tick in Q1 and Q2, backstop 4 000 bps. A has 0: A→B 10 000
  // waits in Q2 from tick 0. Tick 0: delay 0.2 × 10 000 = 2 000. Tick 1 (last): the backstop settles
  // it at 40 % = 4 000. Without the option tick 1 also charges 2 000 of delay (8 000 in all);
  // with it the shortfall costs delay 2 000 + backstop 4 000 = 6 000 — the paper's r_d + r_b.
  const run = (replaces: boolean) => {
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B' }],
      ticksPerDay: 2,
      events: [payment(0, 'A', 'B', 10_000, 9)],
      costs: { delay_cost_per_tick_per_cent: 0.2, delay_cost_in_q2: true, eod_penalty_per_transaction: 0 },
      designs: { eod_backstop: { rate_bps: 4_000, ...(replaces ? { replaces_delay: true as const } : {}) } },
    });
    s.run();
    const r = s.results();
    return [r.summary.agents[0]!.cost_delay, r.summary.agents[0]!.cost_backstop, r.summary.agents[0]!.total_cost, r.transactions[0]!.delay_cost];
  };

  it('off (default): the last tick charges delay as well — 2 000 + 2 000 + 4 000 = 8 000', () => {
    expect(run(false)).toEqual([4_000, 4_000, 8_000, 4_000]);
  });

  it('on: the backstop rate replaces the last tick’s delay — 2 000 + 4 000 = 6 000', () => {
    expect(run(true)).toEqual([2_000, 4_000, 6_000, 2_000]);
  });

  it('on: only Q2 is spared — a payment held in Q1 on the last tick still pays its delay', () => {
    // B holds B→A 1 000 in Q1 both ticks: 0.2 × 1 000 = 200 a tick, 400 in all, with or without the option.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }],
        ticksPerDay: 2,
        events: [payment(0, 'B', 'A', 1_000, 9)],
        costs: { delay_cost_per_tick_per_cent: 0.2, delay_cost_in_q2: true, eod_penalty_per_transaction: 0 },
        designs: { eod_backstop: { rate_bps: 4_000, replaces_delay: true } },
      }),
      [releaseAll(), holdAll()],
    );
    s.run();
    expect(s.results().summary.agents[1]!.cost_delay).toBe(400);
  });
});

describe('liquidity pool, fraction and cost', () => {
  it('brings round(fraction × pool) each day, charges its bps every tick, returns it at the end of the day', () => {
    // Pool 100 000 × 0.35 = 35 000 brought; 500 bps per tick = 35 000 × 0.05 = 1 750 per tick;
    // 3 ticks a day, 2 days = 6 × 1 750 = 10 500. The pool goes back at each day's end.
    const s = sim({
      agents: [{ id: 'A', opening_balance: 1_000, liquidity_pool: 100_000, initial_liquidity_fraction: 0.35 }, { id: 'B' }],
      ticksPerDay: 3,
      days: 2,
      costs: { liquidity_cost_per_tick_bps: 500 },
    });
    s.step();
    expect(s.state.balances[0]).toBe(36_000);
    expect(s.state.costs.liquidity[0]).toBe(1_750);
    s.run();
    const r = s.results();
    expect(r.summary.costs.liquidity).toBe(10_500);
    expect(r.summary.agents[0]!.balance).toBe(1_000);
    expect(r.agent_days.filter((d) => d.agent === 'A').map((d) => [d.day, d.opening_balance, d.opening_transfer, d.external_transfer, d.closing_balance, d.cost_liquidity])).toEqual([
      [0, 36_000, 35_000, -35_000, 1_000, 5_250],
      [1, 36_000, 35_000, -35_000, 1_000, 5_250],
    ]);
  });

  it('rounds the amount brought half away from zero on the exact product, and the cost per tick likewise', () => {
    // 1 001 × 0.5 = 500.5 → 501 brought; 25 bps: 501 × 0.0025 = 1.2525 → 1 per tick.
    // 1 002 × 0.5 = 501 brought; 30 bps: 501 × 0.003 = 1.503 → 2 per tick.
    const s = sim({
      agents: [
        { id: 'A', opening_balance: 0, liquidity_pool: 1_001, initial_liquidity_fraction: 0.5 },
        { id: 'B', opening_balance: 0, liquidity_pool: 1_002, initial_liquidity_fraction: 0.5 },
      ],
      ticksPerDay: 1,
      costs: { liquidity_cost_per_tick_bps: 25 },
    });
    s.step();
    expect(s.state.costs.liquidity[0]).toBe(1);
    expect(s.results().agent_days.map((d) => d.opening_transfer)).toEqual([501, 501]);
    const t = sim({ agents: [{ id: 'A', liquidity_pool: 1_002, initial_liquidity_fraction: 0.5 }, { id: 'B' }], ticksPerDay: 1, costs: { liquidity_cost_per_tick_bps: 30 } });
    t.step();
    expect(t.state.costs.liquidity[0]).toBe(2);
  });
});

describe('deadline_cap_at_eod', () => {
  it('a deadline beyond the arrival day moves back to its last tick', () => {
    // ticks_per_day 10: a payment at tick 3 due at 25 is due at 9; one due at 7 keeps 7; one at
    // tick 12 due at 30 is due at 19.
    const spec = (cap: boolean): Spec => ({
      agents: [{ id: 'A' }, { id: 'B' }],
      days: 2,
      events: [payment(3, 'A', 'B', 1, 25), payment(3, 'A', 'B', 1, 7), payment(12, 'A', 'B', 1, 30)],
      ...(cap ? { designs: { deadline_cap_at_eod: true } } : {}),
    });
    const on = sim(spec(true));
    on.run(13);
    expect(on.state.txs.map((tx) => tx.deadlineTick)).toEqual([9, 7, 19]);
    const off = sim(spec(false));
    off.run(13);
    expect(off.state.txs.map((tx) => tx.deadlineTick)).toEqual([25, 7, 30]);
  });
});

describe('cost_rates.delay_cost_in_q2', () => {
  it('charges delay on the sender’s payments waiting in Q2 too', () => {
    // A has 0: A→B 10 000 waits in Q2 from tick 0; 0.002 per cent per tick → 20 a tick; 5 ticks.
    const spec = (inQ2: boolean): Spec => ({
      agents: [{ id: 'A' }, { id: 'B' }],
      ticksPerDay: 5,
      events: [payment(0, 'A', 'B', 10_000, 9)],
      costs: { delay_cost_per_tick_per_cent: 0.002, delay_cost_in_q2: inQ2 },
    });
    const on = sim(spec(true));
    on.run();
    expect(on.results().summary.costs.delay).toBe(100);
    expect(on.results().transactions[0]!.delay_cost).toBe(100);
    const off = sim(spec(false));
    off.run();
    expect(off.results().summary.costs.delay).toBe(0);
  });
});

describe('simulation.reset_balances_daily', () => {
  it('each day opens at the configured balance, the difference booked as an external transfer', () => {
    // A 1 000 pays B 300 on day 0 (ticks_per_day 2). Day 1 opens with A +300 and B −300 booked
    // as opening transfers; Σ balances = opening Σ + external total holds throughout.
    const s = sim({
      agents: [{ id: 'A', opening_balance: 1_000 }, { id: 'B' }],
      ticksPerDay: 2,
      days: 2,
      events: [payment(0, 'A', 'B', 300, 1)],
      resetBalancesDaily: true,
    });
    s.run();
    const days = s.results().agent_days.map((d) => [d.agent, d.day, d.opening_balance, d.opening_transfer, d.closing_balance]);
    expect(days).toEqual([
      ['A', 0, 1_000, 0, 700],
      ['B', 0, 0, 0, 300],
      ['A', 1, 1_000, 300, 1_000],
      ['B', 1, 0, -300, 0],
    ]);
    expect(s.state.externalTotal).toBe(0);
    const sum = Array.from(s.state.balances).reduce((a, b) => a + b, 0);
    expect(sum).toBe(s.state.openingTotal + s.state.externalTotal);
  });
});
