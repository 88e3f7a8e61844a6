// Defaults of engine.md §1, filled into the resolved config.

import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_COST_RATES, DEFAULT_LSM_CONFIG } from '../../src/engine/config.js';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { baseDoc } from './helpers.js';

vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

const load = (doc: unknown) => parseScenarioDocument(doc, { file: 'test.yaml', baseDir: null });

describe('defaults (engine.md §1)', () => {
  it('agents: credit_limit 0, posted_collateral 0, collateral_capacity 10 × credit_limit', () => {
    const { config } = load(baseDoc());
    expect(config.agents[0]).toMatchObject({ credit_limit: 500_000, posted_collateral: 0, collateral_capacity: 5_000_000 });
    expect(config.agents[1]).toMatchObject({ credit_limit: 0, posted_collateral: 0, collateral_capacity: 0, arrival_config: null });
  });

  it('an explicit collateral_capacity wins over the default', () => {
    const doc = baseDoc();
    Object.assign(doc.agents[0]!, { collateral_capacity: 7, posted_collateral: 7 });
    expect(load(doc).config.agents[0]).toMatchObject({ collateral_capacity: 7, posted_collateral: 7 });
  });

  it('arrival_config: priority 5, divisible false, weights kept by id', () => {
    const arrivals = load(baseDoc()).config.agents[0]!.arrival_config;
    expect(arrivals).toEqual({
      rate_per_tick: 0.5,
      amount_distribution: { type: 'Uniform', min: 1_000, max: 5_000 },
      counterparty_weights: { BANK_B: 1 },
      deadline_range: [5, 15],
      priority: 5,
      divisible: false,
    });
  });

  it('empty counterparty_weights mean uniform (null)', () => {
    const doc = baseDoc();
    (doc.agents[0]!['arrival_config'] as Record<string, unknown>)['counterparty_weights'] = {};
    expect(load(doc).config.agents[0]!.arrival_config!.counterparty_weights).toBeNull();
  });

  it('priority 0 stays 0', () => {
    const doc = baseDoc();
    (doc.agents[0]!['arrival_config'] as Record<string, unknown>)['priority'] = 0;
    expect(load(doc).config.agents[0]!.arrival_config!.priority).toBe(0);
  });

  it('lsm_config and cost_rates: every key defaulted, given keys kept', () => {
    const { config } = load(baseDoc());
    expect(config.lsm_config).toEqual({
      enabled: true,
      bilateral_offsetting: true,
      cycle_detection: true,
      max_cycle_length: 4,
      max_cycles_per_tick: 10,
      max_cycle_search_steps: 20_000,
      max_iterations: 3,
      algorithm: 'pairs_and_cycles',
    });
    expect(config.cost_rates).toEqual({
      overdraft_bps_per_tick: 10,
      collateral_bps_per_tick: 2,
      delay_cost_per_tick_per_cent: 0.0001,
      deadline_penalty: 50_000,
      eod_penalty_per_transaction: 10_000,
      split_friction_cost: 1_000,
    });
    const doc = baseDoc();
    doc['lsm_config'] = { enabled: false, algorithm: 'multilateral' };
    doc['cost_rates'] = { deadline_penalty: 0 };
    const custom = load(doc).config;
    expect(custom.lsm_config).toEqual({ ...DEFAULT_LSM_CONFIG, enabled: false, algorithm: 'multilateral' });
    expect(custom.cost_rates).toEqual({ ...DEFAULT_COST_RATES, deadline_penalty: 0 });
  });

  it('scenario_events default to none; the seed becomes a decimal string', () => {
    const { config } = load(baseDoc());
    expect(config.scenario_events).toEqual([]);
    expect(config.simulation.rng_seed).toBe('42');
    const doc = baseDoc();
    doc['simulation'] = { ticks_per_day: 10, num_days: 2, rng_seed: '0012345678901234567890' };
    expect(load(doc).config.simulation.rng_seed).toBe('12345678901234567890');
  });

  it('the schema file documents the same defaults', async () => {
    const { scenarioSchema } = await import('../../src/config/scenario.js');
    // The schema's own types are loose (nested nodes are plain records): view it as a tree.
    interface Node { properties: Record<string, Node>; default?: unknown }
    const lsm = (scenarioSchema as unknown as Node).properties['lsm_config']!.properties;
    expect(Object.fromEntries(Object.entries(lsm).map(([k, v]) => [k, v.default]))).toEqual(DEFAULT_LSM_CONFIG);
    const costs = (scenarioSchema as unknown as Node).properties['cost_rates']!.properties;
    // The liquidity-game rates (engine.md §9b) are off by default and absent from the resolved config.
    expect(Object.fromEntries(Object.entries(costs).map(([k, v]) => [k, v.default]))).toEqual({
      ...DEFAULT_COST_RATES,
      liquidity_cost_per_tick_bps: 0,
      delay_cost_in_q2: false,
    });
  });
});

describe('the loaded scenario', () => {
  it('keeps the document as given and hashes config and policies', () => {
    const doc = baseDoc();
    const before = JSON.stringify(doc);
    const loaded = load(doc);
    expect(loaded.document).toBe(doc);
    expect(JSON.stringify(doc)).toBe(before);
    expect(loaded.configHash).toMatch(/^[0-9a-f]{64}$/);
    // Same content, different key order and spelling of the seed: same hash.
    const reordered = baseDoc();
    reordered['simulation'] = { rng_seed: '42', num_days: 2, ticks_per_day: 10 };
    expect(load(reordered).configHash).toBe(loaded.configHash);
    // A different policy changes the hash even with the same config.
    const other = baseDoc();
    other.agents[1]!['policy'] = { type: 'Deadline' };
    expect(load(other).configHash).not.toBe(loaded.configHash);
  });
});
