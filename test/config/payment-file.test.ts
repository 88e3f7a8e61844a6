// Payment files as arrivals (docs/scenarios.md, "Payment files"): rows become payment orders
// exactly as `payment` scenario events would, bad rows are all named, banks are mapped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parsePaymentText } from '../../src/config/payments/load.js';
import { forEachCsvRecord } from '../../src/config/payments/csv.js';
import { preloadPaymentFiles } from '../../src/config/payments/parquet.js';
import { loadScenarioFile, parseScenarioDocument } from '../../src/config/scenario.js';
import { readDocumentFile } from '../../src/input/read.js';
import { createSimulation, runScenario } from '../../src/runner/single-run.js';
import { thrownLines } from './helpers.js';

const DEMO = 'scenarios/payment_file_demo.yaml';
const DEMO_CSV = 'scenarios/payments/four_banks.csv';

function csvRows(file: string): Array<Record<string, string>> {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  return lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i]!, v])));
}

function scenarioDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'paysim-payments-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const TWO_BANKS = `simulation: {ticks_per_day: 10, num_days: 2, rng_seed: 1}
agents:
- {id: A, opening_balance: 1000, policy: {type: Fifo}}
- {id: B, opening_balance: 1000, policy: {type: Fifo}}
`;

describe('a payment file as the arrivals of a run', () => {
  const loaded = loadScenarioFile(DEMO);
  const run = runScenario(loaded);
  const rows = csvRows(DEMO_CSV);

  it('every row arrives once, at its tick, with its sender, receiver, amount, deadline and priority', () => {
    const txs = run.result.transactions.filter((t) => t.parent_id === null);
    expect(txs).toHaveLength(rows.length);
    txs.forEach((tx, i) => {
      const row = rows[i]!;
      expect([tx.sender, tx.receiver, tx.amount, tx.arrival_tick]).toEqual([row['sender'], row['receiver'], Number(row['amount']), Number(row['arrival'])]);
      // Empty cells take the defaults the scenario states: deadline 10 ticks later, priority 5.
      expect(tx.deadline_tick).toBe(row['deadline'] === '' ? Number(row['arrival']) + 10 : Number(row['deadline']));
      expect(tx.priority).toBe(row['priority'] === '' ? 5 : Number(row['priority']));
    });
    const value = rows.reduce((s, r) => s + Number(r['amount']), 0);
    expect(run.result.summary.arrivals).toBe(rows.length);
    expect(run.result.summary.arrived_value).toBe(value);
    // Settled + dropped + unsettled account for every order of the file.
    const s = run.result.summary;
    expect(s.settled_value + s.dropped_value + s.unsettled_q1_value + s.unsettled_q2_value).toBe(value);
  });

  it('gives byte-identical results to the same payments written as scenario events', () => {
    const doc = structuredClone(readDocumentFile(DEMO)) as Record<string, unknown>;
    delete doc['payments'];
    doc['scenario_events'] = rows.map((r) => ({
      at_tick: Number(r['arrival']),
      type: 'payment',
      sender: r['sender'],
      receiver: r['receiver'],
      amount: Number(r['amount']),
      ...(r['deadline'] === '' ? { deadline_offset: 10 } : { deadline_tick: Number(r['deadline']) }),
      ...(r['priority'] === '' ? {} : { priority: Number(r['priority']) }),
    }));
    const asEvents = runScenario(parseScenarioDocument(doc, { file: 'events.yaml', baseDir: null }));
    expect(JSON.stringify(asEvents.result)).toBe(JSON.stringify(run.result));
  });

  it('a run resumed from a checkpoint enters the rest of the file as the uninterrupted run does', () => {
    const simulation = createSimulation(loaded);
    simulation.run(7);
    const resumed = runScenario(loaded, { fromCheckpoint: simulation.checkpoint() });
    expect(JSON.stringify(resumed.result)).toBe(JSON.stringify(run.result));
  });

  it('the file counts in the config hash by its content', () => {
    const dir = scenarioDir({
      's.yaml': `${TWO_BANKS}payments: {file: p.csv}\n`,
      'p.csv': 'sender,receiver,amount,arrival\nA,B,5,0\n',
      't.yaml': `${TWO_BANKS}payments: {file: q.csv}\n`,
      'q.csv': 'sender,receiver,amount,arrival\nA,B,6,0\n',
      'u.yaml': `${TWO_BANKS}payments: {file: r.csv.gz}\n`,
      'r.csv.gz': gzipSync('sender,receiver,amount,arrival\r\nA,B,5,0\r\n'),
    });
    const [p, q, r] = ['s.yaml', 't.yaml', 'u.yaml'].map((f) => loadScenarioFile(join(dir, f)).configHash);
    expect(p).not.toBe(q);
    // Same orders (gzip, CRLF, another name): same hash.
    expect(r).toBe(p);
  });
});

describe('line endings', () => {
  const text = readFileSync(DEMO_CSV, 'utf8');
  const lines = text.replace(/\n$/, '').split('\n');
  // The shipped demo (36 orders) written with each ending; "mixed" ends every third line in a lone
  // CR, which once lost 10 of the 36 orders with exit 0 (the column buffers were sized by LF count).
  const endings: Record<string, string> = {
    lf: `${lines.join('\n')}\n`,
    crlf: `${lines.join('\r\n')}\r\n`,
    cr: `${lines.join('\r')}\r`,
    mixed: lines.map((line, i) => line + ((i + 1) % 3 === 0 ? '\r' : '\n')).join(''),
  };
  const timing = { ticksPerDay: 20, totalTicks: 20 };

  it('LF, CRLF, a lone CR and a mix give the same 36 orders, row numbers and digest', () => {
    const read = Object.entries(endings).map(([name, csv]) => {
      const result = parsePaymentText(csv, 'p.csv', { file: 'p.csv', default_deadline_offset: 10 }, timing);
      if (!result.ok) throw new Error(`${name}: ${result.issues.map((i) => i.message).join('; ')}`);
      return result.data;
    });
    for (const data of read) {
      expect(data.count).toBe(36);
      expect(Array.from(data.line)).toEqual(Array.from(read[0]!.line));
      expect(data.sha256).toBe(read[0]!.sha256);
    }
  });

  it('four rows on lone CRs before a final LF run as four orders (the fourth was dropped)', () => {
    const result = parsePaymentText('sender,receiver,amount,arrival\rA,B,1,0\rA,B,2,0\rB,A,3,1\rB,A,4,2\n', 'p.csv', { file: 'p.csv' }, timing);
    expect(result.ok && Array.from(result.data.amount)).toEqual([1, 2, 3, 4]);
  });

  it('a scenario whose file ends lines in CR runs every order', () => {
    const dir = scenarioDir({ 's.yaml': readFileSync(DEMO, 'utf8').replace('file: payments/four_banks.csv', 'file: cr.csv'), 'cr.csv': endings['cr']! });
    const run = runScenario(loadScenarioFile(join(dir, 's.yaml')));
    expect(run.result.summary.arrivals).toBe(36);
  });

  it('a quoted line break counts as one line whatever its ending', () => {
    const seen: number[] = [];
    forEachCsvRecord('a,b\r"x\ry",1\rp,q\r', (_f, line) => seen.push(line));
    expect(seen).toEqual([1, 2, 4]);
  });
});

describe('bad rows', () => {
  it('a row with an unknown bank and a bad amount reports both, beside other rows’ parse errors', () => {
    const dir = scenarioDir({
      's.yaml': `${TWO_BANKS}payments: {file: p.csv}\n`,
      'p.csv': 'sender,receiver,amount,arrival\nA,B,x,0\nQ,B,-1,1\nA,B,5,zz\n',
    });
    const file = join(dir, 'p.csv');
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${file}: row 2, column amount: 'x' is not an integer (expected an integer number of cents ≥ 1)`,
      `${file}: row 3, column sender: unknown bank 'Q' (expected an agent of the scenario, or set payments.add_unknown_banks)`,
      `${file}: row 3, column amount: -1 is negative (expected an integer number of cents ≥ 1)`,
      `${file}: row 4, column arrival: 'zz' is not a tick (expected an integer tick 0..19)`,
    ]);
  });


  it('names every bad row and column, in file order, and loads nothing', () => {
    const dir = scenarioDir({
      's.yaml': `${TWO_BANKS}payments: {file: p.csv, time_format: timestamp, day_start: '2026-03-02T08:00', tick_seconds: 600}\n`,
      'p.csv': [
        'sender,receiver,amount,arrival',
        'A,B,-500,2026-03-02T08:00',
        'A,B,12.5,2026-03-02T08:10',
        'A,ZED,100,2026-03-02T09:00',
        'A,B,100,2026-03-02T25:00',
        'B,A,100,2026-03-02T07:59',
        'B,A,100,2026-03-02 09:35:00',
        'B,B,0,2026-03-02T18:00',
        'A,B,1',
      ].join('\n'),
    });
    const file = join(dir, 'p.csv');
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${file}: row 2, column amount: -500 is negative (expected an integer number of cents ≥ 1)`,
      `${file}: row 3, column amount: '12.5' is not an integer (expected an integer number of cents ≥ 1)`,
      // An unknown bank is found in the same pass as the parse errors of other rows (issue 26).
      `${file}: row 4, column receiver: unknown bank 'ZED' (expected an agent of the scenario, or set payments.add_unknown_banks)`,
      `${file}: row 5, column arrival: '2026-03-02T25:00' is not a timestamp (expected a timestamp YYYY-MM-DDTHH:MM[:SS])`,
      `${file}: row 6, column arrival: '2026-03-02T07:59' is before day_start 2026-03-02T08:00 (expected a time on or after it)`,
      `${file}: row 8, column receiver: 'B' is the sender too (expected another bank)`,
      `${file}: row 8, column amount: 0 is zero (expected an integer number of cents ≥ 1)`,
      `${file}: row 8, column arrival: '2026-03-02T18:00' is outside the business day (the business day runs 08:00 + 6000 s)`,
      `${file}: row 9: 3 fields (expected 4, as in the header)`,
    ]);
  });

  it('an unknown bank is an error on every row and column naming it', () => {
    const dir = scenarioDir({
      's.yaml': `${TWO_BANKS}payments: {file: p.csv}\n`,
      'p.csv': 'sender,receiver,amount,arrival\nA,ZED,100,0\nA,B,100,1\nYOU,ZED,1,2\n',
    });
    const file = join(dir, 'p.csv');
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${file}: row 2, column receiver: unknown bank 'ZED' (expected an agent of the scenario, or set payments.add_unknown_banks)`,
      `${file}: row 4, column sender: unknown bank 'YOU' (expected an agent of the scenario, or set payments.add_unknown_banks)`,
      `${file}: row 4, column receiver: unknown bank 'ZED' (expected an agent of the scenario, or set payments.add_unknown_banks)`,
    ]);
  });

  it('a missing column is named with the header it has; a missing file like any missing file', () => {
    const dir = scenarioDir({
      's.yaml': `${TWO_BANKS}payments: {file: p.csv, columns: {amount: value_cents}}\n`,
      'p.csv': 'sender,receiver,amount,arrival\nA,B,1,0\n',
      't.yaml': `${TWO_BANKS}payments: {file: nothere.csv}\n`,
    });
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${join(dir, 'p.csv')}: row 1: no column 'value_cents' for the amount (the header has: sender, receiver, amount, arrival)`,
    ]);
    expect(thrownLines(() => loadScenarioFile(join(dir, 't.yaml')))).toEqual([`${join(dir, 'nothere.csv')}: file not found`]);
  });
});

describe('a payment file alongside random arrivals', () => {
  it('in each tick the file orders enter first (origin event), then the random ones (origin arrival)', () => {
    const dir = scenarioDir({
      's.yaml': `simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 42}
agents:
- {id: A, opening_balance: 1000000, policy: {type: Fifo}, arrival_config: {rate_per_tick: 2.0, amount_distribution: {type: Uniform, min: 50000, max: 150000}, deadline_range: [5, 15]}}
- {id: B, opening_balance: 1000000, policy: {type: Fifo}}
payments: {file: p.csv}
`,
      'p.csv': 'sender,receiver,amount,arrival\nB,A,7,0\nB,A,8,1\n',
    });
    const txs = runScenario(loadScenarioFile(join(dir, 's.yaml'))).result.transactions;
    // Seed 42, A at rate 2 (engine.md golden values): five arrivals at tick 0, two at tick 1.
    expect(txs.slice(0, 9).map((t) => [t.arrival_tick, t.sender, t.amount, t.origin])).toEqual([
      [0, 'B', 7, 'event'],
      [0, 'A', 142_932, 'arrival'],
      [0, 'A', 144_503, 'arrival'],
      [0, 'A', 71_986, 'arrival'],
      [0, 'A', 125_397, 'arrival'],
      [0, 'A', 144_419, 'arrival'],
      [1, 'B', 8, 'event'],
      [1, 'A', 53_275, 'arrival'],
      [1, 'A', 111_161, 'arrival'],
    ]);
  });
});

describe('add_unknown_banks', () => {
  it('banks of the file that the scenario lacks join in order of first appearance, with the stated balance and a Fifo policy', () => {
    const dir = scenarioDir({
      's.yaml': `${TWO_BANKS}payments: {file: p.csv, add_unknown_banks: {opening_balance: 777, credit_limit: 5}}\n`,
      'p.csv': 'sender,receiver,amount,arrival\nZED,A,100,0\nA,YOU,100,1\nYOU,ZED,1,2\n',
    });
    const loaded = loadScenarioFile(join(dir, 's.yaml'));
    expect(loaded.config.agents.map((a) => [a.id, a.opening_balance, a.credit_limit])).toEqual([
      ['A', 1000, 0],
      ['B', 1000, 0],
      ['ZED', 777, 5],
      ['YOU', 777, 5],
    ]);
    expect(loaded.policies.map((p) => p.name)).toHaveLength(4);
    const result = runScenario(loaded).result;
    expect(result.transactions.map((t) => [t.sender, t.receiver, t.status])).toEqual([
      ['ZED', 'A', 'settled'],
      ['A', 'YOU', 'settled'],
      ['YOU', 'ZED', 'settled'],
    ]);
  });
});

describe('arrival times', () => {
  const timing = { ticksPerDay: 10, totalTicks: 20 };
  const spec = { file: 'p.csv', time_format: 'timestamp', day_start: '2026-03-02T08:00:00', tick_seconds: 360 } as const;

  it('a timestamp maps to day × ticks_per_day + ⌊seconds since day start / tick_seconds⌋', () => {
    // 08:00 → 0; 08:05:59 → 0 (359 s); 08:06 → 1; 08:59:59 → 9 (3599 s / 360); next day 08:12 → 10 + 2.
    // Deadline at the close (09:00, exactly one business day of 3600 s) is the day's last tick, 9.
    const text = [
      'sender,receiver,amount,arrival,deadline',
      'A,B,1,2026-03-02T08:00:00,2026-03-02T09:00',
      'A,B,1,2026-03-02T08:05:59,',
      'A,B,1,2026-03-02T08:06,',
      'A,B,1,2026-03-02 08:59:59Z,',
      'A,B,1,2026-03-03T08:12,2026-03-03T08:30',
    ].join('\n');
    const result = parsePaymentText(text, 'p.csv', spec, timing);
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
    expect([...result.data.arrivalTick]).toEqual([0, 0, 1, 9, 12]);
    // Default deadline: ticks_per_day after arrival.
    expect([...result.data.deadlineTick]).toEqual([9, 10, 11, 19, 15]);
  });

  it('rows sort by arrival tick, rows of one tick keep the file order', () => {
    const text = 'sender,receiver,amount,arrival\nA,B,1,3\nA,B,2,1\nA,B,3,3\nA,B,4,0\nA,B,5,1\n';
    const result = parsePaymentText(text, 'p.csv', { file: 'p.csv' }, timing);
    if (!result.ok) throw new Error('bad');
    expect([...result.data.amount]).toEqual([4, 2, 5, 1, 3]);
    expect([...result.data.line]).toEqual([5, 3, 6, 2, 4]);
  });

  it('a repeated order id is named with the row it first appeared in (numeric and text ids)', () => {
    for (const [a, b] of [
      ['7', '7'],
      ['P1', 'P1'],
    ]) {
      const text = `id,sender,receiver,amount,arrival\n${a},A,B,1,0\n9,A,B,1,0\n${b},A,B,1,0\n`;
      const result = parsePaymentText(text, 'p.csv', { file: 'p.csv' }, timing);
      expect(result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
        `row 4, column id: '${a}' was used before, at row 2 (expected a unique order id)`,
      ]);
    }
    // 07 and 7 are different ids (text), so not a repeat.
    expect(parsePaymentText('id,sender,receiver,amount,arrival\n07,A,B,1,0\n7,A,B,1,0\n', 'p.csv', { file: 'p.csv' }, timing).ok).toBe(true);
  });

  it('a tick past the run is an error, and so is a deadline beyond 32-bit ticks', () => {
    const result = parsePaymentText('sender,receiver,amount,arrival,deadline\nA,B,1,20,30\nA,B,1,0,2147483648\n', 'p.csv', { file: 'p.csv' }, timing);
    expect(result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "row 2, column arrival: 20 is after the run's last tick (expected an arrival at tick 0..19)",
      'row 3, column deadline: 2147483648 is too large (expected a tick ≤ 2147483647)',
    ]);
  });
});

describe('CSV records', () => {
  it('quoted fields may hold commas, quotes and line breaks; lines are counted through them', () => {
    const seen: Array<[string[], number]> = [];
    const problems = forEachCsvRecord('\uFEFFa,b\r\n"x,1","say ""hi"""\n"two\nlines",z\n\nq,"open', (f, line) => seen.push([[...f], line]));
    expect(seen).toEqual([
      [['a', 'b'], 1],
      [['x,1', 'say "hi"'], 2],
      [['two\nlines', 'z'], 3],
    ]);
    expect(problems).toEqual([{ line: 6, message: 'a quoted field is never closed' }]);
  });
});

describe('Parquet payment files', () => {
  async function writeParquet(dir: string, name: string, select: string): Promise<void> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(`COPY (${select}) TO '${join(dir, name)}' (FORMAT parquet)`);
    c.closeSync();
    instance.closeSync();
  }

  it('read ahead, a Parquet file gives the run its CSV twin gives', async () => {
    const dir = scenarioDir({});
    await writeParquet(dir, 'four.parquet', `SELECT * FROM read_csv('${DEMO_CSV}')`);
    writeFileSync(join(dir, 's.yaml'), readFileSync(DEMO, 'utf8').replace('file: payments/four_banks.csv', 'file: four.parquet'));
    await preloadPaymentFiles([join(dir, 's.yaml')]);
    const fromParquet = runScenario(loadScenarioFile(join(dir, 's.yaml'))).result;
    expect(JSON.stringify(fromParquet)).toBe(JSON.stringify(runScenario(loadScenarioFile(DEMO)).result));
  });

  it('its rows meet the same checks: a decimal amount column, a timestamp before the day', async () => {
    const dir = scenarioDir({
      's.yaml': `${TWO_BANKS}payments: {file: p.parquet, time_format: timestamp, day_start: '2026-03-02T08:00', tick_seconds: 60}\n`,
    });
    await writeParquet(
      dir,
      'p.parquet',
      `SELECT * FROM (VALUES ('A', 'B', 12.5, TIMESTAMP '2026-03-02 08:01:00'), ('A', 'B', -3, TIMESTAMP '2026-03-02 07:00:00'), ('B', 'A', 4, TIMESTAMP '2026-03-02 08:02:00'))
        AS t(sender, receiver, amount, arrival)`,
    );
    await preloadPaymentFiles([join(dir, 's.yaml')]);
    const file = join(dir, 'p.parquet');
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${file}: row 2, column amount: '12.5' is not an integer (expected an integer number of cents ≥ 1)`,
      `${file}: row 3, column amount: '-3.0' is not an integer (expected an integer number of cents ≥ 1)`,
      `${file}: row 3, column arrival: '2026-03-02 07:00:00' is before day_start 2026-03-02T08:00 (expected a time on or after it)`,
      // A decimal column holds no integer cents, even where a value happens to be whole.
      `${file}: row 4, column amount: '4.0' is not an integer (expected an integer number of cents ≥ 1)`,
    ]);
  });
});
