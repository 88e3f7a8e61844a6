// Payment files and the national-scale day (issue targets: a 1 000 000-row payment file loads in
// under 10 s; the national-scale scenario — 5 000 banks, ~800 000 orders, one day — runs with
// the LSM (pairs_and_cycles) in under 30 s and 2 GB, and without it in under 10 s).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../src/cli/format.js';
import { readPaymentFile } from '../src/config/payments/load.js';
import { paymentFileText } from '../src/config/payments/write.js';
import { type LoadedScenario, loadScenarioFile } from '../src/config/scenario.js';
import { Rng } from '../src/engine/rng.js';
import { runScenario } from '../src/runner/single-run.js';

const NATIONAL = 'scenarios/generated/national_5000.yaml';
const ROWS = 1_000_000;

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function maxRssMb(): number {
  // resourceUsage().maxRSS is in kilobytes: the process's peak so far.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** A 1 000 000-row file of 1 000 banks over 100 ticks (CSV text built here, not timed). */
function millionRowFile(dir: string): string {
  const rng = new Rng(1);
  const rows = function* () {
    for (let i = 0; i < ROWS; i++) {
      const s = rng.nextBelow(1000);
      const r = (s + 1 + rng.nextBelow(999)) % 1000;
      const arrival = Math.floor((i * 100) / ROWS);
      yield { id: i + 1, arrival, sender: `B${s}`, receiver: `B${r}`, amount: 1 + rng.nextBelow(10_000_000), deadline: arrival + 10, priority: 5, divisible: false };
    }
  };
  const file = join(dir, 'million.csv');
  writeFileSync(file, paymentFileText(rows()));
  return file;
}

export async function benchPayments(): Promise<void> {
  const rows: string[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'paysim-bench-payments-'));
  try {
    const file = millionRowFile(dir);
    const started = performance.now();
    const read = readPaymentFile(file, file, { file }, { ticksPerDay: 110, totalTicks: 110 });
    const ms = performance.now() - started;
    if (!read.ok) throw new Error(read.issues[0]!.message);
    rows.push([`load ${read.data.count.toLocaleString('en-US')}-row payment file`, seconds(ms), '< 10 s', '']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  let started = performance.now();
  const loaded = loadScenarioFile(NATIONAL);
  rows.push([`load ${NATIONAL.replace('scenarios/', '')} (gzip CSV)`, seconds(performance.now() - started), '', '']);
  // What a sweep sends per run: the run spec is structured-cloned to a worker; the orders' columns
  // sit on shared memory, so the clone copies the bank list, not 800 000 orders.
  const payments = loaded.payments!;
  started = performance.now();
  for (let i = 0; i < 100; i++) structuredClone({ payments });
  rows.push(['clone a run spec\'s payment data (per run)', ((performance.now() - started) / 100 / 1000).toFixed(4), '', `${payments.count.toLocaleString('en-US')} orders on shared memory, ${payments.banks.length} banks`]);
  const off: LoadedScenario = { ...loaded, config: { ...loaded.config, lsm_config: { ...loaded.config.lsm_config, enabled: false } } };
  started = performance.now();
  const plain = runScenario(off);
  rows.push([
    `national day, LSM off (${plain.result.summary.arrivals.toLocaleString('en-US')} orders)`,
    seconds(performance.now() - started),
    '< 10 s',
    `settled ${(100 * plain.result.summary.settlement_rate).toFixed(1)}%`,
  ]);
  started = performance.now();
  const lsm = runScenario(loaded);
  rows.push([
    `national day, LSM ${loaded.config.lsm_config.algorithm}`,
    seconds(performance.now() - started),
    '< 30 s',
    `settled ${(100 * lsm.result.summary.settlement_rate).toFixed(1)}%, peak RSS ${maxRssMb()} MB (< 2 GB)`,
  ]);
  console.log('Payment files and the national-scale day: one run each, one process (load + run + results)');
  console.log(table(['what', 's', 'target', 'notes'], rows));
}
