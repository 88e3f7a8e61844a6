// Issue 27's resource families, each refused with exit 2 and a message naming the file, never a
// signal: every case runs in one child process under a heap cap (the memory budget), and each
// command's own CPU time stays within CPU_BUDGET_S (CPU time is the process's own work, so a busy
// machine does not change it much; the cases once took 100–400 s of CPU or aborted).
// Families: depth, size, counts (quadratic before), line endings, non-regular files, compressed
// bombs. Proposer answers have their own tests (test/optimize/proposer-process.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/helpers.js';

const HEAP_MB = 768;
const CPU_BUDGET_S = 60;
const dir = tempDir('paysim-resources-');
const MINIMAL = resolve('scenarios/minimal.yaml');
const scenarioHead = 'simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 1}\n';
const twoBanks = `${scenarioHead}agents:\n  - {id: A, opening_balance: 100, policy: {type: Fifo}}\n  - {id: B, opening_balance: 100, policy: {type: Fifo}}\n`;

interface Case {
  readonly name: string;
  readonly args: string[];
  /** The file every problem line names. */
  readonly names: string;
}

const cases: Case[] = [];
const add = (name: string, file: string, text: string | Buffer, command = 'validate', names = file): void => {
  writeFileSync(file, text);
  cases.push({ name, args: [command, file], names });
};

beforeAll(async () => {
  const f = (n: string): string => join(dir, n);
  add('JSON nested 850 deep (5 KB)', f('deep.json'), `${'['.repeat(850)}${']'.repeat(850)}`, 'run');
  add('6 000 000 zeros (12 MB)', f('zeros.json'), `{"simulation": {"ticks_per_day": 10, "num_days": 1, "rng_seed": 1}, "agents": [${Array(6_000_000).fill('0').join(',')}]}`);
  add('a list of 4 000 000 items', f('list.yaml'), `${scenarioHead}agents: [${Array(4_000_000).fill('1').join(', ')}]\n`);
  const variants = Array.from({ length: 100_001 }, (_, i) => `  v${i}: {}`).join('\n');
  add('100 001 variants', f('variants.yaml'), `name: v\nscenario: ${MINIMAL}\nseeds: [1]\nvariants:\n${variants}\n`);
  const weights = Array.from({ length: 200_000 }, (_, i) => `X${i}: 1`).join(', ');
  add(
    '200 000 counterparty weights',
    f('weights.yaml'),
    `${scenarioHead}agents:\n  - {id: A, opening_balance: 100, policy: {type: Fifo}, arrival_config: {rate_per_tick: 1, amount_distribution: {type: Uniform, min: 1, max: 2}, counterparty_weights: {${weights}}}}\n  - {id: B, opening_balance: 100, policy: {type: Fifo}}\n`,
  );
  // A CR-only payment file with a bad amount: every line ending reads the same rows.
  writeFileSync(f('cr.csv'), 'id,arrival,sender,receiver,amount\rP1,0,A,B,5\rP2,0,A,B,x\rP3,0,B,A,5\r');
  add('CR line endings, one bad row', f('cr.yaml'), `${twoBanks}payments: {file: ${f('cr.csv')}}\n`, 'validate', f('cr.csv'));
  execFileSync('mkfifo', [f('fifo.yaml')]);
  cases.push({ name: 'a FIFO as the scenario', args: ['validate', f('fifo.yaml')], names: f('fifo.yaml') });
  add('/dev/urandom as the payment file', f('urandom.yaml'), `${twoBanks}payments: {file: /dev/urandom}\n`, 'validate', '/dev/urandom');
  // 12 million rows compress to a few hundred KB and decompress past the 256 MiB bound.
  const bomb = f('bomb.csv.gz');
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(bomb));
  gzip.write('id,arrival,sender,receiver,amount\n');
  const block = 'P,0,A,B,100000000\n'.repeat(100_000);
  for (let i = 0; i < 120; i++) if (!gzip.write(block)) await once(gzip, 'drain');
  gzip.end();
  await once(out, 'finish');
  add('a gzip bomb (12 million rows)', f('bomb.yaml'), `${twoBanks}payments: {file: ${bomb}}\n`, 'validate', bomb);
}, 600_000);

describe('resource families (issue 27): exit 2 within the memory and CPU budget, never a signal', () => {
  it('every case', () => {
    const list = join(dir, 'commands.json');
    writeFileSync(list, JSON.stringify(cases.map((c) => c.args)));
    const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', 'test/helpers/cli-batch.ts', list], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(child.signal).toBeNull();
    expect(child.status, child.stderr.slice(0, 2000)).toBe(0);
    const outcomes = JSON.parse(child.stdout) as Array<{ exitCode: number; stderr: string; cpuMicros: number }>;
    outcomes.forEach((o, i) => {
      const c = cases[i]!;
      expect(o.exitCode, `${c.name}: ${o.stderr.slice(0, 500)}`).toBe(2);
      const lines = o.stderr.trimEnd().split('\n');
      for (const line of lines) expect(line.startsWith(`paysim: ${c.names}`) || line.startsWith('paysim: … and '), `${c.name}: ${line.slice(0, 300)}`).toBe(true);
      expect(o.stderr).not.toMatch(/\n\s+at /);
      expect(o.cpuMicros / 1e6, `${c.name}: CPU seconds`).toBeLessThan(CPU_BUDGET_S);
    });
  });
});
