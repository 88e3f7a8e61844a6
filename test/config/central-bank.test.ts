// The central bank's response in scenario files (docs/engine.md, "The central bank's response"):
// the facility, the emergency rule and the injection event load into the engine config, are
// absent from it (and from the config hash) when not written, and bad input is reported at its
// path as `file: path: problem`.
import { describe, expect, it } from 'vitest';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { baseDoc, issueLines } from './helpers.js';

const load = (doc: unknown) => parseScenarioDocument(doc, { file: 'test.yaml', baseDir: 'scenarios' });

const facility = (extra: Record<string, unknown> = {}) => ({
  rate_bps_per_tick: 2,
  collateral: [
    { class: 'govt', value: 1_000_000, haircut: 0.02 },
    { class: 'covered', value: 500_000, haircut: 0.07 },
  ],
  ...extra,
});

describe('loading', () => {
  it('without the central bank the config and its hash are as before (no key added)', () => {
    const { config } = load(baseDoc());
    expect('cb_credit_facility' in config).toBe(false);
    expect('cb_emergency_rule' in config).toBe(false);
  });

  it('the facility, its per-agent collateral and the rule resolve into the engine config; an overnight rate of 0 is left out', () => {
    const doc = baseDoc();
    Object.assign(doc, {
      cb_credit_facility: facility({ overnight_rate_bps: 0, agents: { BANK_B: { collateral: [{ class: 'govt', value: 10, haircut: 0 }] } } }),
      cb_emergency_rule: { when_q2_value_above: 5_000, lend_to_top: 2, amount: 1_000 },
      scenario_events: [{ at_tick: 3, type: 'emergency_injection', agent: 'BANK_A', amount: 700, rate_bps: 12.5 }],
    });
    const { config } = load(doc);
    expect(config.cb_credit_facility).toEqual({
      rate_bps_per_tick: 2,
      collateral: [
        { class: 'govt', value: 1_000_000, haircut: 0.02 },
        { class: 'covered', value: 500_000, haircut: 0.07 },
      ],
      agents: { BANK_B: { collateral: [{ class: 'govt', value: 10, haircut: 0 }] } },
    });
    expect(config.cb_emergency_rule).toEqual({ when_q2_value_above: 5_000, lend_to_top: 2, amount: 1_000, rate_bps: 0 });
    expect(config.scenario_events).toEqual([{ at_tick: 3, type: 'emergency_injection', agent: 'BANK_A', amount: 700, rate_bps: 12.5 }]);
  });
});

describe('bad input: file: path: problem', () => {
  it('a haircut outside 0..1, a negative value, a missing rate, an unknown agent', () => {
    const doc = baseDoc();
    Object.assign(doc, {
      cb_credit_facility: {
        collateral: [
          { class: 'govt', value: 1_000, haircut: 1.2 },
          { class: 'covered', value: -5, haircut: 0.1 },
        ],
        agents: { BANK_Z: { collateral: [] } },
      },
    });
    expect(issueLines(doc)).toEqual([
      "test.yaml: cb_credit_facility.agents.BANK_Z: unknown agent id 'BANK_Z' (expected one of BANK_A, BANK_B)",
      'test.yaml: cb_credit_facility.collateral[0].haircut: 1.2 is out of range (expected a number in 0..1)',
      'test.yaml: cb_credit_facility.collateral[1].value: -5 is out of range (expected an integer number of cents ≥ 0)',
      'test.yaml: cb_credit_facility.rate_bps_per_tick: missing required key (expected a number ≥ 0)',
    ]);
  });

  it('collateral worth more than 2^53 cents in all', () => {
    const doc = baseDoc();
    const big = Number.MAX_SAFE_INTEGER;
    Object.assign(doc, { cb_credit_facility: facility({ collateral: [{ class: 'a', value: big, haircut: 0.5 }, { class: 'b', value: big, haircut: 0.5 }] }) });
    expect(issueLines(doc)).toEqual([
      `test.yaml: cb_credit_facility.collateral: the holdings' values add up to ${big * 2} cents (expected a total below 2^53 cents)`,
    ]);
  });

  it('an injection to an unknown agent, after the end of the run, of nothing; a rule lending to nobody', () => {
    // The run is 10 ticks × 2 days: its last tick is 19.
    const doc = baseDoc();
    Object.assign(doc, {
      scenario_events: [
        { at_tick: 3, type: 'emergency_injection', agent: 'BANK_Z', amount: 100 },
        { at_tick: 20, type: 'emergency_injection', agent: 'BANK_A', amount: 100 },
        { at_tick: 3, type: 'emergency_injection', agent: 'BANK_A', amount: 0 },
        { every: { start: 25, interval: 1, until: 30 }, type: 'emergency_injection', agent: 'BANK_A', amount: 1 },
      ],
      cb_emergency_rule: { when_q2_value_above: 0, lend_to_top: 0, amount: 1 },
    });
    expect(issueLines(doc)).toEqual([
      'test.yaml: cb_emergency_rule.lend_to_top: 0 is out of range (expected an integer in 1..1000000)',
      "test.yaml: scenario_events[0].agent: unknown agent id 'BANK_Z' (expected one of BANK_A, BANK_B)",
      'test.yaml: scenario_events[1].at_tick: 20 is after the end of the run (expected a tick < 20, ticks_per_day × num_days)',
      'test.yaml: scenario_events[2].amount: 0 is out of range (expected an integer number of cents ≥ 1)',
      'test.yaml: scenario_events[3].every.start: 25 is after the end of the run (expected a tick < 20, ticks_per_day × num_days)',
    ]);
  });
});
