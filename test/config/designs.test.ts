// Settlement designs and liquidity games in scenario files: validated with paths, resolved into
// the engine config, off by default without moving config hashes (engine.md §9b, docs/engine.md).
import { describe, expect, it } from 'vitest';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { Simulation } from '../../src/engine/simulation.js';
import { baseDoc, issueLines } from './helpers.js';

const load = (doc: unknown) => parseScenarioDocument(doc, { file: 'test.yaml', baseDir: 'scenarios' });

function run(doc: unknown) {
  const loaded = load(doc);
  const sim = new Simulation(loaded.config, loaded.policies.map((p) => p.compile()));
  sim.run();
  return sim.results();
}

const fractionTree = (fraction: number) => ({
  type: 'Tree',
  tree: {
    version: '1.0',
    policy_id: 'bring_some',
    payment_tree: { type: 'action', node_id: 'A1', action: 'Release', parameters: {} },
    parameters: { initial_liquidity_fraction: fraction },
  },
});

describe('defaults and hashes', () => {
  it('switches written out at their defaults give the config and hash of the scenario without them', () => {
    const plain = load(baseDoc());
    const doc = baseDoc();
    Object.assign(doc, {
      rtgs: { queue: 'bypass', priority_bands: false, entry_offsetting: false },
      deferred_crediting: false,
      deadline_cap_at_eod: false,
    });
    Object.assign(doc.simulation as object, { reset_balances_daily: false });
    doc['cost_rates'] = { liquidity_cost_per_tick_bps: 0, delay_cost_in_q2: false };
    doc.agents[0]!['initial_liquidity_fraction'] = 1;
    doc.agents[0]!['liquidity_pool'] = 0;
    const explicit = load(doc);
    expect(explicit.config).toEqual(plain.config);
    expect(explicit.configHash).toBe(plain.configHash);
  });

  it('every switch resolves into the engine config', () => {
    const doc = baseDoc();
    Object.assign(doc, {
      rtgs: { queue: 'fifo', priority_bands: true, entry_offsetting: true },
      deferred_crediting: true,
      deadline_cap_at_eod: true,
      eod_backstop: { rate_bps: 25 },
      lsm_config: { schedule: { every: 5 } },
      cost_rates: { liquidity_cost_per_tick_bps: 12.5, delay_cost_in_q2: true },
    });
    Object.assign(doc.simulation as object, { reset_balances_daily: true });
    Object.assign(doc.agents[0]!, { liquidity_pool: 100_000, initial_liquidity_fraction: 0.4, bilateral_limits: { BANK_B: 5_000 }, multilateral_limit: 7_000 });
    (doc.agents[0]!['arrival_config'] as Record<string, unknown>)['priority'] = { type: 'Categorical', values: [2, 9], weights: [3, 1] };
    const { config } = load(doc);
    expect(config).toMatchObject({
      rtgs: { queue: 'fifo', priority_bands: true, entry_offsetting: true },
      deferred_crediting: true,
      deadline_cap_at_eod: true,
      eod_backstop: { rate_bps: 25 },
      simulation: { reset_balances_daily: true },
      lsm_config: { schedule: { every: 5 } },
      cost_rates: { liquidity_cost_per_tick_bps: 12.5, delay_cost_in_q2: true },
    });
    expect(config.agents[0]).toMatchObject({
      liquidity_pool: 100_000,
      initial_liquidity_fraction: 0.4,
      bilateral_limits: { BANK_B: 5_000 },
      multilateral_limit: 7_000,
      arrival_config: { priority: { type: 'Categorical', values: [2, 9], weights: [3, 1] } },
    });
  });
});

describe('validation with paths', () => {
  it('reports each mistake at its path', () => {
    const doc = baseDoc();
    Object.assign(doc, { rtgs: { queue: 'lifo' }, eod_backstop: {}, lsm_config: { schedule: { at_ticks: [3, 10] } } });
    Object.assign(doc.agents[0]!, { initial_liquidity_fraction: 0.5, bilateral_limits: { BANK_C: 10, BANK_A: 5 }, multilateral_limit: -1 });
    (doc.agents[0]!['arrival_config'] as Record<string, unknown>)['priority'] = { type: 'Categorical', values: [1, 2], weights: [1] };
    doc.agents[1]!['liquidity_pool'] = 10;
    doc.agents[1]!['initial_liquidity_fraction'] = 1.5;
    expect(issueLines(doc)).toEqual([
      'test.yaml: agents[0].arrival_config.priority.weights: 1 weights for 2 values (expected one weight per value)',
      "test.yaml: agents[0].bilateral_limits.BANK_A: a limit towards the agent itself (expected one of BANK_B)",
      "test.yaml: agents[0].bilateral_limits.BANK_C: unknown agent id 'BANK_C' (expected one of BANK_B)",
      'test.yaml: agents[0].initial_liquidity_fraction: is a fraction of liquidity_pool, which this agent does not have (expected liquidity_pool given as well)',
      'test.yaml: agents[0].multilateral_limit: -1 is out of range (expected an integer number of cents ≥ 0)',
      'test.yaml: agents[1].initial_liquidity_fraction: 1.5 is out of range (expected a number in 0..1)',
      'test.yaml: eod_backstop.rate_bps: missing required key (expected a number ≥ 0)',
      'test.yaml: lsm_config.schedule.at_ticks[1]: 10 is not a tick of the day (expected 0 ≤ t < ticks_per_day = 10, or last)',
      "test.yaml: rtgs.queue: 'lifo' is not allowed (expected one of bypass, fifo)",
    ]);
  });
});

describe('lsm_config.schedule', () => {
  const withSchedule = (schedule: unknown) => {
    const doc = baseDoc();
    doc['lsm_config'] = { schedule };
    return doc;
  };

  it('at_ticks: [last] is the day’s last tick (9 of ticks_per_day 10); a tick named twice counts once', () => {
    expect(load(withSchedule({ at_ticks: ['last'] })).config.lsm_config.schedule).toEqual({ at_ticks: [9] });
    expect(load(withSchedule({ at_ticks: [2, 9, 'last'] })).config.lsm_config.schedule).toEqual({ at_ticks: [2, 9] });
    expect(load(withSchedule({ at_ticks: ['last'] })).configHash).toBe(load(withSchedule({ at_ticks: [9] })).configHash);
  });

  it('a bad tick is reported at the tick, naming what may be written there', () => {
    expect(issueLines(withSchedule({ at_ticks: ['lst'] }))).toEqual([
      "test.yaml: lsm_config.schedule.at_ticks[0]: 'lst' is not allowed (expected a tick of the day (an integer ≥ 0) or last)",
    ]);
    expect(issueLines(withSchedule({ at_ticks: [-1] }))).toEqual([
      'test.yaml: lsm_config.schedule.at_ticks[0]: -1 is out of range (expected a tick of the day (an integer ≥ 0) or last)',
    ]);
  });

  it('exactly one of every and at_ticks; an unknown key names both', () => {
    expect(issueLines(withSchedule({ every: 2, at_ticks: [1] }))).toEqual([
      'test.yaml: lsm_config.schedule: both every and at_ticks given (expected exactly one of {every: N} or {at_ticks: [t, …]})',
    ]);
    expect(issueLines(withSchedule({ at_tick: [1] }))).toEqual([
      'test.yaml: lsm_config.schedule: no schedule (expected exactly one of {every: N} or {at_ticks: [t, …]})',
      'test.yaml: lsm_config.schedule.at_tick: unknown key (expected one of every, at_ticks)',
    ]);
  });
});

describe('initial_liquidity_fraction from a Tree policy', () => {
  const gameDoc = (policy: unknown, pool = true) => {
    const doc = baseDoc();
    doc['cost_rates'] = { liquidity_cost_per_tick_bps: 100 };
    doc.agents[0]!['policy'] = policy;
    if (pool) doc.agents[0]!['liquidity_pool'] = 200_000;
    return doc;
  };

  it('sets the fraction the engine uses: 0.0 and 1.0 give different runs', () => {
    const none = run(gameDoc(fractionTree(0)));
    const all = run(gameDoc(fractionTree(1)));
    expect(load(gameDoc(fractionTree(0))).config.agents[0]!.initial_liquidity_fraction).toBe(0);
    // 200 000 brought × 100 bps = 2 000 a tick, 20 ticks.
    expect(all.summary.costs.liquidity).toBe(40_000);
    expect(none.summary.costs.liquidity).toBe(0);
    expect(all.agent_days[0]!.opening_transfer).toBe(200_000);
    expect(none.agent_days[0]!.opening_transfer).toBe(0);
  });

  it('an override of the parameter sets it too', () => {
    const spec = { ...fractionTree(1), parameters: { initial_liquidity_fraction: 0.25 } };
    expect(load(gameDoc(spec)).config.agents[0]!.initial_liquidity_fraction).toBe(0.25);
  });

  it('a tree that declares it on an agent without a pool is a validation error, not a silent no-op', () => {
    expect(issueLines(gameDoc(fractionTree(0.5), false))).toEqual([
      'test.yaml: agents[0].policy: the policy sets initial_liquidity_fraction, but the agent has no liquidity_pool (expected liquidity_pool on the agent, or a policy without that parameter)',
    ]);
    const override = { ...fractionTree(0.5), parameters: { initial_liquidity_fraction: 0.2 } };
    expect(issueLines(gameDoc(override, false))).toEqual([
      'test.yaml: agents[0].policy.parameters.initial_liquidity_fraction: the policy sets initial_liquidity_fraction, but the agent has no liquidity_pool (expected liquidity_pool on the agent, or a policy without that parameter)',
    ]);
  });

  it('set both on the agent and by the policy is an error', () => {
    const doc = gameDoc(fractionTree(0.5));
    doc.agents[0]!['initial_liquidity_fraction'] = 0.5;
    expect(issueLines(doc)).toEqual([
      'test.yaml: agents[0].policy: initial_liquidity_fraction is set both by the policy and on the agent (expected one of the two)',
    ]);
  });
});

describe('arrival priorities from a distribution', () => {
  it('come from a stream of their own: amounts, receivers, deadlines and ids are those of the fixed-priority run', () => {
    const fixed = baseDoc();
    fixed.agents.push({
      id: 'BANK_C',
      opening_balance: 0,
      policy: { type: 'Fifo' },
      arrival_config: { rate_per_tick: 2, amount_distribution: { type: 'Uniform', min: 1, max: 1_000 }, deadline_range: [2, 6] },
    });
    const drawn = structuredClone(fixed);
    for (const agent of drawn.agents) {
      const arrivals = agent['arrival_config'] as Record<string, unknown> | undefined;
      if (arrivals) arrivals['priority'] = { type: 'Categorical', values: [0, 5, 10], weights: [1, 1, 2] };
    }
    const a = run(fixed).transactions;
    const b = run(drawn).transactions;
    const shape = (t: (typeof a)[number]) => [t.tx_id, t.sender, t.receiver, t.amount, t.arrival_tick, t.deadline_tick];
    expect(b.length).toBeGreaterThan(30);
    expect(b.map(shape)).toEqual(a.map(shape));
    expect(new Set(a.map((t) => t.priority))).toEqual(new Set([5]));
    const seen = new Set(b.map((t) => t.priority));
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 5, 10]);
    // Deterministic: the same seed draws the same priorities.
    expect(run(drawn).transactions.map((t) => t.priority)).toEqual(b.map((t) => t.priority));
  });
});
