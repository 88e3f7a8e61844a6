// Participant failures (docs/engine.md, "Participant failures"), worked by hand on scripted days.
import { describe, expect, it } from 'vitest';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { Simulation } from '../../src/engine/simulation.js';
import { releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

/**
 * The liquidity sink of issue 21. Opening balances A 0, B 100, C 50; no credit, LSM off.
 *   tick 1: B→A 100   tick 2: C→A 50   tick 3: A→B 150   tick 4: B→C 150   (deadlines: end of day)
 * Baseline: every payment settles on entry; balances end A 0, B 0, C 150.
 * A defaults at tick 2: B→A (tick 1) and C→A (tick 2) settle — A keeps receiving; A→B never
 * settles, so B holds 0 at tick 4 and B→C waits in Q2 to the end. Balances end A 150, B 0, C 0:
 * A holds 150 more than in the baseline, exactly the value it did not pay.
 */
function sinkDocument(failure: Record<string, unknown> | null, cPolicy: Record<string, unknown> = { type: 'Fifo' }): unknown {
  const pay = (at: number, sender: string, receiver: string, amount: number) => ({
    type: 'payment', at_tick: at, sender, receiver, amount, deadline_tick: 9,
  });
  return {
    simulation: { ticks_per_day: 10, num_days: 1, rng_seed: 1 },
    agents: [
      { id: 'A', opening_balance: 0, policy: { type: 'Fifo' } },
      { id: 'B', opening_balance: 100, policy: { type: 'Fifo' } },
      { id: 'C', opening_balance: 50, policy: cPolicy },
    ],
    lsm_config: { enabled: false },
    scenario_events: [
      pay(1, 'B', 'A', 100),
      pay(2, 'C', 'A', 50),
      pay(3, 'A', 'B', 150),
      pay(4, 'B', 'C', 150),
      ...(failure === null ? [] : [{ type: 'participant_failure', at_tick: 2, agent: 'A', ...failure }]),
    ],
  };
}

function runDocument(doc: unknown): Simulation {
  const loaded = parseScenarioDocument(doc, { file: 'sink.yaml', baseDir: null });
  const s = new Simulation(loaded.config, loaded.policies.map((p) => p.compile()), { checkInvariants: true });
  s.run();
  return s;
}

const balances = (s: Simulation): number[] => Array.from(s.state.balances);
const statuses = (s: Simulation): string[] => s.state.txs.map((tx) => tx.status);

describe('participant_failure, mode default: the liquidity sink', () => {
  it('baseline: every payment settles; A 0, B 0, C 150', () => {
    const s = runDocument(sinkDocument(null));
    expect(statuses(s)).toEqual(['settled', 'settled', 'settled', 'settled']);
    expect(balances(s)).toEqual([0, 0, 150]);
  });

  it('A defaults at tick 2: it keeps receiving, A→B never settles, B→C stays in Q2; A ends 150 above baseline', () => {
    const s = runDocument(sinkDocument({ mode: 'default' }));
    // tx 0 B→A, 1 C→A, 2 A→B, 3 B→C
    expect(statuses(s)).toEqual(['settled', 'settled', 'queued_q1', 'queued_q2']);
    expect(s.state.txs[1]!.settledTick).toBe(2);
    expect(balances(s)).toEqual([150, 0, 0]);
    const summary = s.summary();
    expect(summary.unsettled_value).toBe(300);
    // Unsettled excluding A's own: B→C only.
    const survivors = summary.unsettled_value - s.state.txs[2]!.remaining;
    expect(survivors).toBe(150);
    expect(balances(s)[0]! - 0).toBe(s.state.txs[2]!.amount);
  });

  it('announce_after: 0 and C holding payments to a failed bank: C keeps its 50 and its payment, exactly', () => {
    const s = runDocument(sinkDocument({ mode: 'default', announce_after: 0 }, { type: 'Fifo', on_counterparty_failure: 'hold' }));
    // B→A settled at tick 1 (before the failure); C→A arrives at tick 2, when A is announced: held.
    expect(statuses(s)).toEqual(['settled', 'queued_q1', 'queued_q1', 'queued_q2']);
    expect(balances(s)).toEqual([100, 0, 50]);
    expect(s.state.txs[1]!.remaining).toBe(50);
  });

  it('not announced (no announce_after): C cannot know, pays, and the money is trapped at A', () => {
    const s = runDocument(sinkDocument({ mode: 'default' }, { type: 'Fifo', on_counterparty_failure: 'hold' }));
    expect(statuses(s)).toEqual(['settled', 'settled', 'queued_q1', 'queued_q2']);
    expect(balances(s)).toEqual([150, 0, 0]);
  });

  it('announce_after: 1 — the failure is public from tick 3, after C paid at tick 2', () => {
    const s = runDocument(sinkDocument({ mode: 'default', announce_after: 1 }, { type: 'Fifo', on_counterparty_failure: 'hold' }));
    expect(balances(s)).toEqual([150, 0, 0]);
    expect(s.state.failureAnnounced(0)).toBe(true);
  });

  it('reject_incoming: payments to A released from the announcement on are rejected, returned to the sender without penalty', () => {
    const doc = sinkDocument({ mode: 'default', announce_after: 0, reject_incoming: true });
    (doc as { cost_rates: unknown }).cost_rates = { deadline_penalty: 7 };
    const s = runDocument(doc);
    expect(statuses(s)).toEqual(['settled', 'dropped', 'queued_q1', 'queued_q2']);
    expect(s.state.txs[1]!.dropReason).toBe('rejected');
    expect(s.state.txs[1]!.deadlinePenalty).toBe(0);
    expect(balances(s)).toEqual([100, 0, 50]);
  });
});

describe('participant_failure: what happens to Q2, the LSM and the backstop', () => {
  it('default at the tick the pair would offset: A→B is withdrawn to Q1; B→A still settles on receipt of liquidity; the backstop lends nothing into A', () => {
    // A 40, B 0; LSM every 5 ticks (ticks 0, 5): tick 0 nothing is queued yet, so the pair waits.
    // Tick 1: A→B 100 and B→A 60 queue. Tick 2: A defaults — A→B goes back to A's Q1.
    // Tick 3: a shock gives B 60, and B→A settles in the Q2 pass: A keeps receiving.
    // The end-of-day backstop at tick 9 sees nothing in Q2 from A; A→B stays unsettled in Q1.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 40 }, { id: 'B', opening_balance: 0 }],
        lsm: { enabled: true, schedule: { every: 5 } },
        events: [
          payment(1, 'A', 'B', 100, 9),
          payment(1, 'B', 'A', 60, 9),
          { at_tick: 2, type: 'participant_failure', agent: 'A', mode: 'default' },
          { at_tick: 3, type: 'liquidity_shock', agent: 'B', balance_change: 60 },
        ],
        designs: { eod_backstop: { rate_bps: 0 } },
      }),
      [releaseAll(), releaseAll()],
      { checkInvariants: true },
    );
    s.run(3);
    expect(s.state.txs[0]!.status).toBe('queued_q1');
    expect(s.state.q1[0]).toEqual([0]);
    expect(s.state.txs[1]!.status).toBe('queued_q2');
    s.run();
    // The LSM at tick 5 finds nothing to offset: A→B is no longer in Q2.
    expect(s.state.txs[1]!.status).toBe('settled');
    expect(s.state.txs[1]!.settledTick).toBe(3);
    expect(s.state.txs[0]!.status).toBe('queued_q1');
    expect(Array.from(s.state.balances)).toEqual([100, 0]);
  });

  it('the backstop does not settle a survivor payment to a defaulted participant; it stays in Q2', () => {
    // B 0 owes A 70 (queued); A defaults at tick 1; backstop at tick 9 settles B→C 30 but not B→A.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
        events: [
          payment(0, 'B', 'A', 70, 9),
          payment(0, 'B', 'C', 30, 9),
          { at_tick: 1, type: 'participant_failure', agent: 'A', mode: 'default' },
        ],
        designs: { eod_backstop: { rate_bps: 0 } },
      }),
      [releaseAll(), releaseAll(), releaseAll()],
      { checkInvariants: true },
    );
    s.run();
    expect(s.state.txs.map((tx) => [tx.status, tx.settledBy])).toEqual([
      ['queued_q2', null],
      ['settled', 'backstop'],
    ]);
    expect(Array.from(s.state.balances)).toEqual([0, -30, 30]);
  });
});

describe('participant_failure, modes operational and partial', () => {
  it('operational for 3 ticks: nothing released at ticks 2–4, its payment goes at tick 5; it keeps receiving', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 100 }, { id: 'B', opening_balance: 10 }],
        events: [
          { at_tick: 2, type: 'participant_failure', agent: 'A', mode: 'operational', duration: 3 },
          payment(2, 'A', 'B', 100, 9),
          payment(3, 'B', 'A', 10, 9),
        ],
      }),
      [releaseAll(), releaseAll()],
      { checkInvariants: true },
    );
    s.run(5);
    expect(s.state.txs[0]!.status).toBe('queued_q1');
    expect(s.state.txs[1]!.settledTick).toBe(3);
    s.run(1);
    expect(s.state.txs[0]!.settledTick).toBe(5);
  });

  it('operational without duration lasts to the end of the day; the next day it pays again', () => {
    const s = new Simulation(
      config({
        days: 2,
        agents: [{ id: 'A', opening_balance: 100 }, { id: 'B' }],
        events: [{ at_tick: 7, type: 'participant_failure', agent: 'A', mode: 'operational' }, payment(7, 'A', 'B', 100, 15)],
      }),
      [releaseAll(), releaseAll()],
      { checkInvariants: true },
    );
    s.run();
    expect(s.state.txs[0]!.settledTick).toBe(10);
  });

  it('partial, share 0.5: of orders 40, 30, 50 (120) it releases within 60 by value, in Q1 order: 40 yes, 30 no (70 > 60), 50 no', () => {
    // At tick 1: Q1 holds 40, 30, 50 → budget 0.5 × 120 = 60: releases 40 (40 ≤ 60), holds 30 (70 > 60) and 50 (90 > 60).
    // Tick 2: an order of 20 arrives → ordered 140, budget 70; released 40: 30 → 70 ≤ 70 yes; 50 → 120 no; 20 → 90 no.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000 }, { id: 'B' }],
        events: [
          payment(1, 'A', 'B', 40, 9),
          payment(1, 'A', 'B', 30, 9),
          payment(1, 'A', 'B', 50, 9),
          { at_tick: 1, type: 'participant_failure', agent: 'A', mode: 'partial', share: 0.5 },
          payment(2, 'A', 'B', 20, 9),
        ],
      }),
      [releaseAll(), releaseAll()],
      { checkInvariants: true },
    );
    s.run(2);
    expect(s.state.txs.map((tx) => tx.status)).toEqual(['settled', 'queued_q1', 'queued_q1']);
    s.run(1);
    expect(s.state.txs.map((tx) => tx.status)).toEqual(['settled', 'settled', 'queued_q1', 'queued_q1']);
    // The failure lasts to the end of the day (no duration), which is the end of this run.
    s.run();
    expect(s.state.txs.map((tx) => tx.status)).toEqual(['settled', 'settled', 'queued_q1', 'queued_q1']);
  });
});

describe('participant_failure checkpoints', () => {
  it('a run resumed from a checkpoint taken after the failure ends exactly as the straight run', () => {
    const doc = sinkDocument({ mode: 'default', announce_after: 1, reject_incoming: true }, { type: 'Fifo', on_counterparty_failure: 'hold' });
    const straight = runDocument(doc);
    const loaded = parseScenarioDocument(doc, { file: 'sink.yaml', baseDir: null });
    const policies = loaded.policies.map((p) => p.compile());
    const first = new Simulation(loaded.config, policies, { configHash: loaded.configHash });
    first.run(3);
    const checkpoint = JSON.parse(JSON.stringify(first.checkpoint()));
    const resumed = Simulation.fromCheckpoint(loaded.config, policies, checkpoint, { configHash: loaded.configHash });
    resumed.run();
    expect(resumed.results()).toEqual(straight.results());
  });
});
