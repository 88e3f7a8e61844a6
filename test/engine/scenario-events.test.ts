// Scenario events (engine.md §9) and the collateral layers (policy-dsl.md §5.2), worked by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../src/engine/config.js';
import { EventSchedule, isDue } from '../../src/engine/scenario-events.js';
import { Simulation } from '../../src/engine/simulation.js';
import { releaseAll, scriptedPolicy } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

const two = [releaseAll(), releaseAll()];

describe('event schedules', () => {
  it('at_tick fires once; every fires from start every interval up to until inclusive', () => {
    const every: ScenarioEvent = { every: { start: 2, interval: 3, until: 8 }, type: 'lsm_off', duration: 1 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((t) => isDue(every, t))).toEqual([2, 5, 8]);
    const once: ScenarioEvent = { at_tick: 4, type: 'rtgs_outage', duration: 1 };
    expect([3, 4, 5].map((t) => isDue(once, t))).toEqual([false, true, false]);
  });
});

describe('the event schedule (index by tick, cursors for periodic events)', () => {
  it('gives the due events in list order, one-off and periodic interleaved', () => {
    const events: ScenarioEvent[] = [
      { every: { start: 1, interval: 2, until: 7 }, type: 'lsm_off', duration: 1 },
      { at_tick: 3, type: 'rtgs_outage', duration: 1 },
      { every: { start: 0, interval: 3, until: 9 }, type: 'lsm_off', duration: 1 },
      { at_tick: 3, type: 'rtgs_outage', duration: 2 },
    ];
    const schedule = new EventSchedule(events);
    // Event 0 fires at 1, 3, 5, 7; event 2 at 0, 3, 6, 9; events 1 and 3 at 3.
    const due = Array.from({ length: 11 }, (_, t) => [...schedule.dueAt(t)]);
    expect(due).toEqual([[2], [0], [], [0, 1, 2, 3], [], [0], [2], [0], [], [2], []]);
  });

  it('re-seats its cursors when ticks jump (a resumed checkpoint)', () => {
    const schedule = new EventSchedule([{ every: { start: 2, interval: 4, until: 30 }, type: 'lsm_off', duration: 1 }]);
    expect(schedule.dueAt(0)).toEqual([]);
    // 2, 6, 10, …: from tick 9 the next firing is 10.
    expect(schedule.dueAt(9)).toEqual([]);
    expect(schedule.dueAt(10)).toEqual([0]);
    expect(schedule.dueAt(6)).toEqual([0]);
  });

  it('agrees with scanning the whole list with isDue, for any events and any order of ticks', () => {
    const schedule = fc.oneof(
      fc.record({ at_tick: fc.nat(40) }),
      fc
        .record({ start: fc.nat(40), interval: fc.integer({ min: 1, max: 7 }), span: fc.nat(40) })
        .map(({ start, interval, span }) => ({ every: { start, interval, until: start + span } })),
    );
    const events = fc.array(schedule.map((s) => ({ ...s, type: 'lsm_off', duration: 1 }) as ScenarioEvent), { maxLength: 12 });
    // Mostly consecutive ticks, with jumps back and forth.
    const ticks = fc.array(fc.oneof(fc.constant(-1), fc.nat(50)), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(events, ticks, (list, steps) => {
        const index = new EventSchedule(list);
        let tick = 0;
        for (const step of steps) {
          tick = step === -1 ? tick + 1 : step;
          const scanned = list.flatMap((e, i) => (isDue(e, tick) ? [i] : []));
          expect([...index.dueAt(tick)]).toEqual(scanned);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('scenario events', () => {
  it('outage: the agent releases nothing for N ticks; its payments wait in Q1', () => {
    // Outage of A at tick 1 for 3 ticks: ticks 1, 2, 3. A payment arriving at tick 1 goes at tick 4.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000 }, { id: 'B' }],
        events: [{ at_tick: 1, type: 'outage', agent: 'A', duration: 3 }, payment(1, 'A', 'B', 100, 20)],
      }),
      two,
    );
    s.run(4);
    expect(s.state.txs[0]!.status).toBe('queued_q1');
    s.step();
    expect(s.state.txs[0]!.status).toBe('settled');
    expect(s.state.txs[0]!.settledTick).toBe(4);
  });

  it('rtgs_outage: nothing settles for N ticks; released payments queue, then settle', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000 }, { id: 'B' }],
        events: [{ at_tick: 0, type: 'rtgs_outage', duration: 2 }, payment(0, 'A', 'B', 100, 20)],
      }),
      two,
    );
    s.run(2);
    expect(s.state.txs[0]!.status).toBe('queued_q2');
    s.step();
    expect(s.state.txs[0]!.status).toBe('settled');
    expect(s.state.txs[0]!.settledBy).toBe('queue');
    expect(s.state.txs[0]!.settledTick).toBe(2);
  });

  it('liquidity_shock: balance change booked as external money; credit change floors at 0', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000, credit_limit: 300 }, { id: 'B' }],
        events: [
          { at_tick: 1, type: 'liquidity_shock', agent: 'A', balance_change: -400 },
          { at_tick: 2, type: 'liquidity_shock', agent: 'A', credit_limit_change: -500 },
        ],
      }),
      two,
    );
    s.run(3);
    expect(s.state.balances[0]).toBe(600);
    expect(s.state.externalTotal).toBe(-400);
    expect(s.state.creditLimits[0]).toBe(0);
    const day = s.results().agent_days.find((d) => d.agent === 'A')!;
    expect(day.external_transfer).toBe(-400);
    expect(day.min_balance).toBe(600);
  });

  it('payment: deadline_offset counts from the event tick; priority defaults to 5', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }],
        events: [{ at_tick: 3, type: 'payment', sender: 'A', receiver: 'B', amount: 10, deadline_offset: 4 }],
      }),
      two,
    );
    s.run(4);
    const tx = s.state.txs[0]!;
    expect(tx.arrivalTick).toBe(3);
    expect(tx.deadlineTick).toBe(7);
    expect(tx.priority).toBe(5);
    expect(tx.origin).toBe('event');
  });

  it('lsm_off keeps the LSM from running while it lasts', () => {
    // A→B 100 and B→A 100 with no money: only bilateral offsetting can settle them.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }],
        lsm: { enabled: true },
        events: [{ at_tick: 0, type: 'lsm_off', duration: 2 }, payment(0, 'A', 'B', 100, 9), payment(0, 'B', 'A', 100, 9)],
      }),
      two,
    );
    s.run(2);
    expect(s.state.txs.map((t) => t.status)).toEqual(['queued_q2', 'queued_q2']);
    // At tick 2 the LSM is back and offsets the pair.
    s.step();
    expect(s.state.txs.map((t) => t.settledBy)).toEqual(['bilateral', 'bilateral']);
    expect(s.state.txs.map((t) => t.settledTick)).toEqual([2, 2]);
  });
});

describe('collateral layers', () => {
  it('post is capped by capacity, withdraw by what the overdraft does not need', () => {
    // C = 10 000, K = 100 000. Strategic: post 60 000 (applied 60 000). B = 40 000 then pays 90 000:
    // 90 000 ≤ 40 000 + 10 000 + 60 000 → B = −50 000. End of tick: withdraw 100 000 →
    // F = max(0, min(60 000, −50 000 + 10 000 + 60 000)) = 20 000; P = 40 000.
    const policy = scriptedPolicy('collateral', () => ({ action: 'Release' }), {
      strategic: () => ({ action: 'PostCollateral', amount: 60_000, reason: null, nodeId: 'S1', path: null }),
      endOfTick: () => ({ action: 'WithdrawCollateral', amount: 100_000, reason: 'cleanup', nodeId: 'E1', path: null }),
    });
    const events: { type: string; data: Record<string, unknown> }[] = [];
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 40_000, credit_limit: 10_000, collateral_capacity: 100_000 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 90_000, 9)],
      }),
      [policy, releaseAll()],
      { events: (e) => events.push({ type: e.type, data: { ...e.data } }) },
    );
    s.step();
    expect(s.state.txs[0]!.status).toBe('settled');
    expect(s.state.balances[0]).toBe(-50_000);
    expect(s.state.posted[0]).toBe(40_000);
    expect(events.find((e) => e.type === 'collateral_post')!.data).toMatchObject({
      requested: 60_000,
      applied: 60_000,
      new_total: 60_000,
    });
    expect(events.find((e) => e.type === 'collateral_withdraw')!.data).toMatchObject({
      requested: 100_000,
      applied: 20_000,
      new_total: 40_000,
      reason: 'cleanup',
    });
    // Second tick: post 60 000 more but capacity leaves 60 000 → P = 100 000.
    s.step();
    expect(events.filter((e) => e.type === 'collateral_post')[1]!.data).toMatchObject({ applied: 60_000, new_total: 100_000 });
  });

  it('an amount ≤ 0 does nothing and records nothing', () => {
    const policy = scriptedPolicy('zero', () => ({ action: 'Release' }), {
      strategic: () => ({ action: 'PostCollateral', amount: 0, reason: null, nodeId: 'S1', path: null }),
    });
    const events: string[] = [];
    const s = new Simulation(config({ agents: [{ id: 'A', credit_limit: 100 }, { id: 'B' }] }), [policy, releaseAll()], {
      events: (e) => events.push(e.type),
    });
    s.step();
    expect(s.state.posted[0]).toBe(0);
    expect(events).not.toContain('collateral_post');
  });
});

describe('scenario events added while the simulation runs (addScenarioEvent)', () => {
  it('a liquidity shock added at tick 2 lets a queued payment settle at tick 2, not before', () => {
    // A holds 1 000 and owes B 1 500 (arrives at tick 0): it waits in Q2. At tick 2, +500 to A
    // fires in step 1 and the Q2 pass of that tick settles the payment: A 1 000 + 500 − 1 500 = 0.
    const s = new Simulation(
      config({ agents: [{ id: 'A', opening_balance: 1_000 }, { id: 'B' }], events: [payment(0, 'A', 'B', 1_500, 20)] }),
      two,
    );
    s.run(1);
    s.addScenarioEvent({ at_tick: 2, type: 'liquidity_shock', agent: 'A', balance_change: 500 });
    s.run(1);
    expect(s.state.txs[0]!.status).toBe('queued_q2');
    expect(s.snapshot().agents.map((a) => a.balance)).toEqual([1_000, 0]);
    s.run(1);
    expect(s.state.txs[0]!.status).toBe('settled');
    expect(s.state.txs[0]!.settledTick).toBe(2);
    expect(s.snapshot().agents.map((a) => a.balance)).toEqual([0, 1_500]);
  });

  it('an added periodic outage fires from its start; added events follow the scenario\'s own', () => {
    // Outage of B every 3 ticks from tick 3 for 1 tick: ticks 3 and 6 of 0..7. B pays A 10 at
    // ticks 3, 4, 6 (events of the scenario): those of ticks 3 and 6 wait one tick in Q1.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B', opening_balance: 1_000 }],
        events: [payment(3, 'B', 'A', 10, 20), payment(4, 'B', 'A', 10, 20), payment(6, 'B', 'A', 10, 20)],
      }),
      two,
    );
    s.run(2);
    s.addScenarioEvent({ every: { start: 3, interval: 3, until: 7 }, type: 'outage', agent: 'B', duration: 1 });
    s.run(6);
    expect(s.state.txs.map((t) => t.settledTick)).toEqual([4, 4, 7]);
  });

  it('refuses an event that would fire before the next tick', () => {
    const s = new Simulation(config({ agents: [{ id: 'A' }, { id: 'B' }] }), two);
    s.run(3);
    expect(() => s.addScenarioEvent({ at_tick: 2, type: 'rtgs_outage', duration: 1 })).toThrow(/tick 3 or later/);
    expect(() => s.addScenarioEvent({ every: { start: 1, interval: 1, until: 9 }, type: 'lsm_off', duration: 1 })).toThrow(/tick 3 or later/);
  });
});

describe('firings of an event between two ticks (bounds a request before it runs)', () => {
  const every = (start: number, interval: number, until: number) => ({ type: 'lsm_off' as const, duration: 1, every: { start, interval, until } });
  it('counts by hand', async () => {
    const { firingsBetween, scriptedPaymentsBetween } = await import('../../src/engine/scenario-events.js');
    // start 3, every 4, until 20: fires at 3, 7, 11, 15, 19.
    expect(firingsBetween(every(3, 4, 20), 0, 100)).toBe(5);
    expect(firingsBetween(every(3, 4, 20), 4, 16)).toBe(3); // 7, 11, 15
    expect(firingsBetween(every(3, 4, 20), 8, 11)).toBe(0); // 11 is not < 11
    expect(firingsBetween(every(3, 4, 20), 20, 30)).toBe(0);
    expect(firingsBetween({ type: 'lsm_off', duration: 1, at_tick: 5 }, 5, 6)).toBe(1);
    // Two payment events (one every tick to 999, one once) and an outage: 10 + 1 payments in [0, 10).
    const pay = { type: 'payment' as const, sender: 'A', receiver: 'B', amount: 1 };
    const events = [
      { ...pay, every: { start: 0, interval: 1, until: 999 } },
      { ...pay, at_tick: 9 },
      { type: 'outage' as const, agent: 'A', duration: 2, at_tick: 1 },
    ];
    expect(scriptedPaymentsBetween(events, 0, 10)).toBe(11);
  });
});
