// ISO 20022 payment files (issue 24 target: a 1 000 000-message file loads in under 20 s, in
// bounded memory). The file is written here (streamed, not timed) as `paysim export --format
// iso20022` writes messages; it is loaded in a fresh process, so its peak RSS is the loader's alone.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from '../src/cli/format.js';
import { readIsoPaymentFile } from '../src/config/payments/iso20022.js';
import { agentBics, exportClock, MESSAGES_CLOSE, MESSAGES_OPEN, pacs009Message } from '../src/config/payments/iso20022-write.js';
import { Rng } from '../src/engine/rng.js';

const MESSAGES = 1_000_000;
const BANKS = 1_000;
const TICKS = 100;

/** Writes the file in 10 000-message chunks; returns its size in bytes. */
function writeMillion(file: string): number {
  const rng = new Rng(1);
  const ids = Array.from({ length: BANKS }, (_, i) => `B${i}`);
  const bics = agentBics(ids);
  const clock = exportClock(TICKS);
  if (typeof clock === 'string') throw new Error(clock);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, MESSAGES_OPEN);
    let chunk = '';
    for (let i = 0; i < MESSAGES; i++) {
      const s = rng.nextBelow(BANKS);
      const r = (s + 1 + rng.nextBelow(BANKS - 1)) % BANKS;
      const arrival = Math.floor((i * TICKS) / MESSAGES);
      chunk += pacs009Message(
        { id: i + 1, arrival, sender: ids[s]!, receiver: ids[r]!, amount: 1 + rng.nextBelow(10_000_000), deadline: arrival + 10, priority: 5, divisible: false },
        bics,
        clock,
        'EUR',
      );
      if (i % 10_000 === 9_999) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk + MESSAGES_CLOSE);
  } finally {
    closeSync(fd);
  }
  return statSync(file).size;
}

/** In the child: load the file, print seconds and peak RSS as JSON. */
function loadOnce(file: string): void {
  const clock = exportClock(TICKS);
  if (typeof clock === 'string') throw new Error(clock);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const read = readIsoPaymentFile(file, file, { file, format: 'iso20022', day_start: clock.dayStart, tick_seconds: clock.tickSeconds, add_unknown_banks: { opening_balance: 0 } }, { ticksPerDay: TICKS, totalTicks: TICKS });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (!read.ok) throw new Error(read.issues[0]!.message);
  process.stdout.write(JSON.stringify({ orders: read.data.count, seconds: ms / 1000, cpuSeconds: (used.user + used.system) / 1e6, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

export async function benchIso20022(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paysim-bench-iso-'));
  try {
    const file = join(dir, 'million.xml');
    const bytes = writeMillion(file);
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), file], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    const r = JSON.parse(child.stdout) as { orders: number; seconds: number; cpuSeconds: number; maxRssMb: number };
    process.stdout.write(
      `${table(
        ['benchmark', 'seconds', 'target', 'note'],
        [[`load ${r.orders.toLocaleString('en-US')} pacs.009 messages (${(bytes / 2 ** 20).toFixed(0)} MiB)`, r.seconds.toFixed(2), '< 20 s', `CPU ${r.cpuSeconds.toFixed(1)} s; peak RSS ${r.maxRssMb} MB (whole process)`]],
      )}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] !== undefined) loadOnce(process.argv[2]);
