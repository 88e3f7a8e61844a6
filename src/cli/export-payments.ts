// `paysim export --run KEY -o FILE.csv [--scenario FILE.yaml]`: a stored run's payment orders as
// a payment file, and optionally a scenario that runs them instead of its random arrivals — so a
// recorded day can be edited and re-run. Orders are written in creation order (tx id), which the
// loader keeps within a tick, so the re-run creates them with the same ids.

import { dirname, relative } from 'node:path';
import { stringify } from 'yaml';
import { readStoredRun, readTransactionOrders } from '../runner/stored-runs.js';
import { preloadPaymentFiles } from '../config/payments/parquet.js';
import { paymentFileText } from '../config/payments/write.js';
import type { Store } from '../store/open.js';
import { CliError } from './errors.js';
import { rebuildRunScenario } from '../runner/rebuild-run.js';
import { writeOutputFile } from './output-file.js';
import { loadScenario } from '../config/scenario.js';
import { runScenario } from '../runner/single-run.js';
import { gzipSync } from 'node:zlib';
import { agentBics, bicMapText, exportClock, type IsoClock, MESSAGES_CLOSE, MESSAGES_OPEN, pacs009Message } from '../config/payments/iso20022-write.js';
import type { PaymentRow } from '../config/payments/write.js';

/** The file formats a run's orders export to: paysim's CSV, or ISO 20022 pacs.009 messages. */
export type OrderFileFormat = 'csv' | 'iso20022';

/** Currency of exported ISO 20022 messages (paysim amounts are minor units of one currency). */
const EXPORT_CURRENCY = 'EUR';

export interface ExportedPayments {
  readonly run_key: string;
  readonly orders: number;
  readonly file: string;
  readonly scenario: string | null;
  /** iso20022: the BIC → agent mapping file written beside the messages. */
  readonly bic_map: string | null;
}

export async function exportRunPayments(store: Store, keyPrefix: string, file: string, scenarioFile: string | null, format: OrderFileFormat = 'csv'): Promise<ExportedPayments> {
  const c = store.connection;
  // `last`: the run stored most recently (what `paysim run` just stored).
  const found =
    keyPrefix === 'last'
      ? await c.runAndReadAll('SELECT run_key, experiment_id, variant FROM runs ORDER BY started_at DESC NULLS LAST, run_key LIMIT 1')
      : await c.runAndReadAll('SELECT run_key, experiment_id, variant FROM runs WHERE starts_with(run_key, $1) ORDER BY run_key', [keyPrefix]);
  const matches = found.getRowsJS().map((r) => ({ run_key: String(r[0]), experiment: String(r[1]), variant: String(r[2]) }));
  if (matches.length === 0) throw new CliError(keyPrefix === 'last' ? '--run last: the store has no runs' : `--run: no stored run has a key starting with '${keyPrefix}'`);
  if (matches.length > 1) throw new CliError(`--run: '${keyPrefix}' matches ${matches.length} runs (give more of the key)`);
  const match = matches[0]!;
  const orders = (await readTransactionOrders(c, match.run_key)).filter((o) => o.parent_id === null);
  if (orders.length === 0) throw new CliError(`run ${match.run_key.slice(0, 12)}: the store has no payment orders for it (outputs.transactions was off, or nothing arrived)`);
  const rows: PaymentRow[] = orders.map((o) => ({
    id: o.tx_id,
    arrival: o.arrival_tick,
    sender: o.sender,
    receiver: o.receiver,
    amount: o.amount,
    deadline: o.deadline_tick,
    priority: o.priority,
    divisible: o.divisible,
  }));
  const source = scenarioFile !== null || format === 'iso20022' ? await readStoredRun(c, match.run_key) : undefined;
  if ((scenarioFile !== null || format === 'iso20022') && source === undefined) {
    throw new CliError(`run ${match.run_key.slice(0, 12)}: not stored as ok, so its scenario cannot be rebuilt`);
  }
  let rebuilt: ReturnType<typeof rebuildRunScenario> | null = null;
  if (source !== undefined) {
    await preloadPaymentFiles([source.scenario]);
    rebuilt = rebuildRunScenario(source);
  }
  const written = rebuilt === null ? orderFileText(rows, file, 'csv', 0) : orderFileText(rows, file, format, rebuilt.loaded.config.simulation.ticks_per_day);
  const { text, iso } = written;
  let scenarioText: string | null = null;
  if (scenarioFile !== null && rebuilt !== null) {
    const { loaded, ticks } = rebuilt;
    const beside = (path: string): string => relative(dirname(scenarioFile), path) || path;
    const isoKeys =
      iso === null
        ? {}
        : { format: 'iso20022', bic_map: beside(iso.bicFile), currency: EXPORT_CURRENCY, day_start: iso.clock.dayStart, tick_seconds: iso.clock.tickSeconds };
    const doc = scenarioWithFile(loaded.document, loaded.config.simulation, beside(file), isoKeys);
    const header = `# Run ${match.run_key} (experiment ${match.experiment}, variant ${match.variant}) with its payment orders from a file.\n`;
    const cut = ticks === null ? '' : `# The stored run stopped after ${ticks} ticks: run this with --ticks ${ticks} to compare.\n`;
    scenarioText = header + cut + stringify(doc, { lineWidth: 0 });
  }
  // Written only once everything is known: a failure above leaves no half-written files.
  writeOutputFile(file, text);
  if (iso !== null) writeOutputFile(iso.bicFile, iso.bicText);
  if (scenarioFile !== null && scenarioText !== null) writeOutputFile(scenarioFile, scenarioText);
  return { run_key: match.run_key, orders: orders.length, file, scenario: scenarioFile, bic_map: iso?.bicFile ?? null };
}

interface OrderFileText {
  readonly text: string | Buffer;
  /** iso20022: the clock of the messages and the BIC mapping file to write beside them. */
  readonly iso: { readonly clock: IsoClock; readonly bicFile: string; readonly bicText: string } | null;
}

/** Orders as the text of a payment file in `format` (ISO 20022 messages gzip-compressed for `.gz`). */
function orderFileText(rows: readonly PaymentRow[], file: string, format: OrderFileFormat, ticksPerDay: number): OrderFileText {
  if (format === 'csv') return { text: paymentFileText(rows), iso: null };
  const clock = exportClock(ticksPerDay);
  if (typeof clock === 'string') throw new CliError(`--format iso20022: ${clock}`);
  const bics = agentBics([...new Set(rows.flatMap((r) => [r.sender, r.receiver]))]);
  const xml = MESSAGES_OPEN + rows.map((r) => pacs009Message(r, bics, clock, EXPORT_CURRENCY)).join('') + MESSAGES_CLOSE;
  return {
    text: file.toLowerCase().endsWith('.gz') ? gzipSync(xml) : xml,
    iso: { clock, bicFile: `${file.replace(/\.xml(\.gz)?$/i, '')}.bics.csv`, bicText: bicMapText(bics) },
  };
}

/**
 * `paysim export --orders-of SCENARIO`: the payment orders a scenario creates (random arrivals,
 * payment events, its payment file), found by running it in memory — nothing is stored.
 */
export async function exportScenarioPayments(scenario: string, file: string, format: OrderFileFormat): Promise<{ orders: number; file: string; bic_map: string | null }> {
  const loaded = await loadScenario(scenario);
  const { result } = runScenario(loaded);
  const rows: PaymentRow[] = result.transactions
    .filter((t) => t.parent_id === null)
    .map((t) => ({ id: t.tx_id, arrival: t.arrival_tick, sender: t.sender, receiver: t.receiver, amount: t.amount, deadline: t.deadline_tick, priority: t.priority, divisible: t.divisible }));
  if (rows.length === 0) throw new CliError(`${scenario}: the scenario creates no payment orders`);
  const { text, iso } = orderFileText(rows, file, format, loaded.config.simulation.ticks_per_day);
  writeOutputFile(file, text);
  if (iso !== null) writeOutputFile(iso.bicFile, iso.bicText);
  return { orders: rows.length, file, bic_map: iso?.bicFile ?? null };
}

/**
 * The run's scenario with its payment orders taken from `file`: random arrivals and `payment`
 * events are dropped (the file holds what they made), other scenario events stay, the seed and
 * horizon are the run's.
 */
function scenarioWithFile(
  document: unknown,
  simulation: { rng_seed: string; num_days: number },
  file: string,
  fileKeys: Record<string, unknown>,
): Record<string, unknown> {
  const doc = structuredClone(document) as Record<string, unknown> & { agents: Array<Record<string, unknown>>; simulation: Record<string, unknown> };
  doc.simulation = { ...doc.simulation, rng_seed: /^\d{1,15}$/.test(simulation.rng_seed) ? Number(simulation.rng_seed) : simulation.rng_seed, num_days: simulation.num_days };
  doc.agents = doc.agents.map(({ arrival_config: _arrivals, ...agent }) => agent);
  const events = Array.isArray(doc['scenario_events']) ? (doc['scenario_events'] as Array<Record<string, unknown>>) : null;
  if (events !== null) doc['scenario_events'] = events.filter((e) => e['type'] !== 'payment');
  const previous = doc['payments'] as Record<string, unknown> | undefined;
  doc['payments'] = { file, ...fileKeys, ...(previous?.['add_unknown_banks'] !== undefined ? { add_unknown_banks: previous['add_unknown_banks'] } : {}) };
  return doc;
}
