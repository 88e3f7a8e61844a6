// The stress study's driver: interrupted, it keeps what finished; run again, it runs only the
// rest — no run twice, none stored twice. Contagion rounds on a two-day chain.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/runner/progress.js';
import { FLAG_ORIGIN, type StressSpec } from '../../src/runner/stress/spec.js';
import { runStress } from '../../src/runner/stress/study.js';
import { openStore } from '../../src/store/open.js';
import { rows } from '../../src/store/read.js';

const spec = (over: Partial<StressSpec> = {}): StressSpec => ({
  scenarioFile: 'test/fixtures/stress/cycle.yaml',
  experiment: 'stress-resume',
  seeds: ['1', '2', '3'],
  participants: { kind: 'all' },
  failure: { at_tick: 3, mode: 'default' },
  contagion: false,
  origin: FLAG_ORIGIN,
  ...over,
});

async function storedRuns(db: string, experiment: string): Promise<{ runs: number; keys: number }> {
  const store = await openStore(db, { readOnly: true });
  try {
    const [r] = await rows(store.connection, 'SELECT count(*) AS runs, count(DISTINCT run_key) AS keys FROM runs WHERE experiment_id = $1', [experiment]);
    return { runs: Number(r!['runs']), keys: Number(r!['keys']) };
  } finally {
    store.close();
  }
}

describe('stress study driver', () => {
  it('resumes an interrupted study without redoing or duplicating a run', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'paysim-stress-resume-')), 's.duckdb');
    const total = 3 + 5 * 3; // the baseline and five failures, three seeds each
    // A study cut short earlier: the baseline and S's failure are stored.
    const partial = await runStress(spec({ participants: { kind: 'list', agents: ['S'] } }), { db, workers: 1 });
    expect(partial).toMatchObject({ ran: 6, skipped: 0, interrupted: false });
    // Interrupted (Ctrl-C) as the next batch starts (the baseline is stored): no failure run starts.
    const controller = new AbortController();
    const progress = (): typeof silentProgress => {
      controller.abort();
      return silentProgress;
    };
    const interrupted = await runStress(spec(), { db, workers: 1, progress, signal: controller.signal });
    expect(interrupted).toMatchObject({ interrupted: true, ran: 0 });
    expect(await storedRuns(db, 'stress-resume')).toEqual({ runs: 6, keys: 6 });

    const resumed = await runStress(spec(), { db, workers: 1 });
    expect(resumed).toMatchObject({ interrupted: false, ran: total - 6, skipped: 6 });
    expect(await storedRuns(db, 'stress-resume')).toEqual({ runs: total, keys: total });

    const again = await runStress(spec(), { db, workers: 1 });
    expect(again).toMatchObject({ ran: 0, skipped: total });
    expect(again.failures).toHaveLength(15);
  });

  it('contagion: a survivor short at the end of day 1 fails on day 2 in the same mode; rounds are counted', async () => {
    // Two days. A pays B 100 on each day at tick 1; B pays C 100 at tick 2 of each day out of it.
    // A fails (default) at tick 0: B ends day 1 with B→C unsettled, so B fails from day 2's first
    // tick; C is never short of its own (it pays nobody). One round.
    const dir = mkdtempSync(join(tmpdir(), 'paysim-stress-contagion-'));
    const scenario = join(dir, 'chain.yaml');
    writeFileSync(
      scenario,
      `simulation: {ticks_per_day: 5, num_days: 2, rng_seed: 1}
agents:
- {id: A, opening_balance: 200, credit_limit: 0, policy: {type: Fifo}}
- {id: B, opening_balance: 0, credit_limit: 0, policy: {type: Fifo}}
- {id: C, opening_balance: 0, credit_limit: 0, policy: {type: Fifo}}
scenario_events:
- {at_tick: 1, type: payment, sender: A, receiver: B, amount: 100, deadline_tick: 9}
- {at_tick: 2, type: payment, sender: B, receiver: C, amount: 100, deadline_tick: 9}
- {at_tick: 6, type: payment, sender: A, receiver: B, amount: 100, deadline_tick: 9}
- {at_tick: 7, type: payment, sender: B, receiver: C, amount: 100, deadline_tick: 9}
`,
    );
    const db = join(dir, 's.duckdb');
    const result = await runStress(spec({ scenarioFile: scenario, experiment: 'chain', seeds: ['1'], participants: { kind: 'list', agents: ['A'] }, failure: { at_tick: 0, mode: 'default' }, contagion: true }), { db, workers: 1 });
    expect(result.failures).toEqual([{ agent: 'A', seed: '1', run_key: expect.any(String) as string, rounds: 1, failures: [{ agent: 'A', at_tick: 0 }, { agent: 'B', at_tick: 5 }] }]);
    // The baseline, round 0 and round 1.
    expect(result.ran).toBe(3);
  });
});
