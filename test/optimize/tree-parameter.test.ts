// A Tree policy's parameter as a searched parameter (`agent:` + `tree:`): trials set it as a
// parameter override of the agent's policy, the winner's file carries it, and a parameter the
// tree does not declare is refused at its path before anything runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

function setUp(tree: string): { experiment: string; dir: string } {
  const dir = tempDir();
  const scenario = parse(readFileSync('scenarios/high_stress_gridlock.yaml', 'utf8')) as { agents: Array<Record<string, unknown>> };
  scenario.agents[0]!['policy'] = { type: 'Tree', file: resolve('scenarios/policies/liquidity_aware.json') };
  writeFileSync(join(dir, 'scenario.yaml'), stringify(scenario));
  const experiment = join(dir, 'experiment.yaml');
  writeFileSync(
    experiment,
    stringify({
      name: 'tree-search',
      scenario: 'scenario.yaml',
      seeds: [1],
      outputs: { transactions: false, agent_days: false },
      optimize: {
        method: 'grid',
        parameters: [{ name: 'buffer', agent: 'BANK_A', tree, type: 'choice', values: [0, 400000] }],
        objective: { metric: 'total_cost', agent: 'BANK_A' },
        seeds: [1, 2],
        racing: false,
      },
    }),
  );
  return { experiment, dir };
}

describe('tree parameters', () => {
  it('are set as overrides of the agent’s Tree policy and written to the winner’s file', async () => {
    const { experiment, dir } = setUp('target_buffer');
    const db = join(dir, 't.duckdb');
    const out = join(dir, 'w.json');
    const r = await cli(['optimize', experiment, '--db', db, '--workers', '1', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { trials: Array<{ key: string; assignment: { buffer: number } }>; best: { assignment: { buffer: number } } };
    // The two values ran as two policies of BANK_A (different hashes), each on both seeds.
    const policies = await queryFile(db, `SELECT count(DISTINCT rp.policy_sha256) AS n FROM run_policies rp JOIN runs r USING (run_key) WHERE rp.agent = 'BANK_A'`);
    expect(policies[0]!['n']).toBe(2);
    const winner = JSON.parse(readFileSync(out, 'utf8')) as { tree_parameters: Record<string, { parameters: Record<string, number> }>; variant: { set: Record<string, number> } };
    expect(winner.tree_parameters).toEqual({ BANK_A: { parameters: { target_buffer: report.best.assignment.buffer } } });
    expect(winner.variant.set).toEqual({ 'agents[BANK_A].policy.parameters.target_buffer': report.best.assignment.buffer });

    // BANK_A's policy file: the tree its winning runs ran, the parameter set, the provenance in its description; a valid policy.
    const policyFile = (winner as unknown as { policy_files: Record<string, string> }).policy_files['BANK_A']!;
    expect(policyFile).toBe(join(dir, 'w.BANK_A.policy.json'));
    const policy = JSON.parse(readFileSync(policyFile, 'utf8')) as { policy_id: string; parameters: Record<string, number>; description: string };
    expect(policy.policy_id).toBe('liquidity_aware_policy');
    expect(policy.parameters).toEqual({ target_buffer: report.best.assignment.buffer, urgency_threshold: 5 });
    expect(policy.description).toMatch(/^Found by paysim optimize tree-search:/);
    const valid = await cli(['validate', policyFile]);
    expect(valid.status, valid.stderr + valid.stdout).toBe(0);
  });

  it('a parameter the tree does not declare is refused at its path, exit 2', async () => {
    const { experiment, dir } = setUp('no_such_parameter');
    const r = await cli(['optimize', experiment, '--db', join(dir, 'never.duckdb')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/optimize\.parameters\[0\].*no_such_parameter/);
  });
});
