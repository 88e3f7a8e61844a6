// Store migration 9: the central bank's columns (docs/engine.md, "The central bank's response") —
// written by a run with the facility, equal to the run's summary and agent-day rows, and 0 for runs
// stored before the migration.
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { runScenario } from '../../src/runner/single-run.js';
import { openStore } from '../../src/store/open.js';
import { migrate } from '../../src/store/schema.js';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from './helpers.js';

const SCENARIO = 'scenarios/high_stress_gridlock_cb.yaml';
const num = (row: Record<string, unknown>): Record<string, number> => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));

describe('store migration 9: central-bank columns', () => {
  it('a run with the facility and the emergency rule stores its exposure, drawings and cost', async () => {
    const db = join(tempDir(), 'cb.duckdb');
    const r = await cli(['run', SCENARIO, '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    const { summary, agent_days: days } = runScenario(loadScenarioFile(SCENARIO)).result;
    // The shipped scenario does use both: the rule lends and the facility is drawn, and some is owed overnight.
    expect(summary.cb_injected).toBeGreaterThan(0);
    expect(summary.cb_drawn).toBeGreaterThan(0);
    expect(summary.cb_exposure_eod).toBeGreaterThan(0);
    const [run] = await queryFile(db, 'SELECT cost_cb_credit, cb_exposure_peak, cb_exposure_eod, cb_drawn, cb_injected, cb_repaid FROM runs');
    expect(num(run!)).toEqual({
      cost_cb_credit: summary.costs.cb_credit,
      cb_exposure_peak: summary.cb_exposure_peak,
      cb_exposure_eod: summary.cb_exposure_eod,
      cb_drawn: summary.cb_drawn,
      cb_injected: summary.cb_injected,
      cb_repaid: summary.cb_repaid,
    });
    const agents = await queryFile(db, 'SELECT agent, cost_cb_credit, cb_exposure_peak, cb_exposure_eod FROM run_agents ORDER BY agent');
    expect(agents.map((a) => ({ ...num(a), agent: a['agent'] }))).toEqual(
      summary.agents.map((a) => ({ agent: a.agent, cost_cb_credit: a.cost_cb_credit, cb_exposure_peak: a.cb_exposure_peak, cb_exposure_eod: a.cb_exposure_eod })),
    );
    const stored = await queryFile(db, 'SELECT agent, cost_cb_credit, cb_drawn, cb_injected, cb_repaid, cb_exposure_peak, cb_exposure_eod FROM agent_days ORDER BY agent');
    expect(stored.map((d) => ({ ...num(d), agent: d['agent'] }))).toEqual(
      [...days]
        .sort((a, b) => (a.agent < b.agent ? -1 : 1))
        .map((d) => ({
          agent: d.agent,
          cost_cb_credit: d.cost_cb_credit,
          cb_drawn: d.cb_drawn,
          cb_injected: d.cb_injected,
          cb_repaid: d.cb_repaid,
          cb_exposure_peak: d.cb_exposure_peak,
          cb_exposure_eod: d.cb_exposure_eod,
        })),
    );
  });

  it('rows stored before the migration read 0 (those runs had no central-bank credit)', async () => {
    const db = join(tempDir(), 'old.duckdb');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await migrate(connection, db, 8);
    await connection.run(`INSERT INTO run_agents (run_key, agent, balance, credit_limit, posted_collateral, cost_overdraft, cost_collateral, cost_delay,
      cost_split, cost_deadline, cost_eod, total_cost, cost_liquidity, cost_backstop) VALUES ('k', 'A', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)`);
    await connection.run('CHECKPOINT');
    connection.closeSync();
    instance.closeSync();
    // Opening the file for writing applies migration 9.
    (await openStore(db)).close();
    expect(await queryFile(db, 'SELECT cost_cb_credit, cb_exposure_peak, cb_exposure_eod FROM run_agents')).toEqual([
      { cost_cb_credit: 0, cb_exposure_peak: 0, cb_exposure_eod: 0 },
    ]);
    expect(await queryFile(db, 'SELECT max(version) AS v FROM schema_version')).toEqual([{ v: 9 }]);
  });
});
