// `paysim run` as a user meets it: bad input gives one clear line and exit 2, good input a summary.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, paysim } from '../helpers/cli.js';

describe('paysim run: bad input', () => {
  const cases: [string, string][] = [
    [
      'typo_key.yaml',
      'test/fixtures/cli/typo_key.yaml: agents[1].credti_limit: unknown key (expected one of id, opening_balance, credit_limit, posted_collateral, collateral_capacity, policy, arrival_config, liquidity_pool, initial_liquidity_fraction, bilateral_limits, multilateral_limit)',
    ],
    [
      'negative_credit.yaml',
      'test/fixtures/cli/negative_credit.yaml: agents[1].credit_limit: -5 is out of range (expected an integer number of cents ≥ 0)',
    ],
    [
      'unknown_counterparty.yaml',
      "test/fixtures/cli/unknown_counterparty.yaml: agents[1].arrival_config.counterparty_weights.BANK_Z: unknown agent id 'BANK_Z' (expected one of BANK_A, BANK_C, BANK_D)",
    ],
    [
      'deadline_zero.yaml',
      'test/fixtures/cli/deadline_zero.yaml: agents[0].arrival_config.deadline_range[0]: 0 is out of range (expected an integer ≥ 1)',
    ],
    [
      'fractional_amount.yaml',
      'test/fixtures/cli/fractional_amount.yaml: agents[0].opening_balance: 5000000.5 is not an integer (expected an integer number of cents)',
    ],
    [
      'bad_haircut.yaml',
      'test/fixtures/cli/bad_haircut.yaml: cb_credit_facility.collateral[0].haircut: 1.5 is out of range (expected a number in 0..1)',
    ],
    ['missing.yaml', 'test/fixtures/cli/missing.yaml: file not found'],
  ];
  for (const [file, message] of cases) {
    it(`${file}: one line naming file and path, exit 2, nothing written`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'paysim-cli-'));
      const db = join(dir, 'out.duckdb');
      const r = await cli(['run', `test/fixtures/cli/${file}`, '--db', db]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`paysim: ${message}\n`);
      expect(r.stdout).toBe('');
      expect(existsSync(db)).toBe(false);
    });
  }

  // Spawned: the exit status of the real process.
  it('a bad flag value is bad input', () => {
    const r = paysim(['run', 'scenarios/minimal.yaml', '--seed', '-3', '--no-store']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--seed');
  });
});

describe('paysim run: output', () => {
  it('--agents N prints the N agents with the largest total cost, and says how many are left out', async () => {
    const all = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--no-store', '--json']);
    const agents = (JSON.parse(all.stdout) as { summary: { agents: Array<{ agent: string; total_cost: number }> } }).summary.agents;
    const costliest = [...agents].sort((a, b) => b.total_cost - a.total_cost).slice(0, 2).map((a) => a.agent);
    const r = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--no-store', '--agents', '2']);
    expect(r.status).toBe(0);
    const table = r.stdout.slice(r.stdout.indexOf('Agents (final balances and costs)'));
    expect(table.split('\n')[0]).toBe('Agents (final balances and costs): the 2 of 4 with the largest total cost (--agents 2)');
    expect(table.split('\n').slice(3, 5).map((line) => line.split(/\s+/)[0])).toEqual(costliest);
    expect(table.trimEnd().split('\n').at(-1)).toBe('… 2 more agent(s) not shown (every agent: without --agents, or with --json)');
    expect((await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--no-store', '--agents', 'x'])).stderr).toBe("paysim: --agents: expected a number of agents ≥ 0, got 'x'\n");
  });


  // Spawned: the exit status of the real process.
  it('prints the summary and exits 0', () => {
    const r = paysim(['run', 'scenarios/realistic_demo.yaml', '--no-store']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Settlement rate:');
    expect(r.stdout).toContain('unsettled in Q2');
    expect(r.stdout).toContain('Costs by kind');
    expect(r.stdout).toContain('BANK_D');
  });

  it('--json gives one document; --seed changes the arrivals deterministically', async () => {
    const a = JSON.parse((await cli(['run', 'scenarios/realistic_demo.yaml', '--json', '--seed', '7', '--no-store'])).stdout);
    const b = JSON.parse((await cli(['run', 'scenarios/realistic_demo.yaml', '--json', '--seed', '7', '--no-store'])).stdout);
    const c = JSON.parse((await cli(['run', 'scenarios/realistic_demo.yaml', '--json', '--seed', '8', '--no-store'])).stdout);
    expect(a.seed).toBe('7');
    expect(a.summary).toEqual(b.summary);
    expect(a.config_hash).toBe(b.config_hash);
    // config_hash is the scenario without its seed (docs/store.md): the seed changes the run, not the hash.
    expect(c.config_hash).toBe(a.config_hash);
    expect(c.summary).not.toEqual(a.summary);
    expect(a.summary.arrivals).toBeGreaterThan(0);
    const s = a.summary;
    expect(s.settled + s.dropped + s.unsettled).toBe(s.arrivals);
    expect(s.settled_value + s.dropped_value + s.unsettled_value).toBe(s.arrived_value);
  });

  it('--events streams filtered JSON lines; --ticks stops early', async () => {
    const r = await cli(['run', 'scenarios/realistic_demo.yaml', '--events', 'type=settle,from=5,to=9', '--ticks', '10', '--no-store']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const e of lines) {
      expect(e.type).toBe('settle');
      expect(e.tick).toBeGreaterThanOrEqual(5);
      expect(e.tick).toBeLessThanOrEqual(9);
    }
    expect(r.stderr).toContain('10 ticks');
  });

  it('--verbose prints one line per tick on stderr', async () => {
    const r = await cli(['run', 'scenarios/minimal.yaml', '--verbose', '--no-store']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('tick '))).toHaveLength(10);
  });
});
