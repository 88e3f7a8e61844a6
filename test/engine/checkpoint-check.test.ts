// Checkpoints are input from outside: checked field by field, index by index, before anything is
// restored (issue 14). Real checkpoints pass at every tick; forgeries are refused with the path.
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { type Checkpoint, CheckpointMismatchError } from '../../src/engine/checkpoint.js';
import { checkpointProblems } from '../../src/engine/checkpoint-check.js';
import { createSimulation } from '../../src/runner/single-run.js';

const loaded = loadScenarioFile('scenarios/high_stress_gridlock.yaml');

function checkpointAt(tick: number): Record<string, unknown> {
  const s = createSimulation(loaded);
  s.run(tick);
  return JSON.parse(JSON.stringify(s.checkpoint())) as Record<string, unknown>;
}

function restoreError(checkpoint: unknown): string {
  try {
    createSimulation(loaded, { fromCheckpoint: checkpoint as Checkpoint });
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointMismatchError);
    return (error as Error).message;
  }
  return 'restored';
}

describe('checkpoint validation before restore', () => {
  const target = createSimulation(loaded).state;

  it('checkpoints of a real run pass at every 10th tick (queues, splits and LSM included)', () => {
    for (let tick = 0; tick < target.totalTicks; tick += 10) expect(checkpointProblems(checkpointAt(tick), target), `tick ${tick}`).toEqual([]);
  });

  it('balances as strings or beyond 2^53 are refused, naming the entry', () => {
    const cp = checkpointAt(20);
    (cp['balances'] as unknown[])[0] = '1000';
    (cp['balances'] as unknown[])[1] = 1e300;
    expect(restoreError(cp)).toMatch(/^not a valid checkpoint: balances\[0\]: expected an integer, got the string "1000"; balances\[1\]: expected an integer, got 1e\+300/);
  });

  it('costs, day counters and agent-day figures must be integer cents in range (a forged 0.5 or 1e308 once restored, then broke persist)', () => {
    const cp = checkpointAt(40);
    const costs = cp['costs'] as Record<string, number[]>;
    costs['delay']![0] = 12.5;
    costs['overdraft']![1] = 1e308;
    (cp['day'] as Record<string, number[]>)['sent']![0] = 0.25;
    const rows = cp['transactions'] as unknown[][];
    rows[0]![17] = 0.5;
    const message = restoreError(cp);
    expect(message).toContain('costs.overdraft[1]: expected an integer, got 1e+308');
    expect(message).toContain('costs.delay[0]: expected an integer, got 12.5');
    expect(message).toContain('day.sent[0]: expected an integer, got 0.25');
    expect(message).toContain('transactions[0][17] (deadline penalty): expected an integer, got 0.5');
  });

  it('a negative tick, a sender index of 99, a negative amount', () => {
    const neg = checkpointAt(20);
    neg['tick'] = -3;
    expect(restoreError(neg)).toBe('not a valid checkpoint: tick: -3 is out of range (expected 0..100)');
    const cp = checkpointAt(20);
    const rows = cp['transactions'] as unknown[][];
    rows[0]![1] = 99;
    rows[1]![3] = -500;
    const message = restoreError(cp);
    expect(message).toMatch(/transactions\[0\]\[1\] \(sender\): 99 is out of range \(expected 0\.\.\d+\)/);
    expect(message).toMatch(/transactions\[1\]\[3\] \(amount\): -500 is out of range/);
  });

  it('a queue that names a missing transaction, or one twice, and unknown keys', () => {
    const cp = checkpointAt(30);
    const q2 = cp['q2'] as number[];
    expect(q2.length).toBeGreaterThan(0);
    q2.push(q2[0]!);
    expect(restoreError(cp)).toBe(`not a valid checkpoint: q2[${q2.length - 1}]: transaction ${q2[0]} is queued twice`);
    const lost = checkpointAt(30);
    (lost['q2'] as number[]).pop();
    expect(restoreError(lost)).toMatch(/transactions\[\d+\]: is queued_q2 but in no queue/);
    const extra = { ...checkpointAt(30), injected: 1 };
    expect(restoreError(extra)).toBe('not a valid checkpoint: injected: not a checkpoint key');
    expect(restoreError(null)).toMatch(/^not a paysim checkpoint/);
  });

  it('a format 1 checkpoint (delay summed in doubles) is refused as older; delay cent-ticks must be whole', () => {
    const old = { ...checkpointAt(30), format: 'paysim-checkpoint/1' };
    expect(restoreError(old)).toBe(
      'checkpoint format paysim-checkpoint/1 was written by an older paysim; this one reads paysim-checkpoint/2 (run again from the start)',
    );
    const cp = checkpointAt(30);
    (cp['transactions'] as unknown[][])[0]![16] = 3.7035;
    expect(restoreError(cp)).toMatch(/transactions\[0\]\[16\] \(delay cent-ticks\): expected an integer, got 3\.7035/);
  });

  it('a checkpoint valid field by field but inconsistent as a whole fails the invariants on restore', () => {
    const cp = checkpointAt(30);
    (cp['balances'] as number[])[0]! += 1; // a cent from nowhere
    expect(restoreError(cp)).toMatch(/^inconsistent checkpoint: engine invariant "conservation" broken at tick 30: Σ balances = \d+, but Σ opening balances \d+ \+ booked from outside 0 = \d+$/);
  });
});
