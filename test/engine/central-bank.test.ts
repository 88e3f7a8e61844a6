// The central bank's response (docs/engine.md, "The central bank's response"): the intraday credit
// facility (haircut capacity, drawing a Q2 payment's shortfall, interest, end-of-day repayment,
// overnight exposure), emergency loans by event and by rule, and the exposure figures — each with
// its numbers worked out by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CbCreditFacilityConfig, ScenarioEvent } from '../../src/engine/config.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { checkInvariants } from '../../src/engine/invariants.js';
import { haircutCapacity } from '../../src/engine/rate.js';
import { Simulation } from '../../src/engine/simulation.js';
import { releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

type Spec = Parameters<typeof config>[0];

function sim(spec: Spec, events?: EngineEvent[]) {
  return new Simulation(config(spec), spec.agents.map(() => releaseAll()), {
    checkInvariants: true,
    ...(events ? { events: (e: EngineEvent) => events.push(e) } : {}),
  });
}

const dayRow = (s: Simulation, agent: string, day = 0) => s.results().agent_days.find((r) => r.agent === agent && r.day === day)!;

describe('collateral capacity: floor(Σ value × (1 − haircut)), exact', () => {
  it('haircuts per holding, summed, floored once to the cent', () => {
    // govt 1 000 000 × 0.98 = 980 000; covered 500 000 × 0.93 = 465 000; equity 333 × 0.5 = 166.5.
    // Σ = 1 445 166.5 → 1 445 166 (the half cent is not lent).
    expect(
      haircutCapacity([
        { value: 1_000_000, haircut: 0.02 },
        { value: 500_000, haircut: 0.07 },
        { value: 333, haircut: 0.5 },
      ]),
    ).toBe(1_445_166);
  });

  it('decimal haircuts, not doubles: 1 000 at 7% supports 930, where 1 000 × (1 − 0.07) in doubles floors to 929', () => {
    expect(1_000 * (1 - 0.07)).toBeLessThan(930);
    expect(haircutCapacity([{ value: 1_000, haircut: 0.07 }])).toBe(930);
    // Three holdings of 1 at 30% off: 0.3 is 3/10, 3 × 0.7 = 2.1 → 2 (floored once, not per holding: 0 + 0 + 0).
    expect(haircutCapacity([{ value: 1, haircut: 0.3 }, { value: 1, haircut: 0.3 }, { value: 1, haircut: 0.3 }])).toBe(2);
    expect(haircutCapacity([{ value: 5_000, haircut: 1 }, { value: 7, haircut: 0 }])).toBe(7);
    expect(haircutCapacity([])).toBe(0);
  });

  it('per-agent collateral replaces the default list', () => {
    const facility: CbCreditFacilityConfig = {
      rate_bps_per_tick: 0,
      collateral: [{ class: 'govt', value: 1_000, haircut: 0.1 }],
      agents: { B: { collateral: [{ class: 'covered', value: 2_000, haircut: 0.25 }] } },
    };
    const s = sim({ agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }], designs: { cb_credit_facility: facility } });
    // A and C: 1 000 × 0.9 = 900; B: 2 000 × 0.75 = 1 500.
    expect(Array.from(s.state.cb!.capacity)).toEqual([900, 1_500, 900]);
  });
});

describe('the intraday credit facility', () => {
  // A: balance 300, credit limit 200; collateral 1 000 at a 10% haircut → capacity 900.
  // Tick 0: A→B 1 000. At entry 1 000 > 300 + 200 = 500, so it joins Q2. In the Q2 pass (step 7)
  // the facility lends the shortfall, 1 000 − 500 = 500 ≤ 900: A's balance 300 + 500 = 800, the
  // payment settles (settled_by queue) and A ends at −200, its ordinary credit used in full.
  // Price: 10 bps a tick on 500 drawn = 0.5 → 1 cent a tick (half away from zero), for the 10
  // ticks of the day (the repayment comes at step 11, after the last tick's costs): 10 cents.
  const facility = (extra: Partial<CbCreditFacilityConfig> = {}): CbCreditFacilityConfig => ({
    rate_bps_per_tick: 10,
    collateral: [{ class: 'govt', value: 1_000, haircut: 0.1 }],
    ...extra,
  });
  const spec = (extra: Partial<Spec> = {}, f: CbCreditFacilityConfig | null = facility()): Spec => ({
    agents: [{ id: 'A', opening_balance: 300, credit_limit: 200 }, { id: 'B' }],
    events: [payment(0, 'A', 'B', 1_000, 9)],
    ...(f === null ? {} : { designs: { cb_credit_facility: f } }),
    ...extra,
  });

  it('without the facility the payment stays in Q2', () => {
    const s = sim(spec({}, null));
    s.run();
    expect(s.state.txs[0]!.status).toBe('queued_q2');
    expect(s.state.cb).toBeNull();
  });

  it('a payment settles only thanks to a draw of exactly its shortfall', () => {
    const events: EngineEvent[] = [];
    const s = sim(spec(), events);
    s.step();
    const tx = s.state.txs[0]!;
    expect([tx.status, tx.settledBy, tx.settledTick]).toEqual(['settled', 'queue', 0]);
    expect(Array.from(s.state.balances)).toEqual([-200, 1_000]);
    expect(Array.from(s.state.cb!.drawn)).toEqual([500, 0]);
    const draw = events.find((e) => e.type === 'cb_draw')!;
    expect(draw).toMatchObject({ tick: 0, agent: 'A', tx: 0, data: { amount: 500, drawn: 500, capacity: 900 } });
    // The draw comes right before the settlement it pays for.
    expect(events[events.indexOf(draw) + 1]).toMatchObject({ type: 'settle', tx: 0, data: { settled_by: 'queue' } });
  });

  it('interest per tick on the drawing; not repayable from a negative balance, so it stays overnight with the overnight rate', () => {
    // Overnight: A's balance is −200, nothing to repay; 500 stay owed. 100 bps overnight on 500 = 5.
    // cb_credit = 10 (interest) + 5 (overnight) = 15.
    const s = sim(spec({}, facility({ overnight_rate_bps: 100 })));
    s.run();
    const row = dayRow(s, 'A');
    expect(row).toMatchObject({ cb_drawn: 500, cb_repaid: 0, cb_exposure_peak: 500, cb_exposure_eod: 500, cost_cb_credit: 15 });
    expect(row.closing_balance).toBe(-200);
    const summary = s.summary();
    expect(summary.costs.cb_credit).toBe(15);
    expect(summary).toMatchObject({ cb_exposure_peak: 500, cb_exposure_eod: 500, cb_drawn: 500, cb_repaid: 0 });
    expect(summary.agents[0]).toMatchObject({ agent: 'A', cost_cb_credit: 15, cb_exposure_peak: 500, cb_exposure_eod: 500 });
  });

  it('repaid at the end of the day from the balance', () => {
    // B (balance 700) pays A 700 at tick 3: A goes from −200 to 500, and repays its 500 at the end
    // of the day, ending at 0. Interest still runs on every tick of the day: 10 cents.
    const s = sim({
      ...spec(),
      agents: [{ id: 'A', opening_balance: 300, credit_limit: 200 }, { id: 'B', opening_balance: 700 }],
      events: [payment(0, 'A', 'B', 1_000, 9), payment(3, 'B', 'A', 700, 9)],
    });
    const events: EngineEvent[] = [];
    s.state.eventSink = (e) => events.push(e);
    s.run();
    expect(dayRow(s, 'A')).toMatchObject({
      closing_balance: 0,
      cb_drawn: 500,
      cb_repaid: 500,
      cb_exposure_peak: 500,
      cb_exposure_eod: 0,
      cost_cb_credit: 10,
      // The repayment is not payment activity: the day's extremes are the payments'.
      min_balance: -200,
      max_balance: 500,
    });
    expect(events.filter((e) => e.type === 'cb_repay')).toMatchObject([{ tick: 9, agent: 'A', data: { repaid: 500, overnight: 0 } }]);
    expect(s.summary()).toMatchObject({ cb_exposure_peak: 500, cb_exposure_eod: 0, cb_repaid: 500 });
  });

  it('a partial repayment: what the balance covers is repaid, the rest is owed overnight and keeps its capacity taken', () => {
    // Two days. B pays A 350 at tick 3: A goes from −200 to 150, repays 150 of its 500 and owes 350
    // overnight. Day 1: A's capacity left is 900 − 350 = 550; interest 10 bps on 350 = 0.35 → 0 a
    // tick. Day 0's interest: 10 ticks × 1 = 10 cents.
    const s = sim({
      ...spec(),
      days: 2,
      agents: [{ id: 'A', opening_balance: 300, credit_limit: 200 }, { id: 'B', opening_balance: 350 }],
      events: [payment(0, 'A', 'B', 1_000, 9), payment(3, 'B', 'A', 350, 9)],
    });
    s.run(10);
    expect(dayRow(s, 'A', 0)).toMatchObject({ closing_balance: 0, cb_repaid: 150, cb_exposure_peak: 500, cb_exposure_eod: 350, cost_cb_credit: 10 });
    expect(s.state.cb!.headroom(0)).toBe(550);
    s.run();
    // Day 1: nothing moves; the 350 is carried in (the day's peak) and stays (0 cents of interest a tick).
    expect(dayRow(s, 'A', 1)).toMatchObject({ cb_drawn: 0, cb_repaid: 0, cb_exposure_peak: 350, cb_exposure_eod: 350, cost_cb_credit: 0 });
    expect(s.summary()).toMatchObject({ cb_exposure_peak: 500, cb_exposure_eod: 350, cb_drawn: 500, cb_repaid: 150 });
  });

  it('no draw when the shortfall exceeds the capacity left (never part of a shortfall)', () => {
    // The shortfall is 500. At a 50% haircut the capacity is 1 000 × 0.5 = 500: it fits exactly.
    // At 51% it is 490 < 500: no draw at all, and the payment stays in Q2.
    const fits = sim(spec({}, facility({ collateral: [{ class: 'govt', value: 1_000, haircut: 0.5 }] })));
    fits.step();
    expect(fits.state.txs[0]!.status).toBe('settled');
    const short = sim(spec({}, facility({ collateral: [{ class: 'govt', value: 1_000, haircut: 0.51 }] })));
    short.run();
    expect(short.state.txs[0]!.status).toBe('queued_q2');
    expect(Array.from(short.state.cb!.drawn)).toEqual([0, 0]);
  });

  it('a payment that can settle from balance and credit draws nothing', () => {
    const s = sim(spec({ events: [payment(0, 'A', 'B', 500, 9)] }));
    s.run();
    expect(s.state.txs[0]!.settledBy).toBe('rtgs');
    expect(dayRow(s, 'A')).toMatchObject({ cb_drawn: 0, cb_exposure_peak: 0, cost_cb_credit: 0 });
  });

  it('with the end-of-day backstop: the facility draws first (step 7); the backstop settles what it could not, and is not facility exposure', () => {
    // A: balance 0, no credit, capacity 100 × 1 = 100. A→B 300 at tick 0: shortfall 300 > 100, no
    // draw. At the day's end the backstop settles it (A at −300, backstop 1 000 bps = 30 cents).
    // A→B 80 at tick 1 draws 80. Exposure: 80 peak, and 80 overnight (A's balance is negative).
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 300, 9), payment(1, 'A', 'B', 80, 9)],
      designs: { cb_credit_facility: { rate_bps_per_tick: 0, collateral: [{ class: 'govt', value: 100, haircut: 0 }] }, eod_backstop: { rate_bps: 1_000 } },
    });
    s.run();
    expect(s.state.txs.map((t) => t.settledBy)).toEqual(['backstop', 'queue']);
    expect(dayRow(s, 'A')).toMatchObject({ closing_balance: -300, cb_drawn: 80, cb_exposure_eod: 80, cost_backstop: 30, sent_value_backstop: 300 });
  });

  it('no lending into a participant in default', () => {
    // B defaults at tick 0; A→B 1 000 would need a draw, which the central bank refuses.
    const s = sim(spec({ events: [{ at_tick: 0, type: 'participant_failure', agent: 'B', mode: 'default' }, payment(0, 'A', 'B', 1_000, 9)] }));
    s.run();
    expect(s.state.txs[0]!.status).toBe('queued_q2');
    expect(s.state.cb!.drawn[0]).toBe(0);
  });

  it('with FIFO and sender limits, a payment draws only once its limits allow it', () => {
    // A's bilateral limit towards B is 600: A→B 1 000 is over it, so no draw, although it would fit.
    const s = sim({
      ...spec(),
      agents: [{ id: 'A', opening_balance: 300, credit_limit: 200, bilateral_limits: { B: 600 } }, { id: 'B' }],
      designs: { cb_credit_facility: facility(), rtgs: { queue: 'fifo' } },
    });
    s.run();
    expect(s.state.txs[0]!.status).toBe('queued_q2');
    expect(s.state.cb!.drawn[0]).toBe(0);
  });
});

describe('emergency injections', () => {
  it('by scenario event: credited at step 1, its fee once; repaid at the end of the day', () => {
    // At tick 2 the central bank lends A 1 000 at 25 bps: fee 1 000 × 0.0025 = 2.5 → 3 cents.
    // A→B 600 at tick 2 (A had 0) settles at entry with it. End of day: A holds 400, repays 400
    // of 1 000; 600 owed overnight.
    const injection: ScenarioEvent = { at_tick: 2, type: 'emergency_injection', agent: 'A', amount: 1_000, rate_bps: 25 };
    const events: EngineEvent[] = [];
    const s = sim({ agents: [{ id: 'A' }, { id: 'B' }], events: [injection, payment(2, 'A', 'B', 600, 9)] }, events);
    s.run();
    expect(s.state.txs[0]!.settledBy).toBe('rtgs');
    expect(dayRow(s, 'A')).toMatchObject({
      cb_injected: 1_000,
      cb_drawn: 0,
      cb_repaid: 400,
      cb_exposure_peak: 1_000,
      cb_exposure_eod: 600,
      cost_cb_credit: 3,
      max_balance: 1_000,
      closing_balance: 0,
    });
    expect(events.find((e) => e.type === 'cb_injection')).toMatchObject({ tick: 2, agent: 'A', data: { amount: 1_000, fee: 3, source: 'event', exposure: 1_000 } });
    expect(s.summary()).toMatchObject({ cb_injected: 1_000, cb_exposure_peak: 1_000, cb_exposure_eod: 600 });
  });

  it('repays emergency loans before facility drawings', () => {
    // A: capacity 1 000, balance 0. Tick 0: A→B 500 draws 500. Tick 1: an injection of 300.
    // B pays A 600 at tick 2: A holds 900; it repays 800 = 300 emergency + 500 facility, keeps 100.
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B', opening_balance: 600 }],
      events: [payment(0, 'A', 'B', 500, 9), { at_tick: 1, type: 'emergency_injection', agent: 'A', amount: 300 }, payment(2, 'B', 'A', 600, 9)],
      designs: { cb_credit_facility: { rate_bps_per_tick: 0, collateral: [{ class: 'govt', value: 1_000, haircut: 0 }] } },
    });
    s.run(5);
    expect([s.state.cb!.drawn[0], s.state.cb!.injected[0], s.state.balances[0]]).toEqual([500, 300, 400 + 500]);
    s.run();
    expect([s.state.cb!.drawn[0], s.state.cb!.injected[0], s.state.balances[0]]).toEqual([0, 0, 100]);
  });

  it('by rule: when Q2 passes the threshold, to the agents with the largest queued value, once a day', () => {
    // A 0, B 400, C 450, D 0. Tick 0: A→D 300, B→D 500, C→D 500, none affordable: Q2 = 1 300 >
    // 1 000. The two largest queued: B 500 and C 500 (a tie, in id order); A's 300 is passed over.
    // Each gets 100 at 50 bps: fee 0.5 → 1 cent. The extra Q2 pass settles B (500) and C (550 → 50).
    // End of day: B holds 0 → owes 100 overnight; C repays 50 → owes 50; system overnight 150.
    const events: EngineEvent[] = [];
    const s = sim(
      {
        agents: [{ id: 'A' }, { id: 'B', opening_balance: 400 }, { id: 'C', opening_balance: 450 }, { id: 'D' }],
        events: [payment(0, 'A', 'D', 300, 9), payment(0, 'B', 'D', 500, 9), payment(0, 'C', 'D', 500, 9), payment(4, 'D', 'A', 100, 9)],
        designs: { cb_emergency_rule: { when_q2_value_above: 1_000, lend_to_top: 2, amount: 100, rate_bps: 50 } },
      },
      events,
    );
    s.step();
    expect(s.state.txs.slice(0, 3).map((t) => t.status)).toEqual(['queued_q2', 'settled', 'settled']);
    expect(events.filter((e) => e.type === 'cb_injection').map((e) => [e.agent, e.data])).toEqual([
      ['B', { amount: 100, fee: 1, source: 'rule', exposure: 100 }],
      ['C', { amount: 100, fee: 1, source: 'rule', exposure: 100 }],
    ]);
    s.run();
    expect(events.filter((e) => e.type === 'cb_injection')).toHaveLength(2);
    expect(dayRow(s, 'B')).toMatchObject({ cb_injected: 100, cb_repaid: 0, cb_exposure_eod: 100, cost_cb_credit: 1, closing_balance: 0 });
    expect(dayRow(s, 'C')).toMatchObject({ cb_injected: 100, cb_repaid: 50, cb_exposure_eod: 50, cost_cb_credit: 1, closing_balance: 0 });
    expect(s.summary()).toMatchObject({ cb_exposure_peak: 200, cb_exposure_eod: 150, cb_injected: 200, cb_repaid: 50 });
  });

  it('the rule lends again on a later day', () => {
    // Two days of 5 ticks; A (0) owes B 100 each day: Q2 = 100 > 50 each day, A gets 100 each day.
    const s = sim({
      ticksPerDay: 5,
      days: 2,
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 100, 4), payment(5, 'A', 'B', 100, 9)],
      designs: { cb_emergency_rule: { when_q2_value_above: 50, lend_to_top: 1, amount: 100, rate_bps: 0 } },
    });
    s.run();
    expect(s.state.txs.map((t) => [t.status, t.settledTick])).toEqual([['settled', 0], ['settled', 5]]);
    expect([dayRow(s, 'A', 0).cb_injected, dayRow(s, 'A', 1).cb_injected, dayRow(s, 'A', 1).cb_exposure_eod]).toEqual([100, 100, 200]);
  });
});

describe('during an RTGS outage', () => {
  it('nothing is repaid when the outage covers the day’s last tick: all is owed overnight, and repaid at the next close', () => {
    // Day 0: A (balance 0, capacity 500) draws 300 for A→B 300 at tick 0; B pays A 400 at tick 1:
    // A holds 400. An RTGS outage covers ticks 4..5 (the last tick of day 0 is 4): no repayment,
    // 300 owed overnight. Day 1's close (tick 9) is up: A repays 300 and keeps 100.
    const s = sim({
      ticksPerDay: 5,
      days: 2,
      agents: [{ id: 'A' }, { id: 'B', opening_balance: 400 }],
      events: [payment(0, 'A', 'B', 300, 4), payment(1, 'B', 'A', 400, 4), { at_tick: 4, type: 'rtgs_outage', duration: 2 }],
      designs: { cb_credit_facility: { rate_bps_per_tick: 0, collateral: [{ class: 'govt', value: 500, haircut: 0 }] } },
    });
    s.run();
    expect(dayRow(s, 'A', 0)).toMatchObject({ closing_balance: 400, cb_drawn: 300, cb_repaid: 0, cb_exposure_eod: 300 });
    expect(dayRow(s, 'A', 1)).toMatchObject({ closing_balance: 100, cb_repaid: 300, cb_exposure_peak: 300, cb_exposure_eod: 0 });
  });

  it('the emergency rule does not lend while RTGS is down, and lends once it is up', () => {
    // A (0) owes B 100 from tick 0; RTGS is down at ticks 0..1. Q2 holds 100 > 50 from tick 0, but
    // the rule lends only at tick 2, when the payment then settles.
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [{ at_tick: 0, type: 'rtgs_outage', duration: 2 }, payment(0, 'A', 'B', 100, 9)],
      designs: { cb_emergency_rule: { when_q2_value_above: 50, lend_to_top: 1, amount: 100, rate_bps: 0 } },
    });
    s.run(2);
    expect(s.state.cb!.injected[0]).toBe(0);
    s.step();
    expect([s.state.cb!.injected[0], s.state.txs[0]!.status, s.state.txs[0]!.settledTick]).toEqual([100, 'settled', 2]);
  });
});

describe('checkpoints carry the central bank', () => {
  it('a run resumed mid-day ends exactly as the uninterrupted one', () => {
    const spec: Spec = {
      days: 2,
      agents: [{ id: 'A', opening_balance: 300, credit_limit: 200 }, { id: 'B', opening_balance: 350 }],
      events: [payment(0, 'A', 'B', 1_000, 9), payment(3, 'B', 'A', 350, 9), { at_tick: 12, type: 'emergency_injection', agent: 'B', amount: 70, rate_bps: 3 }],
      designs: { cb_credit_facility: { rate_bps_per_tick: 30, overnight_rate_bps: 7, collateral: [{ class: 'govt', value: 1_000, haircut: 0.1 }] } },
    };
    const whole = sim(spec);
    whole.run();
    const first = sim(spec);
    first.run(13);
    const resumed = Simulation.fromCheckpoint(config(spec), spec.agents.map(() => releaseAll()), JSON.parse(JSON.stringify(first.checkpoint())));
    resumed.run();
    expect(resumed.results()).toEqual(whole.results());
    checkInvariants(resumed.state);
  });
});

describe('exposure is the sum of drawings outstanding (property)', () => {
  // Random days of scripted payments with the facility, injections and the rule: after every tick,
  // each agent's exposure = Σ its draws + Σ its emergency loans − Σ its repayments (from the event
  // stream), the system's = Σ agents', Σ balances = Σ opening + money booked from outside + Σ
  // exposure (the central bank's side), and all money is integer cents; the agent-day rows and the
  // summary say the same.
  const arb = fc.record({
    n: fc.integer({ min: 2, max: 4 }),
    ticksPerDay: fc.integer({ min: 2, max: 6 }),
    days: fc.integer({ min: 1, max: 3 }),
    lsm: fc.boolean(),
    rate: fc.integer({ min: 0, max: 30 }),
    overnight: fc.integer({ min: 0, max: 100 }),
    haircut: fc.double({ min: 0, max: 1, noNaN: true }),
    value: fc.integer({ min: 0, max: 5_000 }),
    rule: fc.option(fc.record({ above: fc.integer({ min: 0, max: 3_000 }), top: fc.integer({ min: 1, max: 3 }), amount: fc.integer({ min: 1, max: 2_000 }) }), { nil: undefined }),
    openings: fc.array(fc.integer({ min: -500, max: 2_000 }), { minLength: 4, maxLength: 4 }),
    orders: fc.array(
      fc.record({ tick: fc.nat(17), from: fc.nat(3), to: fc.nat(3), amount: fc.integer({ min: 1, max: 3_000 }), inject: fc.boolean() }),
      { maxLength: 20 },
    ),
  });

  it('holds after every tick', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const ids = ['A', 'B', 'C', 'D'].slice(0, p.n);
        const ticks = p.ticksPerDay * p.days;
        const events: ScenarioEvent[] = p.orders.map((o) => {
          const from = ids[o.from % p.n]!;
          const tick = o.tick % ticks;
          if (o.inject) return { at_tick: tick, type: 'emergency_injection', agent: from, amount: o.amount, rate_bps: o.amount % 17 };
          const to = ids[(o.from + 1 + (o.to % (p.n - 1))) % p.n]!;
          return payment(tick, from, to, o.amount, Math.min(ticks - 1, tick + 3));
        });
        const stream: EngineEvent[] = [];
        const s = sim(
          {
            ticksPerDay: p.ticksPerDay,
            days: p.days,
            lsm: { enabled: p.lsm },
            agents: ids.map((id, i) => ({ id, opening_balance: p.openings[i]!, credit_limit: 100 * i })),
            events,
            designs: {
              cb_credit_facility: {
                rate_bps_per_tick: p.rate,
                ...(p.overnight > 0 ? { overnight_rate_bps: p.overnight } : {}),
                collateral: [{ class: 'govt', value: p.value, haircut: p.haircut }],
              },
              ...(p.rule === undefined ? {} : { cb_emergency_rule: { when_q2_value_above: p.rule.above, lend_to_top: p.rule.top, amount: p.rule.amount, rate_bps: 5 } }),
            },
          },
          stream,
        );
        const owed = new Map(ids.map((id) => [id, 0]));
        let seen = 0;
        const opening = p.openings.slice(0, p.n).reduce((a, b) => a + b, 0);
        while (!s.done) {
          s.step();
          for (; seen < stream.length; seen++) {
            const e = stream[seen]!;
            if (e.type === 'cb_draw' || e.type === 'cb_injection') owed.set(e.agent!, owed.get(e.agent!)! + e.data.amount);
            if (e.type === 'cb_repay') owed.set(e.agent!, owed.get(e.agent!)! - e.data.repaid);
          }
          const cb = s.state.cb!;
          let total = 0;
          ids.forEach((id, a) => {
            expect(cb.exposure(a), id).toBe(owed.get(id));
            expect(Number.isSafeInteger(cb.drawn[a]) && Number.isSafeInteger(cb.injected[a])).toBe(true);
            expect(cb.drawn[a]).toBeLessThanOrEqual(cb.capacity[a]!);
            total += cb.exposure(a);
          });
          expect(cb.outstanding).toBe(total);
          const balances = Array.from(s.state.balances);
          expect(balances.every((b) => Number.isSafeInteger(b))).toBe(true);
          expect(balances.reduce((a, b) => a + b, 0)).toBe(opening + s.state.externalTotal + total);
        }
        const { summary, agent_days: days } = s.results();
        const sum = (f: (r: (typeof days)[number]) => number) => days.reduce((a, r) => a + f(r), 0);
        // What is owed at the end = Σ drawn + Σ injected − Σ repaid over the rows.
        expect(sum((r) => r.cb_drawn + r.cb_injected - r.cb_repaid)).toBe(s.state.cb!.outstanding);
        const lastDay = p.days - 1;
        expect(sum((r) => (r.day === lastDay ? r.cb_exposure_eod : 0))).toBe(s.state.cb!.outstanding);
        expect(summary.cb_drawn - summary.cb_repaid + summary.cb_injected).toBe(s.state.cb!.outstanding);
        expect(summary.cb_exposure_peak).toBeGreaterThanOrEqual(Math.max(0, ...days.map((r) => r.cb_exposure_peak)));
        for (const r of days) {
          // Within each day: closing = opening + received − sent + external + drawn + injected − repaid.
          expect(r.closing_balance).toBe(r.opening_balance + r.received_value - r.sent_value + r.external_transfer + r.cb_drawn + r.cb_injected - r.cb_repaid);
          expect(Number.isSafeInteger(r.cost_cb_credit) && r.cost_cb_credit >= 0).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
