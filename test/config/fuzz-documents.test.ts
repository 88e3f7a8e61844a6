// Fuzzing the document reader and validators (issue 14): random malformed scenario, experiment
// and policy files — aliases, cycles, alias bombs, duplicate keys, deep nesting, huge and
// non-finite numbers, long strings, wrong types, binary garbage, truncation — go through
// `paysim validate`, `paysim run` and `paysim sweep` in one child process under a 300 MB heap.
// Each command exits 0 or 2; with 2 every line names one of the case's files, nothing is a stack
// trace, no line runs on for pages, and no store file is created. Families that can never give
// a valid document must exit 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, type Node } from 'yaml';
import { tempDir } from '../store/helpers.js';

const FAMILIES = ['cycle', 'bomb', 'unresolved', 'duplicate', 'deep', 'nonfinite', 'hugeint', 'longstring', 'garbage', 'wrongtype', 'truncate'] as const;
type Family = (typeof FAMILIES)[number];
/** Families the reader itself refuses: every command on them exits 2. */
const ALWAYS_INVALID: ReadonlySet<Family> = new Set(['cycle', 'bomb', 'unresolved', 'duplicate', 'deep', 'nonfinite', 'garbage']);
/**
 * Families that make the file invalid on its own (`paysim validate` exits 2), though a scenario
 * may still run: its policy parameter override replaces the broken value of the policy file.
 */
const INVALID_ALONE: ReadonlySet<Family> = new Set([...ALWAYS_INVALID, 'hugeint', 'longstring']);
const TARGETS = ['scenario', 'policy', 'experiment'] as const;
type Target = (typeof TARGETS)[number];

interface Case {
  readonly family: Family;
  readonly target: Target;
  readonly pick: number;
  readonly garbage: Uint8Array;
}

const POLICY = JSON.parse(readFileSync('scenarios/policies/liquidity_aware.json', 'utf8')) as Record<string, unknown>;

const SCENARIO = {
  simulation: { ticks_per_day: 10, num_days: 1, rng_seed: 3 },
  agents: [
    {
      id: 'BANK_A',
      opening_balance: 500_000,
      credit_limit: 100_000,
      policy: { type: 'Tree', file: 'policy.yaml', parameters: { urgency_threshold: 4 } },
      arrival_config: { rate_per_tick: 0.5, amount_distribution: { type: 'Uniform', min: 1_000, max: 9_000 }, deadline_range: [3, 8] },
    },
    { id: 'BANK_B', opening_balance: 500_000, credit_limit: 0, policy: { type: 'Deadline', urgency_threshold: 2 } },
  ],
  lsm_config: { bilateral_offsetting: true, cycle_detection: false, max_iterations: 2 },
  cost_rates: { overdraft_bps_per_tick: 10, delay_cost_per_tick_per_cent: 1, deadline_penalty: 5_000 },
};

const EXPERIMENT = {
  name: 'fuzz',
  description: 'a base experiment the fuzzer breaks',
  scenario: 'scenario.yaml',
  seeds: [1],
  vary: { 'agents[*].credit_limit': { scale: [1.0] } },
  variants: { fifo: { BANK_B: { type: 'Tree', file: 'policy.yaml' } } },
};

const BASES: Record<Target, Record<string, unknown>> = { scenario: SCENARIO, policy: POLICY, experiment: EXPERIMENT };

type PathKey = string | number;

/** Every path in a document (collections and scalars), root excluded. */
function paths(value: unknown, prefix: PathKey[] = []): PathKey[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: Array<[PathKey, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function valueAt(value: unknown, path: readonly PathKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<PathKey, unknown>)[key], value);
}

function wrongType(value: unknown): unknown {
  if (typeof value === 'number') return 'abc';
  if (typeof value === 'string') return [1];
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'x';
  return [];
}

const BOMB = ['b0: &b0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `b${i + 1}: &b${i + 1} [${Array(9).fill(`*b${i}`).join(', ')}]`)].join('\n');

/** The text of the mutated document. */
function mutate(c: Case): string | Uint8Array {
  const base = structuredClone(BASES[c.target]);
  if (c.family === 'garbage') return c.garbage;
  const all = paths(base);
  const numeric = all.filter((p) => typeof valueAt(base, p) === 'number');
  const collections = all.filter((p) => typeof valueAt(base, p) === 'object' && valueAt(base, p) !== null);
  const doc = new Document(base);
  const text = (): string => doc.toString({ lineWidth: 0 });
  switch (c.family) {
    case 'cycle': {
      // An alias to an ancestor: the node refers to a mapping or list that contains it.
      const path = collections[c.pick % collections.length]!;
      const ancestor = (path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)) as Node;
      doc.setIn(path, doc.createAlias(ancestor as never, 'loop'));
      return text();
    }
    case 'bomb':
      return `${text()}${BOMB}\n`;
    case 'unresolved':
      return `${text()}zz_alias: *nowhere\n`;
    case 'duplicate':
      return `${text()}${Object.keys(base)[c.pick % Object.keys(base).length]}: 1\n`;
    case 'deep':
      // Written as flow text: yaml's own writer cannot nest blocks that deep.
      doc.setIn(all[c.pick % all.length]!, 'DEEP_PLACEHOLDER');
      return text().replace('DEEP_PLACEHOLDER', `${'['.repeat(1_500)}0${']'.repeat(1_500)}`);
    case 'nonfinite':
      doc.setIn(numeric[c.pick % numeric.length]!, [Infinity, -Infinity, NaN][c.pick % 3]);
      return text();
    case 'hugeint':
      doc.setIn(numeric[c.pick % numeric.length]!, 10n ** BigInt(20 + (c.pick % 300)));
      return text();
    case 'longstring':
      doc.setIn(numeric[c.pick % numeric.length]!, 'é'.repeat(200_000));
      return text();
    case 'wrongtype': {
      const path = all[c.pick % all.length]!;
      doc.setIn(path, wrongType(valueAt(base, path)));
      return text();
    }
    case 'truncate': {
      const full = text();
      return full.slice(0, c.pick % full.length);
    }
  }
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  family: fc.constantFrom(...FAMILIES),
  target: fc.constantFrom(...TARGETS),
  pick: fc.nat({ max: 10_000 }),
  garbage: fc.uint8Array({ minLength: 1, maxLength: 4_000 }),
});

interface Outcome {
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('malformed documents: exit 2 naming the file, no stack trace, nothing written', () => {
  it('a fixed-seed sample of every mutation family, under a 300 MB heap', () => {
    // Every family at least twice, then random ones; a fixed seed keeps the corpus reproducible.
    const sampled = fc.sample(caseArb, { numRuns: 36, seed: 1414 });
    const cases: Case[] = [...FAMILIES.flatMap((family, i) => TARGETS.map((target, j) => ({ ...sampled[(i * 3 + j) % sampled.length]!, family, target }))), ...sampled];
    const root = tempDir('paysim-fuzz-');
    const commands: string[][] = [];
    const expectations: Array<{ dir: string; family: Family; db: string | null }> = [];
    cases.forEach((c, i) => {
      const dir = join(root, `case${i}`);
      mkdirSync(dir);
      const files: Record<Target, string> = { scenario: join(dir, 'scenario.yaml'), policy: join(dir, 'policy.yaml'), experiment: join(dir, 'experiment.yaml') };
      for (const target of TARGETS) writeFileSync(files[target], new Document(BASES[target]).toString());
      writeFileSync(files[c.target], mutate(c));
      commands.push(['validate', files[c.target]]);
      expectations.push({ dir, family: c.family, db: null });
      if (c.target !== 'experiment') {
        const db = join(dir, 'run.duckdb');
        commands.push(['run', files.scenario, '--db', db]);
        expectations.push({ dir, family: c.family, db });
      }
      if (c.target !== 'scenario') {
        const db = join(dir, 'sweep.duckdb');
        commands.push(['sweep', files.experiment, '--db', db, '--workers', '1', '--quiet']);
        expectations.push({ dir, family: c.family, db });
      }
    });
    const list = join(root, 'commands.json');
    writeFileSync(list, JSON.stringify(commands));
    const child = spawnSync(process.execPath, ['--max-old-space-size=300', '--import', 'tsx', 'test/helpers/cli-batch.ts', list], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 170_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const outcomes = JSON.parse(child.stdout) as Outcome[];
    expect(outcomes).toHaveLength(commands.length);
    const families = new Map<Family, number>();
    outcomes.forEach((outcome, i) => {
      const { dir, family, db } = expectations[i]!;
      const what = `${family}: paysim ${outcome.args.join(' ')}\n${outcome.stderr.slice(0, 2_000)}`;
      expect([0, 2], what).toContain(outcome.exitCode);
      if (ALWAYS_INVALID.has(family) || (INVALID_ALONE.has(family) && outcome.args[0] === 'validate')) expect(outcome.exitCode, what).toBe(2);
      if (outcome.exitCode !== 2) return;
      families.set(family, (families.get(family) ?? 0) + 1);
      const lines = outcome.stderr.trimEnd().split('\n');
      for (const line of lines) {
        expect(line.startsWith(`paysim: ${dir}/`), what).toBe(true);
        expect(line.length, what).toBeLessThan(2_500);
      }
      expect(outcome.stderr, what).not.toMatch(/\n\s+at |run with --debug/);
      if (db !== null) expect(existsSync(db), what).toBe(false);
    });
    for (const family of ALWAYS_INVALID) expect(families.get(family) ?? 0, family).toBeGreaterThanOrEqual(3);
  });
});
