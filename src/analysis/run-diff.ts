// A payment-by-payment diff of two runs of the same orders (docs/diff.md): for each order, where
// and how it settled on each side, and a summary of what moved. Pure: the caller reads the runs.

import { createHash } from 'node:crypto';

/** One payment order of a run as the diff needs it (split children folded into their parent). */
export interface DiffPayment {
  readonly tx_id: number;
  readonly sender: string;
  readonly receiver: string;
  readonly amount: number;
  readonly arrival_tick: number;
  /** Final status: settled, dropped, or still queued (queued_q1, queued_q2, pending, split). */
  readonly status: string;
  readonly settled_tick: number | null;
  /** rtgs, queue, bilateral, cycle, multilateral, … (split: settled in parts). */
  readonly settled_by: string | null;
}

export type Change = 'earlier' | 'later' | 'unchanged' | 'newly_unsettled' | 'newly_settled';
export const CHANGES: readonly Change[] = ['earlier', 'later', 'unchanged', 'newly_unsettled', 'newly_settled'];

export interface PaymentDiff {
  readonly tx_id: number;
  readonly sender: string;
  readonly receiver: string;
  readonly amount: number;
  readonly arrival_tick: number;
  readonly a: Side;
  readonly b: Side;
  readonly change: Change;
  /** B's delay − A's, in ticks, when both settled; else null. */
  readonly delay_change: number | null;
}

export interface Side {
  readonly status: string;
  readonly settled_tick: number | null;
  readonly settled_by: string | null;
  /** settled_tick − arrival_tick (null when not settled). */
  readonly delay: number | null;
}

export interface ChangeCounts {
  readonly payments: number;
  readonly value: number;
  readonly earlier: number;
  readonly later: number;
  readonly unchanged: number;
  readonly newly_unsettled: number;
  readonly newly_settled: number;
  /** Σ amount × (delay B − delay A) / Σ amount over payments settled on both sides (ticks; null if none). */
  readonly value_weighted_delay_change: number | null;
}

export interface BankDiff {
  readonly bank: string;
  readonly sent: ChangeCounts;
  readonly received: ChangeCounts;
}

export interface RunDiff {
  readonly summary: ChangeCounts;
  readonly banks: readonly BankDiff[];
  /** The payments that changed most: status changes first (by value), then by value × |delay change|. */
  readonly largest: readonly PaymentDiff[];
  readonly payments: readonly PaymentDiff[];
}

/** What makes two runs "of the same orders": per order its id, banks, amount and arrival tick. */
export function ordersDigest(payments: readonly DiffPayment[]): string {
  const hash = createHash('sha256');
  for (const p of [...payments].sort((x, y) => x.tx_id - y.tx_id)) hash.update(`${p.tx_id}\t${p.sender}\t${p.receiver}\t${p.amount}\t${p.arrival_tick}\n`);
  return hash.digest('hex');
}

/** Why A and B are not runs of the same orders, or null when they are. */
export function differentOrders(a: readonly DiffPayment[], b: readonly DiffPayment[]): string | null {
  if (ordersDigest(a) === ordersDigest(b)) return null;
  if (a.length !== b.length) return `run A has ${a.length} payment orders, run B ${b.length}`;
  const byId = new Map(b.map((p) => [p.tx_id, p]));
  for (const p of [...a].sort((x, y) => x.tx_id - y.tx_id)) {
    const q = byId.get(p.tx_id);
    if (q === undefined) return `order ${p.tx_id} of run A is not in run B`;
    for (const key of ['sender', 'receiver', 'amount', 'arrival_tick'] as const) {
      if (p[key] !== q[key]) return `order ${p.tx_id}: ${key} ${p[key]} in run A, ${q[key]} in run B`;
    }
  }
  return 'the orders differ';
}

const LARGEST = 10;

/** The diff of two runs of the same orders (check differentOrders first). */
export function diffRuns(a: readonly DiffPayment[], b: readonly DiffPayment[]): RunDiff {
  const byId = new Map(b.map((p) => [p.tx_id, p]));
  const payments = [...a]
    .sort((x, y) => x.tx_id - y.tx_id)
    .map((p): PaymentDiff => {
      const q = byId.get(p.tx_id)!;
      const sa = side(p);
      const sb = side(q);
      let change: Change;
      if (sa.delay !== null && sb.delay !== null) change = sb.delay < sa.delay ? 'earlier' : sb.delay > sa.delay ? 'later' : 'unchanged';
      else if (sa.delay !== null) change = 'newly_unsettled';
      else if (sb.delay !== null) change = 'newly_settled';
      else change = 'unchanged';
      const delayChange = sa.delay !== null && sb.delay !== null ? sb.delay - sa.delay : null;
      return { tx_id: p.tx_id, sender: p.sender, receiver: p.receiver, amount: p.amount, arrival_tick: p.arrival_tick, a: sa, b: sb, change, delay_change: delayChange };
    });
  const bankNames = [...new Set(payments.flatMap((p) => [p.sender, p.receiver]))].sort();
  const banks = bankNames.map((bank) => ({
    bank,
    sent: counts(payments.filter((p) => p.sender === bank)),
    received: counts(payments.filter((p) => p.receiver === bank)),
  }));
  const weight = (p: PaymentDiff): [number, number] => (p.change === 'newly_unsettled' || p.change === 'newly_settled' ? [1, p.amount] : [0, p.amount * Math.abs(p.delay_change ?? 0)]);
  const largest = payments
    .filter((p) => p.change !== 'unchanged')
    .sort((x, y) => {
      const [cx, vx] = weight(x);
      const [cy, vy] = weight(y);
      return cy - cx || vy - vx || x.tx_id - y.tx_id;
    })
    .slice(0, LARGEST);
  return { summary: counts(payments), banks, largest, payments };
}

function side(p: DiffPayment): Side {
  const settled = p.status === 'settled' && p.settled_tick !== null;
  return { status: p.status, settled_tick: p.settled_tick, settled_by: p.settled_by, delay: settled ? p.settled_tick! - p.arrival_tick : null };
}

function counts(payments: readonly PaymentDiff[]): ChangeCounts {
  const n: Record<Change, number> = { earlier: 0, later: 0, unchanged: 0, newly_unsettled: 0, newly_settled: 0 };
  let value = 0;
  let weighted = 0;
  let weightedValue = 0;
  for (const p of payments) {
    n[p.change]++;
    value += p.amount;
    if (p.delay_change !== null) {
      weighted += p.amount * p.delay_change;
      weightedValue += p.amount;
    }
  }
  return { payments: payments.length, value, ...n, value_weighted_delay_change: weightedValue === 0 ? null : weighted / weightedValue };
}
