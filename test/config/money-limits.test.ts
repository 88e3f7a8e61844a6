// Money beyond 2^53 at the edges (issue 14): scenarios that make it certain are refused at load
// (exit 2), runs that reach it stop with exit 1 and write no store, a sweep stores such a run as
// failed, and the API answers 422 and then 409 instead of 500.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadExperimentFile } from '../../src/runner/experiment.js';
import { planExperiment } from '../../src/runner/plan.js';
import { runSweep } from '../../src/runner/sweep.js';
import { call, create } from '../api/helpers.js';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

const M = Number.MAX_SAFE_INTEGER;

function scenario(extra: string, agents = '- {id: A, opening_balance: 0, policy: {type: Fifo}}\n- {id: B, opening_balance: 0, policy: {type: Fifo}}\n'): string {
  return `simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 1}\nagents:\n${agents}${extra}`;
}

function write(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('refused at load: exit 2', () => {
  it('a liquidity shock of 2^53 − 1 every tick: the balance must pass the range', async () => {
    const dir = tempDir('paysim-money-');
    const file = write(dir, 's.yaml', scenario(`scenario_events:\n- {every: {start: 0, interval: 1, until: 9}, type: liquidity_shock, agent: A, balance_change: ${M}}\n`));
    const r = await cli(['run', file, '--db', join(dir, 'x.duckdb')]);
    expect([r.status, r.stderr]).toEqual([
      2,
      `paysim: ${file}: scenario_events[0].balance_change: the liquidity shocks of agent A take its balance up to ${10n * BigInt(M)} cents with its opening balance (counting every repetition), beyond ±(2^53 − 1) where money is exact\n`,
    ]);
    expect(existsSync(join(dir, 'x.duckdb'))).toBe(false);
  });

  it('a delay cost of 1e300 per cent per tick: a cost could become infinite', async () => {
    const dir = tempDir('paysim-money-');
    const file = write(dir, 's.yaml', scenario('cost_rates: {delay_cost_per_tick_per_cent: 1e300}\n'));
    const r = await cli(['validate', file]);
    expect([r.status, r.stderr]).toEqual([
      2,
      `paysim: ${file}: cost_rates.delay_cost_per_tick_per_cent: 1e+300 is so large that a cost can become infinite (rate × 2^53 cents × 10 ticks overflows)\n`,
    ]);
  });
});

describe('reached while running', () => {
  const three = `- {id: A, opening_balance: 0, credit_limit: ${M}, collateral_capacity: 0, policy: {type: Fifo}}\n- {id: B, opening_balance: 0, credit_limit: ${M}, collateral_capacity: 0, policy: {type: Fifo}}\n` +
    `- {id: C, opening_balance: 0, credit_limit: ${M}, collateral_capacity: 0, policy: {type: Fifo}}\n- {id: D, opening_balance: 0, policy: {type: Fifo}}\n`;
  const events = `scenario_events:\n${['A', 'B', 'C'].map((s) => `- {at_tick: 0, type: payment, sender: ${s}, receiver: D, amount: ${M}, deadline_offset: 5}`).join('\n')}\n`;

  it('paysim run: three overdrafts of 2^53 − 1 paid to one bank stop the run, exit 1, no store written', async () => {
    const dir = tempDir('paysim-money-');
    const file = write(dir, 's.yaml', scenario(events, three));
    const r = await cli(['run', file, '--db', join(dir, 'x.duckdb')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `paysim: balance of agent D at tick 0 would be ${2 * M}, outside ±(2^53 − 1) cents, where money is no longer exact; the run stops (use smaller amounts or rates, or count money in larger units)\n`,
    );
    expect(existsSync(join(dir, 'x.duckdb'))).toBe(false);
  });

  it('paysim sweep: the run is stored as failed with the same message', async () => {
    const dir = tempDir('paysim-money-');
    write(dir, 's.yaml', scenario(events, three));
    const experiment = write(dir, 'e.yaml', 'name: money\nscenario: s.yaml\nseeds: [1]\n');
    const db = join(dir, 'x.duckdb');
    const report = await runSweep(planExperiment(loadExperimentFile(experiment)), { db, workers: 1 });
    expect([report.ok, report.failed.length]).toEqual([0, 1]);
    const rows = await queryFile(db, 'SELECT status, error FROM runs');
    expect(rows).toEqual([{ status: 'failed', error: expect.stringContaining('balance of agent D at tick 0 would be') }]);
  });

  it('the API: a payment of 2^53 − 1 whose delay cost leaves the range: 422, then 409, never 500', async () => {
    const app = await buildApp({ db: join(tempDir('paysim-money-'), 'api.duckdb') });
    try {
      const id = await create(app, {
        simulation: { ticks_per_day: 10, num_days: 1, rng_seed: 1 },
        agents: [
          // Holds its payments in Q1 until one tick before their deadline: delay costs accrue.
          { id: 'A', opening_balance: 0, policy: { type: 'Deadline', urgency_threshold: 1 } },
          { id: 'B', opening_balance: 0, policy: { type: 'Fifo' } },
        ],
        cost_rates: { delay_cost_per_tick_per_cent: 2 },
      });
      expect((await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'A', receiver: 'B', amount: M, deadline_tick: 9 })).status).toBe(201);
      const again = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'A', receiver: 'B', amount: M, deadline_tick: 9 });
      expect(again.status).toBe(422);
      expect((again.body['error'] as Record<string, unknown>)['message']).toMatch(/^Q1 value of agent A at tick 0 would be /);
      const tick = await call(app, 'POST', `/simulations/${id}/tick`);
      expect(tick.status).toBe(422);
      expect((tick.body['error'] as Record<string, unknown>)['message']).toMatch(/^delay cost of agent A at tick 0 would be /);
      const persist = await call(app, 'POST', `/simulations/${id}/persist`);
      expect(persist.status).toBe(409);
      expect((persist.body['error'] as Record<string, unknown>)['code']).toBe('simulation_stopped');
    } finally {
      await app.close();
    }
  });
});
