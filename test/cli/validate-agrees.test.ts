// `paysim validate` says what the command will say (issue 27): an experiment that `paysim
// optimize`, `paysim stress` or `paysim compare` would refuse is refused by validate with the same
// problem, before anything runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'paysim-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SCENARIO = resolve('scenarios/high_stress_gridlock.yaml');

/** An optimize experiment with one thing changed; `parameter` replaces the searched parameter. */
function optimizeExperiment(name: string, change: { parameter?: string; start?: string; objective?: string; extra?: string }): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `scenario: ${SCENARIO}`,
      'seeds: [1]',
      'optimize:',
      '  method: nelder-mead',
      '  parameters:',
      `    - ${change.parameter ?? '{name: credit, path: "agents[BANK_A].credit_limit", type: integer, bounds: [0, 1000000]}'}`,
      ...(change.extra !== undefined ? [change.extra] : []),
      ...(change.start !== undefined ? [`  start: ${change.start}`] : []),
      `  objective: ${change.objective ?? '{metric: total_cost, agent: BANK_A}'}`,
      '  seeds: {from: 1, count: 2}',
      '  budget: {evaluations: 4}',
      '',
    ].join('\n'),
  );
  return file;
}

const OPTIMIZE_CASES: ReadonlyArray<{ name: string; file: () => string; says: string }> = [
  { name: 'a start outside the bounds', file: () => optimizeExperiment('start-out', { start: '{credit: 2000000}' }), says: 'optimize.start' },
  {
    name: 'inverted integer bounds',
    file: () => optimizeExperiment('inverted', { parameter: '{name: credit, path: "agents[BANK_A].credit_limit", type: integer, bounds: [1000, 0]}' }),
    says: 'optimize.parameters[0]',
  },
  {
    name: 'fractional integer bounds',
    file: () => optimizeExperiment('fractional', { parameter: '{name: credit, path: "agents[BANK_A].credit_limit", type: integer, bounds: [0.5, 1000]}' }),
    says: 'optimize.parameters[0]',
  },
  { name: "a path 'abc'", file: () => optimizeExperiment('path-abc', { parameter: '{name: x, path: abc, type: integer, bounds: [0, 10]}' }), says: 'optimize.parameters[0]' },
  {
    name: "a path '__proto__.x'",
    file: () => optimizeExperiment('path-proto', { parameter: '{name: x, path: __proto__.x, type: integer, bounds: [0, 10]}' }),
    says: 'optimize.parameters[0]',
  },
  {
    name: 'an unknown agent',
    file: () => optimizeExperiment('unknown-agent', { parameter: '{name: credit, path: "agents[NOBODY].credit_limit", type: integer, bounds: [0, 10]}' }),
    says: 'optimize.parameters[0]',
  },
  { name: "metric 'constructor'", file: () => optimizeExperiment('metric-constructor', { objective: '{metric: constructor}' }), says: 'optimize.objective' },
  {
    name: 'a duplicate parameter',
    file: () => optimizeExperiment('duplicate', { extra: '    - {name: credit, path: "agents[BANK_A].credit_limit", type: integer, bounds: [0, 1000000]}' }),
    says: 'optimize.parameters[1]',
  },
  {
    name: 'a proposer with a method',
    file: () => optimizeExperiment('proposer-method', { extra: '  proposer: {command: "node experiments/proposers/step-proposer.mjs"}' }),
    says: 'optimize',
  },
];

describe('validate refuses what optimize refuses', () => {
  for (const c of OPTIMIZE_CASES) {
    it(c.name, async () => {
      const file = c.file();
      const optimize = await cli(['optimize', file, '--db', join(dir, `${c.name.replace(/\W+/g, '-')}.duckdb`)]);
      expect(optimize.status).toBe(2);
      expect(optimize.stderr).toContain(`${file}: ${c.says}`);
      const validate = await cli(['validate', file]);
      expect(validate.status).toBe(2);
      expect(validate.stdout).toBe('');
      // The same problems, word for word.
      expect(validate.stderr).toBe(optimize.stderr);
    });
  }
});

describe('validate and sweep refuse compare: defaults that name nothing', () => {
  const experiment = (name: string, compare: string): string => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      [`name: ${name}`, `scenario: ${resolve('scenarios/minimal.yaml')}`, 'seeds: [1]', 'variants:', '  a: {}', '  b: {}', `compare: ${compare}`, ''].join('\n'),
    );
    return file;
  };
  const cases = [
    { name: 'baseline', compare: '{baseline: c}', says: "compare.baseline: no variant named 'c' (the variants: a, b)" },
    { name: 'metrics', compare: '{metrics: [total_cost, cost_of_everything]}', says: "compare.metrics[1]: unknown metric 'cost_of_everything'" },
    { name: 'by', compare: '{by: bank}', says: "compare.by: expected 'agent', 'grid' or 'agent,grid', got 'bank'" },
  ];
  for (const c of cases) {
    it(`compare.${c.name}`, async () => {
      const file = experiment(`compare-${c.name}`, c.compare);
      for (const args of [['validate', file], ['sweep', file, '--db', join(dir, `compare-${c.name}.duckdb`)]]) {
        const r = await cli(args);
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(`${file}: ${c.says}`);
      }
    });
  }

  it('a compare: section that names what exists passes', async () => {
    const r = await cli(['validate', experiment('compare-good', '{baseline: a, metrics: [total_cost], by: "agent,grid"}')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
