// `paysim validate` on every shipped file, and `paysim schema` equal to the files in schemas/.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMAS } from '../../src/cli/commands/schema.js';
import { cli } from '../helpers/cli.js';

describe('paysim validate', () => {
  it('accepts every shipped scenario, experiment and policy', async () => {
    const files = [
      ...readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`),
      ...readdirSync('scenarios/policies').map((f) => `scenarios/policies/${f}`),
      // experiments/proposers/ holds proposer programs (docs/optimize.md), not experiment files.
      ...readdirSync('experiments').filter((f) => f.endsWith('.yaml')).map((f) => `experiments/${f}`),
      // Stress files and the published cases are checked as `paysim stress` and `paysim reproduce` would.
      ...readdirSync('experiments/stress').map((f) => `experiments/stress/${f}`),
      ...readdirSync('experiments/published').map((f) => `experiments/published/${f}`),
    ];
    const r = await cli(['validate', ...files]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(files.map((f) => `${f}: ok`));
  });

  it('reports every problem of a bad file with its path and exits 2', async () => {
    const r = await cli(['validate', 'scenarios/minimal.yaml', 'test/fixtures/cli/typo_key.yaml']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('scenarios/minimal.yaml: ok\n');
    expect(r.stderr).toContain('test/fixtures/cli/typo_key.yaml: agents[1].credti_limit: unknown key');
  });
});

describe('paysim schema', () => {
  for (const kind of Object.keys(SCHEMAS)) {
    it(`${kind}: prints the schema shipped as schemas/${kind}.schema.json`, async () => {
      const r = await cli(['schema', kind]);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(`schemas/${kind}.schema.json`, 'utf8')));
    });
  }

  it('an unknown kind is bad input', async () => {
    const r = await cli(['schema', 'bank']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown kind 'bank' (expected one of scenario, policy, experiment)");
  });
});
