// Issue 13, "what it must show": a single-agent search on a shipped scenario against its
// brute-force grid. On the two-bank liquidity game (test/optimize/fixtures/game-search.yaml), the
// 11 × 11 grid of both fractions finds (0, 0.2) at 2 000 in 121 runs; Nelder–Mead from (0.5, 0.5)
// finds a cost within 1 % of it in fewer runs (61 when measured).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../store/helpers.js';

const FIXTURE = 'test/optimize/fixtures/game-search.yaml';

interface Report {
  evaluations: number;
  best: { assignment: Record<string, number>; mean: number };
}

async function optimize(method: string, db: string): Promise<Report> {
  const doc = parse(readFileSync(FIXTURE, 'utf8')) as { optimize: Record<string, unknown> };
  doc.optimize['method'] = method;
  const file = join('test/optimize/fixtures', `tmp-${method}-${process.pid}.yaml`);
  writeFileSync(file, stringify(doc));
  try {
    const r = await cli(['optimize', file, '--db', db, '--workers', '1', '--json', '--out', join(tempDir(), 'w.json')]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Report;
  } finally {
    rmSync(file);
  }
}

describe('a single-agent search against the brute-force grid', () => {
  it('Nelder–Mead reaches a cost within 1 % of the best grid cell with fewer runs than the grid', async () => {
    const db = join(tempDir(), 'g.duckdb');
    const grid = await optimize('grid', db);
    expect(grid.evaluations).toBe(121);
    expect(grid.best.assignment).toEqual({ fraction_A: 0, fraction_B: 0.2 });
    expect(grid.best.mean).toBe(2000);
    const nm = await optimize('nelder-mead', db);
    expect(nm.best.mean).toBeLessThanOrEqual(grid.best.mean * 1.01);
    expect(nm.evaluations).toBeLessThan(grid.evaluations);
    console.log(`grid: ${grid.evaluations} runs, best ${grid.best.mean}; Nelder–Mead: ${nm.evaluations} runs, best ${nm.best.mean} at ${JSON.stringify(nm.best.assignment)}`);
  });
});
