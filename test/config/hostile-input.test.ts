// Regression tests for the hostile-input findings of issue 14: each case is refused with exit 2,
// the file and path named, in bounded time and memory — never a crash, a stack trace or a
// polluted Object.prototype.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, ValidationError } from '../../src/input/issues.js';
import { DOCUMENT_MAX_BYTES, parseDocumentText, readDocumentFile } from '../../src/input/read.js';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { loadExperimentFile } from '../../src/runner/experiment.js';
import { planExperiment } from '../../src/runner/plan.js';
import { cli, paysim } from '../helpers/cli.js';
import { tempDir } from '../store/helpers.js';

function lines(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

const BOMB = [
  'policy_id: bomb',
  'a0: &a0 [x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
].join('\n');

const CYCLIC_POLICY = `version: "1.0"
policy_id: cyc
payment_tree: &t
  type: condition
  node_id: N1
  condition: {op: ">", left: {field: balance}, right: {value: 0}}
  on_true: *t
  on_false: *t
`;

function scenarioUsing(policyFile: string): string {
  return `simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 1}
agents:
- {id: A, opening_balance: 100, policy: {type: Tree, file: ${policyFile}}}
- {id: B, opening_balance: 100, policy: {type: Fifo}}
`;
}

describe('the document reader', () => {
  it('an alias bomb exits 2 under a 300 MB heap, naming the file, no stack trace', () => {
    const dir = tempDir('paysim-hostile-');
    writeFileSync(join(dir, 'bomb.yaml'), `${BOMB}\n`);
    writeFileSync(join(dir, 'scenario.yaml'), scenarioUsing('bomb.yaml'));
    for (const args of [['validate', join(dir, 'bomb.yaml')], ['run', join(dir, 'scenario.yaml'), '--no-store']]) {
      const r = paysim(args, { NODE_OPTIONS: '--max-old-space-size=300' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`paysim: ${join(dir, 'bomb.yaml')}: aliases expand too far (an alias bomb?): at most 100 aliases, weighted by what they expand to\n`);
    }
  });

  it('a self-referential policy tree, alone or referenced from a scenario: a cycle at its path', async () => {
    const dir = tempDir('paysim-hostile-');
    const policy = join(dir, 'cyc.yaml');
    writeFileSync(policy, CYCLIC_POLICY);
    writeFileSync(join(dir, 'scenario.yaml'), scenarioUsing('cyc.yaml'));
    const expected = `${policy}: payment_tree.on_true: an alias refers to a node that contains it (a cycle); a document must be a tree`;
    expect(lines(() => readDocumentFile(policy))).toEqual([expected]);
    expect(lines(() => loadScenarioFile(join(dir, 'scenario.yaml')))).toEqual([expected]);
    const r = await cli(['validate', policy]);
    expect([r.status, r.stderr]).toEqual([2, `paysim: ${expected}\n`]);
  });

  it('unresolved aliases, deep nesting, .inf and .nan, duplicate keys in a JSON policy file', () => {
    expect(lines(() => parseDocumentText('a: *nope\n', 'x.yaml'))).toEqual(['x.yaml: alias *nope has no anchor before it']);
    // Depth is counted while the text is parsed, before the YAML library's recursive composer runs
    // (it exhausted the stack near 785 levels, and at 850 V8 aborted the process).
    for (const depth of [501, 850, 1_200, 100_000]) {
      expect(lines(() => parseDocumentText(`a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'x.yaml'))).toEqual([
        'x.yaml: line 1, column 503: nests too deeply to read (at most 500 levels)',
      ]);
    }
    expect(lines(() => parseDocumentText(`a: ${'['.repeat(498)}${']'.repeat(498)}\n`, 'x.yaml'))).toEqual([]);
    expect(lines(() => parseDocumentText('a: [1, .inf]\nb: .nan\n', 'x.yaml'))).toEqual(['x.yaml: a[1]: got Infinity (expected a finite number)']);
    const dir = tempDir('paysim-hostile-');
    writeFileSync(join(dir, 'dup.json'), '{"version": "1.0", "policy_id": "p", "policy_id": "q", "payment_tree": {"type": "action", "node_id": "A", "action": "Release"}}');
    writeFileSync(join(dir, 'scenario.yaml'), scenarioUsing('dup.json'));
    expect(lines(() => loadScenarioFile(join(dir, 'scenario.yaml')))).toEqual([`${join(dir, 'dup.json')}: line 1, column 38: Map keys must be unique`]);
  });

  it('a file over the size limit is refused before it is read; a binary file gets a short message', async () => {
    const dir = tempDir('paysim-hostile-');
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, DOCUMENT_MAX_BYTES + 1); // sparse: no disk used
    expect(lines(() => readDocumentFile(big))).toEqual([`${big}: is too large to read (${DOCUMENT_MAX_BYTES + 1} bytes, at most ${DOCUMENT_MAX_BYTES} bytes)`]);
    const binary = join(dir, 'binary.yaml');
    const bytes = Buffer.alloc(1 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 7)) & 0xff;
    writeFileSync(binary, bytes);
    const r = await cli(['validate', binary]);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(`paysim: ${binary}`)).toBe(true);
    expect(r.stderr.length).toBeLessThan(20_000);
  });

  it('an absolute policy file path stands as written, in scenarios and experiment variants', () => {
    const dir = tempDir('paysim-hostile-');
    const policy = join(process.cwd(), 'scenarios/policies/fifo.json');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'scenario.yaml'), scenarioUsing(policy));
    expect(loadScenarioFile(join(dir, 'sub', 'scenario.yaml')).policies[0]!.name).toBe('fifo_policy');
    const experiment = join(dir, 'experiment.yaml');
    writeFileSync(experiment, `name: abs\nscenario: sub/scenario.yaml\nseeds: [1]\nvariants:\n  v: {B: {type: Tree, file: ${policy}}}\n`);
    expect(planExperiment(loadExperimentFile(experiment)).runs).toHaveLength(1);
  });
});

describe('experiments', () => {
  const SCENARIO = join(process.cwd(), 'scenarios/realistic_demo.yaml');

  function plan(yaml: string): string[] {
    const file = join(tempDir('paysim-hostile-'), 'x.yaml');
    writeFileSync(file, yaml);
    return lines(() => planExperiment(loadExperimentFile(file))).map((line) => line.slice(file.length + 2));
  }

  it('__proto__ in a vary path is refused and Object.prototype stays untouched', () => {
    expect(plan(`name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvary:\n  "__proto__.polluted": [1]\n`)).toEqual([
      `vary."__proto__.polluted": '__proto__' is not a scenario key (a vary path may not reach into JavaScript object internals)`,
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(plan(`name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvary:\n  "agents[0].constructor.prototype.polluted": [1]\n`)).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a grid of 10^9 points is refused from its counts, before anything is expanded', () => {
    const axes = Array.from({ length: 9 }, (_, i) => `  "agents[0].arrival_config.priority${i}": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]`).join('\n');
    expect(plan(`name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvary:\n${axes}\n`)).toEqual([
      'vary: 1 seed(s) × 1000000000 grid point(s) × 1 variant(s): 1000000000 scenario combinations (at most 100000); split the experiment',
    ]);
    expect(plan(`name: x\nscenario: ${SCENARIO}\nseeds: {from: 1, count: 1000000}\nvary:\n  lsm_config.enabled: [true, false]\n`)).toEqual([
      'seeds: 1000000 seed(s) × 2 grid point(s) × 1 variant(s) = 2000000 runs (at most 1000000); split the experiment',
    ]);
  });
});

describe('run length', () => {
  it('--ticks and --days beyond a stored tick, and runs that would create too many payments, exit 2', async () => {
    const ticks = await cli(['run', 'scenarios/minimal.yaml', '--ticks', '2147483648', '--no-store']);
    expect([ticks.status, ticks.stderr]).toEqual([2, 'paysim: --ticks: 2147483648 is too long (at most 2147483647 ticks)\n']);
    const days = await cli(['run', 'scenarios/minimal.yaml', '--days', '300000000', '--no-store']);
    expect([days.status, days.stderr]).toEqual([
      2,
      'paysim: scenarios/minimal.yaml: 300000000 days × 10 ticks per day = 3000000000 ticks is too long (at most 2147483647 ticks)\n',
    ]);
    const payments = await cli(['run', 'scenarios/realistic_demo.yaml', '--days', '200000', '--no-store']);
    expect([payments.status, payments.stderr]).toEqual([
      2,
      'paysim: scenarios/realistic_demo.yaml: 20000000 ticks at 1.55 payments per tick would create about 31000000 payments (at most 20000000 in one run); shorten it with --ticks or --days\n',
    ]);
  });
});
