// Checkpoints from the command line (engine.md §10, interfaces.md): stored with a run or on their
// own, listed, printed, deleted, and resumed to exactly the uninterrupted result.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const db = join(mkdtempSync(join(tmpdir(), 'paysim-checkpoint-')), 'store.duckdb');

async function summary(args: string[]): Promise<Record<string, unknown>> {
  const r = await cli([...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { summary: Record<string, unknown> }).summary;
}

describe('paysim checkpoint', () => {
  it('run --checkpoint-every stores checkpoints; resuming any of them gives the uninterrupted result', async () => {
    const first = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--checkpoint-every', '30', '--db', db, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const full = (JSON.parse(first.stdout) as { summary: Record<string, unknown> }).summary;
    // It says what it stored, where it can be found, and how to resume (not only on a terminal).
    expect(first.stderr).toMatch(
      /\nstored 3 checkpoint\(s\) of the whole engine state at ticks 30…90: ([0-9a-f]{12})@30, \1@60, \1@90 \(resume with --from-checkpoint ID; paysim checkpoint list --run \1\)\n$/,
    );
    const list = await cli(['checkpoint', 'list', '--db', db, '--json']);
    expect(list.status).toBe(0);
    const rows = JSON.parse(list.stdout) as { checkpoint_id: string; tick: number }[];
    expect(rows.map((r) => r.tick)).toEqual([30, 60, 90]);
    for (const row of [rows[0]!, rows[2]!]) {
      expect(row.checkpoint_id).toMatch(new RegExp(`^[0-9a-f]{12}@${row.tick}$`));
      const resumed = await summary(['run', 'scenarios/high_stress_gridlock.yaml', '--from-checkpoint', row.checkpoint_id, '--db', db, '--no-store']);
      expect(resumed).toEqual(full);
    }
  });

  it('save runs to a tick and stores the state; load prints it; delete removes it', async () => {
    const saved = await cli(['checkpoint', 'save', 'scenarios/realistic_demo.yaml', '--tick', '40', '--seed', '7', '--description', 'noon', '--db', db]);
    expect(saved.status, saved.stderr).toBe(0);
    const id = saved.stdout.trim();
    expect(id).toMatch(/@40$/);
    const loaded = await cli(['checkpoint', 'load', id, '--db', db]);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ format: 'paysim-checkpoint/2', tick: 40 });
    const full = await summary(['run', 'scenarios/realistic_demo.yaml', '--seed', '7', '--no-store']);
    expect(await summary(['run', 'scenarios/realistic_demo.yaml', '--seed', '7', '--from-checkpoint', id, '--db', db, '--no-store'])).toEqual(full);
    expect((await cli(['checkpoint', 'list', '--db', db])).stdout).toContain('noon');
    expect((await cli(['checkpoint', 'delete', id, '--db', db])).status).toBe(0);
    const again = await cli(['checkpoint', 'delete', id, '--db', db]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`paysim: no checkpoint '${id}'\n`);
  });

  it('refuses a checkpoint of another scenario or seed, and an unknown id, with exit 2', async () => {
    const saved = await cli(['checkpoint', 'save', 'scenarios/realistic_demo.yaml', '--tick', '10', '--db', db]);
    const id = saved.stdout.trim();
    const other = await cli(['run', 'scenarios/realistic_demo.yaml', '--seed', '8', '--from-checkpoint', id, '--db', db, '--no-store']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^paysim: checkpoint belongs to a different scenario configuration/);
    const unknown = await cli(['run', 'scenarios/realistic_demo.yaml', '--from-checkpoint', 'nope@1', '--db', db, '--no-store']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no checkpoint 'nope@1'");
    const noStore = await cli(['run', 'scenarios/realistic_demo.yaml', '--checkpoint-every', '10', '--no-store']);
    expect(noStore.status).toBe(2);
  });
});
