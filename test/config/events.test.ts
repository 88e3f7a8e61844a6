// Scenario events (engine.md §9): shapes, schedules and agent references.

import { describe, expect, it, vi } from 'vitest';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { baseDoc, issueLines } from './helpers.js';

vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

function withEvents(...events: unknown[]): Record<string, unknown> {
  return { ...baseDoc(), scenario_events: events };
}

const TYPES = 'outage, rtgs_outage, lsm_off, liquidity_shock, arrival_rate, payment, counterparty_weights, participant_failure, emergency_injection';

describe('valid events load in list order', () => {
  it('every kind, with payment defaults filled', () => {
    const events = [
      { at_tick: 3, type: 'outage', agent: 'BANK_A', duration: 2 },
      { every: { start: 0, interval: 5, until: 15 }, type: 'rtgs_outage', duration: 1 },
      { at_tick: 4, type: 'lsm_off', duration: 3 },
      { at_tick: 5, type: 'liquidity_shock', agent: 'BANK_B', balance_change: -100_000 },
      { at_tick: 6, type: 'arrival_rate', multiplier: 2.5 },
      { at_tick: 7, type: 'payment', sender: 'BANK_A', receiver: 'BANK_B', amount: 12_345, deadline_offset: 4 },
      { at_tick: 8, type: 'payment', sender: 'BANK_B', receiver: 'BANK_A', amount: 1, deadline_tick: 9, priority: 0, divisible: true },
      { at_tick: 9, type: 'counterparty_weights', agent: 'BANK_A', weights: { BANK_B: 3 } },
    ];
    const { config } = parseScenarioDocument(withEvents(...events), { file: 'test.yaml', baseDir: null });
    expect(config.scenario_events).toEqual([
      ...events.slice(0, 5),
      { ...events[5], priority: 5, divisible: false },
      events[6],
      events[7],
    ]);
  });
});

describe('bad events', () => {
  it('an unknown type lists the known ones', () => {
    expect(issueLines(withEvents({ at_tick: 1, type: 'blackout', duration: 2 }))).toEqual([
      `test.yaml: scenario_events[0].type: 'blackout' is not a known type (expected one of ${TYPES})`,
    ]);
  });

  it('a key of another event type is unknown', () => {
    expect(issueLines(withEvents({ at_tick: 1, type: 'rtgs_outage', agent: 'BANK_A', duration: 2 }))).toEqual([
      'test.yaml: scenario_events[0].agent: unknown key (expected one of type, at_tick, every, duration)',
    ]);
  });

  it('exactly one schedule', () => {
    expect(issueLines(withEvents({ type: 'lsm_off', duration: 2 }))).toEqual([
      'test.yaml: scenario_events[0]: no schedule (expected exactly one of at_tick or every)',
    ]);
    expect(issueLines(withEvents({ at_tick: 1, every: { start: 0, interval: 1, until: 3 }, type: 'lsm_off', duration: 2 }))).toEqual([
      'test.yaml: scenario_events[0]: both at_tick and every given (expected exactly one of at_tick or every)',
    ]);
  });

  it('every: until before start, interval 0', () => {
    expect(issueLines(withEvents({ every: { start: 10, interval: 0, until: 5 }, type: 'lsm_off', duration: 2 }))).toEqual([
      'test.yaml: scenario_events[0].every.interval: 0 is out of range (expected an integer number of ticks ≥ 1)',
      'test.yaml: scenario_events[0].every.until: 5 is before start 10 (expected until ≥ start)',
    ]);
  });

  it('agents must exist', () => {
    expect(issueLines(withEvents({ at_tick: 1, type: 'outage', agent: 'BANK_Q', duration: 2 }))).toEqual([
      "test.yaml: scenario_events[0].agent: unknown agent id 'BANK_Q' (expected one of BANK_A, BANK_B)",
    ]);
  });

  it('a liquidity shock must change something', () => {
    expect(issueLines(withEvents({ at_tick: 1, type: 'liquidity_shock', agent: 'BANK_A' }))).toEqual([
      'test.yaml: scenario_events[0]: a liquidity_shock changes nothing (expected balance_change and/or credit_limit_change)',
    ]);
  });

  it('payments: one deadline form, after the injection tick, to another agent, whole cents', () => {
    const pay = { type: 'payment', sender: 'BANK_A', receiver: 'BANK_B', amount: 100 };
    expect(issueLines(withEvents({ ...pay, at_tick: 1 }))).toEqual([
      'test.yaml: scenario_events[0]: no deadline (expected exactly one of deadline_tick or deadline_offset)',
    ]);
    expect(issueLines(withEvents({ ...pay, every: { start: 0, interval: 4, until: 10 }, deadline_tick: 8 }))).toEqual([
      // Fires at 0, 4 and 8: the last injection would already be due.
      'test.yaml: scenario_events[0].deadline_tick: 8 is not after the tick the payment is injected at (8) (expected a deadline_tick > 8)',
    ]);
    expect(issueLines(withEvents({ ...pay, receiver: 'BANK_A', amount: 0.5, at_tick: 1, deadline_offset: 2 }))).toEqual([
      'test.yaml: scenario_events[0].amount: 0.5 is not an integer (expected an integer number of cents ≥ 1)',
      "test.yaml: scenario_events[0].receiver: 'BANK_A' is the sender (expected another agent)",
    ]);
  });

  it('counterparty weights: ids of other agents, positive sum', () => {
    expect(issueLines(withEvents({ at_tick: 1, type: 'counterparty_weights', agent: 'BANK_A', weights: { BANK_A: 0, BANK_B: 0 } }))).toEqual([
      'test.yaml: scenario_events[0].weights: all weights are 0 (expected a positive sum, or an empty map for uniform choice)',
      'test.yaml: scenario_events[0].weights.BANK_A: an agent cannot pay itself (expected one of BANK_B)',
    ]);
  });
});

describe('participant_failure (docs/engine.md, "Participant failures")', () => {
  const failure = (extra: Record<string, unknown>) => ({ at_tick: 3, type: 'participant_failure', agent: 'BANK_A', mode: 'default', ...extra });

  it('loads every mode; reject_incoming: false is the default and is left out of the config', () => {
    const events = [
      failure({ announce_after: 0, reject_incoming: true }),
      failure({ mode: 'operational', duration: 4, announce_after: 2 }),
      failure({ mode: 'partial', share: 0.25 }),
      failure({ reject_incoming: false }),
    ];
    const { config } = parseScenarioDocument(withEvents(...events), { file: 'test.yaml', baseDir: null });
    expect(config.scenario_events).toEqual([events[0], events[1], events[2], failure({})]);
  });

  it('an unknown participant, a failure after the end of the run, a share outside 0..1, an unknown mode: file: path: problem', () => {
    // The run is 10 ticks × 2 days: its last tick is 19.
    expect(
      issueLines(
        withEvents(
          failure({ agent: 'BANK_Z' }),
          failure({ at_tick: 20 }),
          failure({ mode: 'partial', share: 1.5 }),
          failure({ mode: 'collapse' }),
        ),
      ),
    ).toEqual([
      "test.yaml: scenario_events[0].agent: unknown agent id 'BANK_Z' (expected one of BANK_A, BANK_B)",
      'test.yaml: scenario_events[1].at_tick: 20 is after the end of the run (expected a tick < 20, ticks_per_day × num_days)',
      'test.yaml: scenario_events[2].share: 1.5 is out of range (expected a number in 0..1)',
      "test.yaml: scenario_events[3].mode: 'collapse' is not allowed (expected one of operational, default, partial)",
    ]);
  });

  it('options that do not fit the mode', () => {
    expect(
      issueLines(
        withEvents(
          failure({ mode: 'partial' }),
          failure({ share: 0.5 }),
          failure({ duration: 3 }),
          failure({ mode: 'operational', reject_incoming: true }),
          failure({ reject_incoming: true }),
          { every: { start: 1, interval: 2, until: 9 }, type: 'participant_failure', agent: 'BANK_A', mode: 'default' },
        ),
      ),
    ).toEqual([
      'test.yaml: scenario_events[0]: a partial failure needs its share (expected share, 0..1)',
      "test.yaml: scenario_events[1].share: share is for mode partial (this failure is 'default')",
      'test.yaml: scenario_events[2].duration: a default lasts to the end of the run (expected no duration; use mode operational for a bounded failure)',
      "test.yaml: scenario_events[3].reject_incoming: only a default rejects incoming payments (this failure is 'operational')",
      'test.yaml: scenario_events[4].reject_incoming: rejection starts when the failure is announced (expected announce_after)',
      'test.yaml: scenario_events[5].every: a participant fails once (expected at_tick, not every)',
    ]);
  });
});
