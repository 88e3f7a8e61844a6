// Issue 27, "smaller", at the command line: a lone surrogate is bad input at its path; a policy
// `file:` that is not a policy echoes none of its lines; 200 000 bad rows print 100 and a count.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../store/helpers.js';

const dir = tempDir();
const twoBanks = (first: string): string =>
  [
    'simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 1}',
    'agents:',
    `  - {id: "A", opening_balance: 100, policy: ${first}}`,
    '  - {id: B, opening_balance: 100, policy: {type: Fifo}}',
    '',
  ].join('\n');

describe('smaller defects (issue 27)', () => {
  it('a lone surrogate in an agent id: exit 2 at its path, stored or not', async () => {
    const file = join(dir, 'surrogate.yaml');
    writeFileSync(file, twoBanks('{type: Fifo}').replace('id: "A"', 'id: "A\\ud800"'));
    for (const args of [['run', file, '--no-store'], ['run', file, '--db', join(dir, 's.duckdb')], ['validate', file]]) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`paysim: ${file}: agents[0].id: contains a lone surrogate (an escape such as \\ud800 that is not valid Unicode text)\n`);
    }
  });

  it("a policy file: that is not a policy shows none of the file's lines", async () => {
    const secret = join(dir, 'secret');
    writeFileSync(secret, 'root:$6$secrethash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
    const file = join(dir, 'points-at-secret.yaml');
    writeFileSync(file, twoBanks(`{type: Tree, file: ${secret}}`));
    const r = await cli(['run', file, '--no-store']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`paysim: ${secret}: not a policy document: expected a mapping with version, policy_id and payment_tree (docs/policies.md); its contents are not shown\n`);
    expect(r.stderr).not.toContain('secrethash');
  });

  it('200 000 bad payment rows: the first 100 and one line counting the rest', async () => {
    const csv = join(dir, 'bad.csv');
    const rows = Array.from({ length: 200_000 }, (_, i) => `P${i},0,A,B,abc,8,`);
    writeFileSync(csv, `id,arrival,sender,receiver,amount,deadline,priority\n${rows.join('\n')}\n`);
    const file = join(dir, 'bad-rows.yaml');
    writeFileSync(file, `${twoBanks('{type: Fifo}')}payments: {file: ${csv}}\n`);
    const r = await cli(['validate', file]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe(`paysim: ${csv}: row 2, column amount: 'abc' is not an integer (expected an integer number of cents ≥ 1)`);
    expect(lines[100]).toBe(`paysim: … and 199900 more problems not shown (199900 in ${csv})`);
  });
});
