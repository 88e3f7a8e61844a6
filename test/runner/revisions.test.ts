// Experiments a researcher can trust (issue 10): a changed configuration is never mixed into an
// experiment's runs; variants may set any scenario path; every writer stores the same
// config_hash; replay needs only the store.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { ENGINE_VERSION } from '../../src/engine/version.js';
import { recordChanges } from '../../src/runner/experiment-record.js';
import { storeAdhocRun } from '../../src/runner/store-adhoc.js';
import { runScenario, withOverrides } from '../../src/runner/single-run.js';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

/** A folder with the gridlock scenario, a policy file and an LSM on/off experiment over it. */
function workspace(seeds = 3): { dir: string; scenario: string; experiment: string } {
  const dir = tempDir('paysim-revisions-');
  mkdirSync(join(dir, 'policies'));
  copyFileSync('scenarios/high_stress_gridlock.yaml', join(dir, 'scenario.yaml'));
  copyFileSync('scenarios/policies/liquidity_aware.json', join(dir, 'policies/la.json'));
  const experiment = join(dir, 'experiment.yaml');
  writeExperiment(experiment, seeds);
  return { dir, scenario: join(dir, 'scenario.yaml'), experiment };
}

function writeExperiment(file: string, seeds: number): void {
  writeFileSync(
    file,
    [
      'name: lsm-trust',
      'scenario: scenario.yaml',
      `seeds: {from: 1, count: ${seeds}}`,
      'variants:',
      '  lsm_on: {}',
      '  lsm_off: {set: {lsm_config.enabled: false}}',
      '  la: {policies: {BANK_A: {type: Tree, file: policies/la.json}}}',
      'compare: {baseline: lsm_off, metrics: [total_cost, settlement_rate]}',
      '',
    ].join('\n'),
  );
}

const sweep = (experiment: string, db: string, ...flags: string[]) => cli(['sweep', experiment, '--db', db, '--workers', '1', '--quiet', ...flags]);

function comparisonOf(stdout: string): unknown {
  const doc = JSON.parse(stdout) as { candidates: unknown; ranking: unknown; runs: unknown };
  return { candidates: doc.candidates, ranking: doc.ranking, runs: doc.runs };
}

describe('an experiment whose configuration changed', () => {
  it('is refused with exit 2 naming the file and key; --new-revision stores it apart; compare reads only it', async () => {
    const { dir, scenario, experiment } = workspace();
    const db = join(dir, 'a.duckdb');
    expect((await sweep(experiment, db)).status).toBe(0);
    // Adding seeds to an unchanged configuration resumes.
    writeExperiment(experiment, 4);
    const more = await sweep(experiment, db);
    expect(more.status).toBe(0);
    expect(more.stdout).toContain('12 runs planned, 9 already stored, 3 run');

    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('delay_cost_per_tick_per_cent: 2', 'delay_cost_per_tick_per_cent: 5'));
    const refused = await sweep(experiment, db);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('experiment lsm-trust (revision 1) was run with another configuration');
    expect(refused.stderr).toContain('scenario scenario.yaml: cost_rates.delay_cost_per_tick_per_cent: 2 → 5');
    expect(refused.stderr).toContain('--new-revision');
    const [{ runs }] = (await queryFile(db, 'SELECT count(*)::INTEGER AS runs FROM runs')) as Array<{ runs: number }>;
    expect(runs).toBe(12);

    const revised = await sweep(experiment, db, '--new-revision');
    expect(revised.status).toBe(0);
    expect(revised.stdout).toContain('lsm-trust (revision 2): 12 runs planned, 0 already stored');
    // A policy file edited since is named too.
    writeFileSync(join(dir, 'policies/la.json'), readFileSync(join(dir, 'policies/la.json'), 'utf8').replace('"liquidity_aware_policy"', '"la_edited"'));
    const policyChanged = await sweep(experiment, db);
    expect(policyChanged.status).toBe(2);
    expect(policyChanged.stderr).toContain('policy file policies/la.json: its content changed');
    copyFileSync('scenarios/policies/liquidity_aware.json', join(dir, 'policies/la.json'));

    // The edited scenario swept fresh into an empty store gives exactly the same comparison.
    const fresh = join(dir, 'fresh.duckdb');
    expect((await sweep(experiment, fresh)).status).toBe(0);
    const revision2 = await cli(['compare', '--db', db, '--json']);
    const freshCompare = await cli(['compare', '--db', fresh, '--json']);
    expect(revision2.status).toBe(0);
    expect(comparisonOf(revision2.stdout)).toEqual(comparisonOf(freshCompare.stdout));
    const revision1 = await cli(['compare', '--db', db, '--json', '--revision', '1']);
    expect(comparisonOf(revision1.stdout)).not.toEqual(comparisonOf(revision2.stdout));
    expect(JSON.parse(revision2.stdout)).toMatchObject({ revision: 2, runs: { ok: 12 }, baseline: 'lsm_off' });
  });
});

describe('an experiment stored by another engine version', () => {
  it('is refused with exit 2 naming both engines: runs of two engines are never one revision', async () => {
    const { dir, experiment } = workspace(2);
    const db = join(dir, 'e.duckdb');
    expect((await sweep(experiment, db)).status).toBe(0);
    const [{ record }] = (await queryFile(db, 'SELECT record_json AS record FROM experiment_revisions')) as Array<{ record: string }>;
    expect(JSON.parse(record)).toMatchObject({ engine_version: ENGINE_VERSION });
    // As if an older engine had stored the revision.
    const instance = await DuckDBInstance.create(db);
    const c = await instance.connect();
    await c.run(`UPDATE experiment_revisions SET record_json = json_merge_patch(record_json, '{"engine_version": "0.0.9"}')::VARCHAR`);
    c.closeSync();
    instance.closeSync();
    const refused = await sweep(experiment, db);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`engine: its runs were made by paysim's engine 0.0.9, this is ${ENGINE_VERSION}`);
    const [{ runs }] = (await queryFile(db, 'SELECT count(*)::INTEGER AS runs FROM runs')) as Array<{ runs: number }>;
    expect(runs).toBe(6);
    const revised = await sweep(experiment, db, '--new-revision');
    expect(revised.status).toBe(0);
    expect(revised.stdout).toContain('(revision 2): 6 runs planned, 0 already stored');
  });

  it('a record stored before records named the engine counts as engine 0.1.0', () => {
    const { engine_version: _v, ...old } = { scenario: { file: 's.yaml', document: {} }, policy_files: {}, variants: {}, vary: {}, engine_version: 'x' };
    expect(recordChanges(old, { ...old, engine_version: '0.1.0' })).toEqual([]);
    expect(recordChanges(old, { ...old, engine_version: '0.2.0' })).toEqual([`engine: its runs were made by paysim's engine 0.1.0, this is 0.2.0 (results can differ)`]);
  });
});

describe('variants that set scenario values', () => {
  it('LSM off as a variant: same arrivals as LSM on, settled without the LSM', async () => {
    const { dir, experiment } = workspace();
    const db = join(dir, 'v.duckdb');
    expect((await sweep(experiment, db)).status).toBe(0);
    const rows = (await queryFile(
      db,
      `SELECT variant, seed::INTEGER AS seed, arrivals, arrived_value, settled_bilateral + settled_cycle + settled_multilateral AS lsm
       FROM runs ORDER BY seed, variant`,
    )) as Array<{ variant: string; seed: number; arrivals: number; arrived_value: number; lsm: number }>;
    for (const seed of [1, 2, 3]) {
      const on = rows.find((r) => r.seed === seed && r.variant === 'lsm_on')!;
      const off = rows.find((r) => r.seed === seed && r.variant === 'lsm_off')!;
      expect([off.arrivals, off.arrived_value]).toEqual([on.arrivals, on.arrived_value]);
      expect(off.lsm).toBe(0);
    }
    expect(rows.some((r) => r.variant === 'lsm_on' && r.lsm > 0)).toBe(true);
  });

  it('a bad set path or value is reported at the variant key before any run', async () => {
    const { dir, experiment } = workspace(1);
    const original = readFileSync(experiment, 'utf8');
    writeFileSync(experiment, original.replace('lsm_config.enabled: false', 'lsm_config.enabled: maybe'));
    const value = await sweep(experiment, join(dir, 'x.duckdb'));
    expect(value.status).toBe(2);
    expect(value.stderr).toContain('variants.lsm_off.set."lsm_config.enabled": with "maybe": lsm_config.enabled:');
    writeFileSync(experiment, original.replace('lsm_config.enabled: false', '"agents[BANK_Z].credit_limit": 5'));
    const path = await sweep(experiment, join(dir, 'x.duckdb'));
    expect(path.status).toBe(2);
    expect(path.stderr).toContain("variants.lsm_off.set.\"agents[BANK_Z].credit_limit\": no item of agents has id 'BANK_Z'");
  });
});

describe('one config_hash and replay from the store alone', () => {
  it('sweep, paysim run, the API persist and replay store the same config_hash for the same scenario', async () => {
    const dir = tempDir('paysim-hash-');
    const db = join(dir, 'h.duckdb');
    const experiment = join(dir, 'plain.yaml');
    writeFileSync(experiment, `name: plain\nscenario: ${join(process.cwd(), 'scenarios/high_stress_gridlock.yaml')}\nseeds: [3, 4]\n`);
    expect((await sweep(experiment, db)).status).toBe(0);
    expect((await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--seed', '5', '--db', db])).status).toBe(0);
    const loaded = withOverrides(loadScenarioFile('scenarios/high_stress_gridlock.yaml'), { seed: '6' });
    const run = runScenario(loaded);
    await storeAdhocRun(db, { scenarioFile: '<api>', loaded, result: run.result, wallMs: run.wallMs, ticks: 100 });
    // Replayed with its own policies: nothing improves, so the verdict rejects (exit 1); the rows are stored.
    expect((await cli(['replay', '--db', db, '--experiment', 'plain', '--workers', '1', '--quiet', '--as', 'again'])).status).toBe(1);
    const rows = (await queryFile(db, 'SELECT experiment_id, variant, seed::VARCHAR AS seed, config_hash FROM runs ORDER BY ALL')) as Array<{
      config_hash: string;
    }>;
    expect(rows).toHaveLength(6); // 2 swept, 1 paysim run, 1 API persist, 2 replayed
    expect(new Set(rows.map((r) => r.config_hash)).size).toBe(1);
  });

  it('replay gives the same verdict after the scenario and policy files are deleted', async () => {
    const { dir, experiment } = workspace(4);
    const db = join(dir, 'r.duckdb');
    expect((await sweep(experiment, db)).status).toBe(0);
    const replay = (as: string) =>
      cli(['replay', '--db', db, '--variant', 'la', '--policy', 'BANK_A=Fifo', '--as', as, '--workers', '1', '--quiet', '--max-agent-cost-rise', '0.01', '--json']);
    const before = await replay('fifo-1');
    rmSync(join(dir, 'scenario.yaml'));
    rmSync(join(dir, 'policies'), { recursive: true });
    const after = await replay('fifo-2');
    expect(after.stderr).toBe('');
    expect(after.status).toBe(before.status);
    const strip = (text: string) => {
      const doc = JSON.parse(text.replaceAll('fifo-2', 'fifo-1')) as { verdict: unknown; comparison: unknown; replayed: number };
      return { verdict: doc.verdict, comparison: doc.comparison, replayed: doc.replayed };
    };
    expect(strip(after.stdout)).toEqual(strip(before.stdout));
  });
});
