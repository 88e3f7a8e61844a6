// `paysim diff RUN_A RUN_B`: two stored runs of the same orders, payment by payment (docs/diff.md).

import type { Command } from 'commander';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CHANGES, type ChangeCounts, type DiffPayment, diffRuns, differentOrders, type PaymentDiff } from '../../analysis/run-diff.js';
import { openStore, resolveDbPath } from '../../store/open.js';
import { rows } from '../../store/read.js';
import { CliError } from '../errors.js';
import { table } from '../format.js';
import { withStoreErrors } from '../store-errors.js';
import { dbOption } from '../flags.js';
import { csvField } from '../../config/payments/write.js';

interface DiffFlags {
  json?: boolean;
  csv?: boolean;
  db?: string;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compare two stored runs of the same payment orders payment by payment: settlement tick, mechanism, delay and status on each side')
    .argument('<run-a>', "a stored run: its key, a unique prefix, 'last' (the latest stored) or 'last~N' (N runs before it)")
    .argument('<run-b>', 'the other run, likewise')
    .option('--json', 'the summary, per-bank figures, largest changes and every payment as JSON')
    .option('--csv', 'one CSV row per payment')
    .addOption(dbOption())
    .action(async (runA: string, runB: string, flags: DiffFlags) => {
      if (flags.json === true && flags.csv === true) throw new CliError('--json and --csv: choose one');
      const db = resolveDbPath(flags.db);
      const { keys, a, b } = await withStoreErrors(async () => {
        const store = await openStore(db, { readOnly: true });
        try {
          const c = store.connection;
          const keys = [await runKey(c, runA, 'RUN_A'), await runKey(c, runB, 'RUN_B')] as const;
          return { keys, a: await diffPayments(c, keys[0]), b: await diffPayments(c, keys[1]) };
        } finally {
          store.close();
        }
      });
      if (a.length === 0 || b.length === 0) throw new CliError(`run ${(a.length === 0 ? keys[0] : keys[1]).slice(0, 12)}: the store has no payment orders for it (outputs.transactions was off, or nothing arrived)`);
      const why = differentOrders(a, b);
      if (why !== null) throw new CliError(`runs ${keys[0].slice(0, 12)} and ${keys[1].slice(0, 12)} are not runs of the same orders: ${why}`);
      const diff = diffRuns(a, b);
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify({ run_a: keys[0], run_b: keys[1], ...diff }, null, 2)}\n`);
        return;
      }
      if (flags.csv === true) {
        process.stdout.write(paymentsCsv(diff.payments));
        return;
      }
      process.stdout.write(diffText(keys, diff.summary, diff.banks, diff.largest));
    });
}

/** A run key from a full key, a unique prefix, `last` (the latest stored) or `last~N` (N before it). */
async function runKey(c: DuckDBConnection, given: string, what: string): Promise<string> {
  const back = /^last(?:~(\d{1,6}))?$/.exec(given);
  const found =
    back !== null
      ? await rows(c, `SELECT run_key FROM runs ORDER BY started_at DESC NULLS LAST, run_key LIMIT 1 OFFSET ${Number(back[1] ?? 0)}`)
      : await rows(c, 'SELECT run_key FROM runs WHERE starts_with(run_key, $1) ORDER BY run_key', [given]);
  if (found.length === 0) throw new CliError(back !== null ? `${what} ${given}: the store has fewer runs` : `${what}: no stored run has a key starting with '${given}'`);
  if (found.length > 1) throw new CliError(`${what}: '${given}' matches ${found.length} runs (give more of the key)`);
  return String(found[0]!['run_key']);
}

/**
 * The run's payment orders with their outcome. A split order settles when its last part does;
 * until then it counts as not settled.
 */
async function diffPayments(c: DuckDBConnection, key: string): Promise<DiffPayment[]> {
  const found = await rows(
    c,
    `WITH t AS (SELECT * FROM transactions WHERE run_key = $1),
          parts AS (SELECT parent_id, bool_and(status = 'settled') AS all_settled, max(settled_tick) AS last_tick FROM t WHERE parent_id IS NOT NULL GROUP BY parent_id)
     SELECT t.tx_id, t.sender, t.receiver, t.amount, t.arrival_tick,
            CASE WHEN t.status = 'split' AND p.all_settled THEN 'settled' ELSE t.status::VARCHAR END AS status,
            CASE WHEN t.status = 'split' THEN (CASE WHEN p.all_settled THEN p.last_tick END) ELSE t.settled_tick END AS settled_tick,
            CASE WHEN t.status = 'split' THEN 'split' ELSE t.settled_by::VARCHAR END AS settled_by
     FROM t LEFT JOIN parts p ON p.parent_id = t.tx_id WHERE t.parent_id IS NULL ORDER BY t.tx_id`,
    [key],
  );
  return found.map((r) => ({
    tx_id: Number(r['tx_id']),
    sender: String(r['sender']),
    receiver: String(r['receiver']),
    amount: Number(r['amount']),
    arrival_tick: Number(r['arrival_tick']),
    status: String(r['status']),
    settled_tick: r['settled_tick'] === null ? null : Number(r['settled_tick']),
    settled_by: r['settled_by'] === null ? null : String(r['settled_by']),
  }));
}

const CSV_HEADER = 'tx_id,sender,receiver,amount,arrival_tick,status_a,settled_tick_a,settled_by_a,delay_a,status_b,settled_tick_b,settled_by_b,delay_b,change,delay_change';

function paymentsCsv(payments: readonly PaymentDiff[]): string {
  const cell = (v: string | number | null): string => (v === null ? '' : csvField(String(v)));
  const lines = payments.map((p) =>
    [p.tx_id, p.sender, p.receiver, p.amount, p.arrival_tick, p.a.status, p.a.settled_tick, p.a.settled_by, p.a.delay, p.b.status, p.b.settled_tick, p.b.settled_by, p.b.delay, p.change, p.delay_change]
      .map(cell)
      .join(','),
  );
  return `${[CSV_HEADER, ...lines].join('\n')}\n`;
}

const ticks = (v: number | null): string => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);

function countsRow(label: string, c: ChangeCounts): string[] {
  return [label, String(c.payments), ...CHANGES.map((k) => String(c[k])), ticks(c.value_weighted_delay_change)];
}

function diffText(keys: readonly [string, string], summary: ChangeCounts, banks: ReturnType<typeof diffRuns>['banks'], largest: readonly PaymentDiff[]): string {
  const header = ['', 'payments', 'earlier', 'later', 'unchanged', 'newly unsettled', 'newly settled', 'Δ delay (value-weighted, ticks)'];
  const out: string[] = [`run A ${keys[0].slice(0, 12)} → run B ${keys[1].slice(0, 12)}`, '', table(header, [countsRow('all', summary)]), ''];
  out.push('by bank (sent)', table(header, banks.map((b) => countsRow(b.bank, b.sent))), '');
  out.push('by bank (received)', table(header, banks.map((b) => countsRow(b.bank, b.received))), '');
  if (largest.length === 0) out.push('no payment changed');
  else {
    const where = (s: PaymentDiff['a']): string => (s.delay === null ? s.status : `tick ${s.settled_tick} (${s.settled_by})`);
    out.push(
      'largest changes',
      table(
        ['tx', 'sender', 'receiver', 'amount', 'arrival', 'A', 'B', 'change'],
        largest.map((p) => [String(p.tx_id), p.sender, p.receiver, String(p.amount), String(p.arrival_tick), where(p.a), where(p.b), p.delay_change === null ? p.change : `${p.change} ${ticks(p.delay_change)}`]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
