// External proposers (`paysim optimize --proposer`, protocol 1): the shipped example drives a
// search and a second command asks it nothing; invalid trees, crashes, output that is not JSON
// and a hang are stored as trials that ran nothing, with the reason, and the search goes on; a
// proposer that keeps failing stops the search with exit 1; bad set-ups exit 2 before anything runs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

const FIXTURE = 'test/optimize/fixtures/credit.yaml';
const STEP = 'node experiments/proposers/step-proposer.mjs';

interface Report {
  optimization_id: string;
  method: string;
  evaluations: number;
  runs_executed: number;
  stopped: string;
  best: { key: string; assignment: Record<string, unknown>; note?: { rationale: string | null } } | null;
  trials: Array<{ key: string; status: string; reason: string; assignment: Record<string, unknown>; seeds: string[]; note?: { proposal: number; rationale: string | null; trees: Record<string, string> } }>;
}

/** The test fixture with its optimize section changed, in a temporary folder (the scenario path made absolute). */
function experimentWith(change: (o: Record<string, unknown>) => void): { file: string; dir: string } {
  const doc = parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown> & { optimize: Record<string, unknown> };
  doc['scenario'] = join(process.cwd(), 'scenarios/high_stress_gridlock.yaml');
  change(doc.optimize);
  const dir = tempDir();
  const file = join(dir, 'experiment.yaml');
  writeFileSync(file, stringify(doc));
  return { file, dir };
}

const lines = (file: string): number => {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length;
  } catch {
    return 0;
  }
};

describe('paysim optimize --proposer', () => {
  it('the example proposer drives a search; every proposal is stored, and the same command again asks it nothing', async () => {
    const { file, dir } = experimentWith((o) => {
      delete o['method'];
      o['budget'] = { evaluations: 12 };
      o['confirm_seeds'] = { from: 100, count: 2 };
    });
    const db = join(dir, 'p.duckdb');
    // Calls are counted through the environment, which is not part of the optimisation's identity.
    const command = `echo call >> "$PROPOSER_LOG"; ${STEP}`;
    const args = ['optimize', file, '--db', db, '--workers', '1', '--proposer', command, '--json', '--out', join(dir, 'w.json')];
    const first = await cli(args, { PROPOSER_LOG: join(dir, 'calls-1') });
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as Report;
    expect(report.method).toBe('proposer');
    expect(report.stopped).toBe('budget');
    expect(report.trials[0]!.status).toBe('incumbent');
    const proposed = report.trials.slice(1);
    expect(proposed.length).toBe(3); // 12 runs: the start and three proposals on 3 seeds each
    proposed.forEach((t, i) => {
      expect(t.note!.proposal).toBe(i);
      expect(t.note!.rationale).toMatch(/^Step [+-]\d+ on credit from /);
    });
    expect(lines(join(dir, 'calls-1'))).toBe(3);
    const rows = await queryFile(db, `SELECT proposal, trial, command, outcome, rationale FROM optimization_proposals WHERE optimization_id = '${report.optimization_id}' ORDER BY proposal`);
    expect(rows.map((r) => [r['proposal'], r['trial'], r['outcome'], r['command']])).toEqual(proposed.map((t, i) => [i, i + 1, 'candidate', command]));
    const winner = JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8')) as { provenance: { method: string; proposer: { command: string } } };
    expect(winner.provenance.method).toBe('proposer');
    expect(winner.provenance.proposer.command).toBe(command);

    const again = await cli(args, { PROPOSER_LOG: join(dir, 'calls-2') });
    expect(again.status, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as Report;
    expect(second.runs_executed).toBe(0);
    expect(second.trials.map((t) => [t.key, t.note?.rationale])).toEqual(report.trials.map((t) => [t.key, t.note?.rationale]));
    expect(lines(join(dir, 'calls-2'))).toBe(0);

    // paysim merge brings the proposals with their optimisation.
    const merged = join(dir, 'merged.duckdb');
    const m = await cli(['merge', db, '-o', merged, '--quiet']);
    expect(m.status, m.stderr).toBe(0);
    expect(await queryFile(merged, 'SELECT proposal, trial, outcome, rationale FROM optimization_proposals ORDER BY proposal')).toEqual(
      await queryFile(db, 'SELECT proposal, trial, outcome, rationale FROM optimization_proposals ORDER BY proposal'),
    );
  });

  it('an invalid tree, a crash and output that is not JSON are stored as trials that ran nothing, and the search goes on', async () => {
    const { file, dir } = experimentWith((o) => {
      delete o['method'];
      o['seeds'] = [1, 2];
      o['racing'] = false;
      o['budget'] = { evaluations: 20 };
      delete o['confirm_seeds'];
    });
    const db = join(dir, 'm.duckdb');
    const requests = join(dir, 'requests');
    mkdirSync(requests);
    const r = await cli(['optimize', file, '--db', db, '--workers', '1', '--json', '--proposer', 'node test/optimize/fixtures/proposers/misbehave.mjs'], { REQUEST_DIR: requests });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.trials.map((t) => t.status)).toEqual(['incumbent', 'invalid', expect.stringMatching(/^(accepted|rejected)$/), 'failed', expect.stringMatching(/^(accepted|rejected)$/), 'failed']);
    expect(report.stopped).toBe('method'); // the proposer said done
    const [, invalid, , crashed, tree, notJson] = report.trials;
    // The DSL's own path and problem, inside the answer.
    expect(invalid!.reason).toMatch(/^invalid proposal: policies\.BANK_A\.payment_tree\.on_true\.action: .*Teleport/);
    expect(invalid!.seeds).toEqual([]);
    expect(crashed!.reason).toMatch(/^proposer failed: exited with code 3; stderr: misbehave: boom/);
    expect(notJson!.reason).toMatch(/^proposer failed: the output is not acceptable JSON: not valid JSON: .*it began: "I think the credit limit/);
    // The valid tree ran as BANK_A's policy, named by its hash in the trial's parameters.
    const hash = tree!.assignment['policy:BANK_A'] as string;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(tree!.seeds).toEqual(['1', '2']);

    const proposals = await queryFile(db, `SELECT proposal, trial, outcome, exit_code, stderr_tail, trees_json FROM optimization_proposals ORDER BY proposal`);
    expect(proposals.map((p) => p['outcome'])).toEqual(['invalid', 'candidate', 'failed', 'candidate', 'failed', 'done']);
    expect(proposals[2]!['exit_code']).toBe(3);
    expect(proposals[2]!['stderr_tail']).toContain('boom');
    expect(JSON.parse(String(proposals[3]!['trees_json']))).toEqual({ BANK_A: hash });
    // Both trees kept once each by hash, the invalid one too; the valid one is what BANK_A ran.
    const trees = await queryFile(db, `SELECT tree_sha256 FROM optimization_trees ORDER BY tree_sha256`);
    expect(trees.length).toBe(2);
    expect(trees.map((t) => t['tree_sha256'])).toContain(hash);
    const policies = await queryFile(db, `SELECT DISTINCT p.name AS policy_id FROM runs r JOIN run_policies rp USING (run_key) JOIN policies p USING (policy_sha256) WHERE r.variant = '${tree!.key}' AND rp.agent = 'BANK_A'`);
    expect(policies).toEqual([{ policy_id: 'liquidity_aware_policy' }]);

    // What the proposer was sent before its answer after the crash: the history with per-seed
    // values, the test against the incumbent, the per-agent costs, and the budget left.
    const request = JSON.parse(readFileSync(join(requests, 'request-3.json'), 'utf8')) as {
      protocol: number;
      objective: { metric: string; agent: string };
      space: Array<{ name: string; bounds: number[] }>;
      policy_agents: string[];
      policies: Record<string, { policy_id: string }>;
      budget: { evaluations: number; evaluations_used: number; evaluations_left: number };
      trials: Array<{ status: string; seeds: string[]; values: number[]; versus: { ci95: number[] } | null; agents: Record<string, { total_cost: number }>; rationale: string | null; policies: Record<string, string> }>;
      trees: Record<string, unknown>;
    };
    expect(request.protocol).toBe(1);
    expect(request.objective).toMatchObject({ metric: 'total_cost', agent: 'BANK_A' });
    expect(request.space).toEqual([{ name: 'credit', type: 'integer', bounds: [0, 1000000], path: 'agents[BANK_A].credit_limit', agent: null }]);
    expect(request.policy_agents).toEqual(['BANK_A']);
    expect(request.policies['BANK_A']!.policy_id).toBe('fifo_policy');
    expect(request.budget).toEqual({ evaluations: 20, evaluations_used: 4, evaluations_left: 16, seconds: null, seconds_left: null });
    expect(request.trials.map((t) => t.status)).toEqual(['incumbent', 'invalid', report.trials[2]!.status, 'failed']);
    expect(request.trials[0]!.values.length).toBe(2);
    // The objective is BANK_A's total cost: its breakdown there is the trial's mean.
    expect(request.trials[0]!.agents['BANK_A']!.total_cost).toBeCloseTo((request.trials[0]!.values[0]! + request.trials[0]!.values[1]!) / 2, 6);
    expect(Object.keys(request.trials[0]!.agents).sort()).toEqual(['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D']);
    expect(request.trials[2]!.versus!.ci95.length).toBe(2);
    expect(request.trials[2]!.rationale).toBe('a little more credit');
    // The invalid tree is there for the proposer to see what was wrong with it.
    expect(Object.keys(request.trees)).toEqual(Object.values(request.trials[1]!.policies));
  });

  it('a proposer that hangs is killed with its process group at the timeout; the search goes on', async () => {
    const { file, dir } = experimentWith((o) => {
      delete o['method'];
      o['seeds'] = [1, 2];
      o['budget'] = { evaluations: 20 };
      delete o['confirm_seeds'];
    });
    const count = join(dir, 'count');
    const r = await cli(['optimize', file, '--db', join(dir, 'h.duckdb'), '--workers', '1', '--json', '--proposer', 'sh test/optimize/fixtures/proposers/hang-once.sh', '--proposer-timeout', '3'], {
      HANG_COUNT: count,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.trials.map((t) => t.status)).toEqual(['incumbent', 'failed', expect.stringMatching(/^(accepted|rejected)$/)]);
    expect(report.trials[1]!.reason).toMatch(/^proposer failed: no answer within 3 s \(timeout; the process group was killed\)/);
    expect(report.trials[2]!.note!.rationale).toBe('after the hang');
    expect(readFileSync(count, 'utf8').trim()).toBe('3');
  });

  it('a proposer that keeps failing stops the search after max_failures, exit 1, the trials stored', async () => {
    const { file, dir } = experimentWith((o) => {
      delete o['method'];
      o['seeds'] = [1, 2];
      o['budget'] = { evaluations: 20 };
      o['proposer'] = { max_failures: 2 };
    });
    const db = join(dir, 'f.duckdb');
    const r = await cli(['optimize', file, '--db', db, '--workers', '1', '--json', '--proposer', 'echo "no model key" >&2; exit 7']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stopped).toBe('proposer');
    expect(report.trials.map((t) => t.status)).toEqual(['incumbent', 'failed', 'failed']);
    expect(r.stderr).toMatch(/the proposer stopped giving usable proposals \(last: proposer failed: exited with code 7; stderr: no model key\)/);
    expect((await queryFile(db, 'SELECT count(*) AS n FROM optimization_trials'))[0]!['n']).toBe(3);
  });

  it.each([
    ['equilibrium mode', (o: Record<string, unknown>) => Object.assign(o, { mode: 'equilibrium', parameters: [{ name: 'c', agent: 'BANK_A', path: 'agents[BANK_A].credit_limit', type: 'integer', bounds: [0, 10] }, { name: 'd', agent: 'BANK_B', path: 'agents[BANK_B].credit_limit', type: 'integer', bounds: [0, 10] }], objective: { metric: 'total_cost' } }), 'optimize.mode', /search mode only/],
    ['no budget', (o: Record<string, unknown>) => delete o['budget'], 'optimize.budget', /needs budget\.evaluations or budget\.seconds/],
    ['a method and a proposer command', (o: Record<string, unknown>) => (o['proposer'] = { command: STEP }), 'optimize.method', /a method or a proposer, not both/],
    ['a proposer section without a command', (o: Record<string, unknown>) => (delete o['method'], (o['proposer'] = { timeout_seconds: 5 })), 'optimize.proposer.command', /give it here or with --proposer/],
    ['an unknown proposer key', (o: Record<string, unknown>) => (o['proposer'] = { comand: STEP }), 'optimize.proposer', /comand/],
  ])('refuses %s with exit 2 and a path, before anything runs', async (what, change, path, message) => {
    const { file, dir } = experimentWith(change);
    const args = ['optimize', file, '--db', join(dir, 'never.duckdb')];
    const r = await cli(what === 'a proposer section without a command' || what === 'an unknown proposer key' || what === 'a method and a proposer command' ? args : [...args, '--proposer', STEP]);
    expect(r.status).toBe(2);
    const line = r.stderr.split('\n').find((l) => l.includes(`: ${path}`));
    expect(line, r.stderr).toBeDefined();
    expect(line).toMatch(message);
  });
});
