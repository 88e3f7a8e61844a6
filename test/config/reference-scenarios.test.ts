import { describe, expect, it, vi } from 'vitest';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { calls } from './policy-mock.js';

vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

const SPEC_DIR = '/work/shared/spec/scenarios';
const NAMES = ['minimal', 'high_stress_gridlock', 'realistic_demo', '18_agent_3_policy_simulation', 'large_scale_200_agents'];

describe('the reference scenarios load unchanged', () => {
  for (const name of NAMES) {
    it(`${name}.yaml (repo copy and spec original give the same config)`, () => {
      const local = loadScenarioFile(`scenarios/${name}.yaml`);
      const original = loadScenarioFile(`${SPEC_DIR}/${name}.yaml`);
      expect(local.config).toEqual(original.config);
      expect(local.configHash).toBe(original.configHash);
      expect(local.configHash).toMatch(/^[0-9a-f]{64}$/);
      expect(local.policies).toHaveLength(local.config.agents.length);
    });
  }

  it('minimal.yaml resolves to the documented values and defaults', () => {
    const { config, policies } = loadScenarioFile('scenarios/minimal.yaml');
    expect(config.simulation).toEqual({ ticks_per_day: 10, num_days: 1, rng_seed: '42' });
    expect(config.agents.map((a) => a.id)).toEqual(['BANK_A', 'BANK_B']);
    expect(config.agents[0]).toEqual({
      id: 'BANK_A',
      opening_balance: 1_000_000,
      credit_limit: 500_000,
      posted_collateral: 0,
      collateral_capacity: 5_000_000, // 10 × credit_limit
      arrival_config: null,
    });
    expect(policies.map((p) => p.name)).toEqual(['Fifo', 'Fifo']);
  });

  it('passes each policy spec with its file, base directory and path', () => {
    calls.length = 0;
    loadScenarioFile('scenarios/18_agent_3_policy_simulation.yaml');
    expect(calls).toHaveLength(18);
    expect(calls[3]?.context).toEqual({ file: 'scenarios/18_agent_3_policy_simulation.yaml', baseDir: 'scenarios', path: 'agents[3].policy' });
    expect(calls.map((c) => (c.spec as { type: string }).type)).toContain('LiquidityAware');
  });

  it('high_stress_gridlock.yaml keeps its counterparty weights and cost rates', () => {
    const { config } = loadScenarioFile('scenarios/high_stress_gridlock.yaml');
    expect(config.agents[0]?.arrival_config?.counterparty_weights).toEqual({ BANK_B: 0.5, BANK_C: 0.3, BANK_D: 0.2 });
    expect(config.cost_rates).toEqual({
      overdraft_bps_per_tick: 20,
      collateral_bps_per_tick: 2, // default
      delay_cost_per_tick_per_cent: 2,
      deadline_penalty: 1_000_000,
      eod_penalty_per_transaction: 2_000_000,
      split_friction_cost: 10_000,
    });
    expect(config.lsm_config.max_iterations).toBe(10);
    expect(config.lsm_config.max_cycle_length).toBe(4); // default
  });
});
