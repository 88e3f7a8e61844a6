// Reading a payment file (docs/scenarios.md, "Payment files"): CSV rows → checked columns of
// payment orders, sorted by arrival tick. Every bad row is reported as `file: row N, column C:
// problem` (row N is the file's line N; the header is row 1), and nothing is returned then.
// The columns live in SharedArrayBuffers: a sweep hands the same memory to every worker thread
// (structured cloning shares it), so a million orders are read once, not once per run.

import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { ValidationIssue } from '../../input/issues.js';
import { readRegularFile } from '../../input/read.js';
import { type CsvProblem, forEachCsvRecord, integerField } from './csv.js';
import { TICK_MAX } from '../scenario-schema.js';
import { PAYMENT_COLUMNS, type PaymentColumn, REQUIRED_PAYMENT_COLUMNS } from './schema.js';
import { isParquet, preloadedParquet, tableRecords } from './parquet-cache.js';
import { type ClockSpec, type TickClock, tickClock } from './time.js';

/** The `payments` key of a scenario after the schema passed. */
export interface PaymentFileSpec {
  readonly file: string;
  readonly columns?: Readonly<Partial<Record<PaymentColumn, string>>>;
  readonly time_format?: 'tick' | 'timestamp';
  readonly day_start?: string;
  readonly tick_seconds?: number;
  readonly default_deadline_offset?: number;
  readonly default_priority?: number;
  readonly add_unknown_banks?: { readonly opening_balance: number; readonly credit_limit?: number };
  /** Absent: by the file name (.parquet, .xml/.xml.gz as iso20022, else CSV). */
  readonly format?: 'csv' | 'parquet' | 'iso20022';
  /** iso20022: the CSV file mapping BICs to agents (a path the caller has resolved). */
  readonly bic_map?: string;
  /** iso20022: the day's currency (absent: the first message's). */
  readonly currency?: string;
  /** iso20022: which time of a message is its arrival. */
  readonly arrival_time?: 'auto' | 'acceptance' | 'creation' | 'settlement';
}

/** The format a spec reads its file in. */
export function paymentFormat(spec: Pick<PaymentFileSpec, 'file' | 'format'>): 'csv' | 'parquet' | 'iso20022' {
  if (spec.format !== undefined) return spec.format;
  if (isParquet(spec.file)) return 'parquet';
  return /\.xml(\.gz)?$/i.test(spec.file) ? 'iso20022' : 'csv';
}

/**
 * The orders of a payment file, sorted by arrival tick (rows of one tick in file order). Plain
 * data, safe to structured-clone to a worker: the typed arrays sit on shared memory.
 */
export interface PaymentFileData {
  /** The file as named in messages. */
  readonly file: string;
  readonly count: number;
  /** Bank code → bank id, in order of first appearance in the file. */
  readonly banks: readonly string[];
  readonly arrivalTick: Int32Array;
  readonly senderBank: Int32Array;
  readonly receiverBank: Int32Array;
  readonly amount: Float64Array;
  readonly deadlineTick: Int32Array;
  readonly priority: Uint8Array;
  readonly divisible: Uint8Array;
  /** The file line each order came from (for messages). */
  readonly line: Int32Array;
  /** Hex SHA-256 of the columns above (not of the file's bytes: equal orders, equal digest). */
  readonly sha256: string;
}

export interface PaymentTiming {
  readonly ticksPerDay: number;
  /** Ticks in the run: arrivals must fall before it. */
  readonly totalTicks: number;
  /**
   * The scenario's agent ids when a bank outside them is an error (no `add_unknown_banks`): then
   * each row naming another bank is reported in the same pass as every other bad row.
   */
  readonly knownBanks?: ReadonlySet<string>;
}

/** The problem of a row naming a bank the scenario lacks (one wording, wherever it is found). */
export function unknownBankMessage(bank: string): string {
  return `unknown bank '${bank}' (expected an agent of the scenario, or set payments.add_unknown_banks)`;
}

export type PaymentFileResult =
  | { readonly ok: true; readonly data: PaymentFileData }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

const DEFAULT_PRIORITY = 5;
const CENTS = 'an integer number of cents ≥ 1';

/** Reads and checks the file at `path` (named `file` in messages). */
export function readPaymentFile(path: string, file: string, spec: PaymentFileSpec, timing: PaymentTiming): PaymentFileResult {
  if (paymentFormat(spec) === 'parquet') {
    const table = preloadedParquet(path);
    if (table === undefined) throw new Error(`${path}: a Parquet payment file must be read first (preloadPaymentFiles)`);
    if (!table.ok) return { ok: false, issues: [{ file, path: '', message: table.message, code: 'unreadable_file' }] };
    if (table.rows > PAYMENT_FILE_MAX_ROWS) return { ok: false, issues: [tooManyRows(file, table.rows)] };
    return parsePaymentRecords(tableRecords(table), table.rows + 1, file, spec, timing);
  }
  const text = paymentText(path, file);
  if (typeof text !== 'string') return { ok: false, issues: [text] };
  return parsePaymentText(text, file, spec, timing);
}

/**
 * Largest payment file, as CSV text after any gzip (about 6 million rows; the 800 000-row shipped
 * national_5000 is 33 MB). Also bounds what a gzip file may expand to: a 300 KB bomb of 12 million
 * rows is refused when its output passes this, instead of aborting the process at 5 GB.
 */
export const PAYMENT_FILE_MAX_BYTES = 256 * 1024 * 1024;

/** The CSV text of a payment file (gunzipped if `.gz`), or the problem. */
function paymentText(path: string, file: string): string | ValidationIssue {
  const bytes = readRegularFile(path, PAYMENT_FILE_MAX_BYTES);
  if (!Buffer.isBuffer(bytes)) return { ...bytes, file };
  if (!path.endsWith('.gz')) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes, { maxOutputLength: PAYMENT_FILE_MAX_BYTES }).toString('utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      return { file, path: '', message: `expands to more than ${PAYMENT_FILE_MAX_BYTES} bytes of CSV (at most that many)`, code: 'too_large' };
    }
    return { file, path: '', message: `is not a valid gzip file (${error instanceof Error ? error.message : String(error)})`, code: 'unreadable_file' };
  }
}

/**
 * Most payment rows a file may hold: above the 3.2 million orders of the largest day paysim is
 * built for (20 000 banks), below what a row costs before it is checked (a few hundred bytes each):
 * 12 million short rows fit in PAYMENT_FILE_MAX_BYTES and would take gigabytes. Counted from the
 * text's lines before any row is parsed.
 */
export const PAYMENT_FILE_MAX_ROWS = 4_000_000;

function tooManyRows(file: string, rows: number): ValidationIssue {
  return { file, path: '', message: `holds ${rows} rows (at most ${PAYMENT_FILE_MAX_ROWS} payment rows; split the day or sample it)`, code: 'too_large' };
}

/** The checks and conversions of readPaymentFile, on CSV text already in memory. */
export function parsePaymentText(text: string, file: string, spec: PaymentFileSpec, timing: PaymentTiming): PaymentFileResult {
  const lines = countLines(text);
  // Lines include the header and a last empty line: a bound on the rows, exact enough to refuse.
  if (lines - 2 > PAYMENT_FILE_MAX_ROWS) return { ok: false, issues: [tooManyRows(file, lines - 2)] };
  return parsePaymentRecords((onRow) => forEachCsvRecord(text, onRow), lines, file, spec, timing);
}

/**
 * Calls `onRow(fields, row)` for the header (row 1) and then every payment row, and returns the
 * structural problems found: CSV text and Parquet tables both come in this way, so a row is
 * checked the same whatever file it came from.
 */
export type RecordSource = (onRow: (fields: string[], row: number) => void) => readonly CsvProblem[];

/** Checks and converts the records of a payment file; `capacity` ≥ the number of rows. */
export function parsePaymentRecords(records: RecordSource, capacity: number, file: string, spec: PaymentFileSpec, timing: PaymentTiming): PaymentFileResult {
  const issues: ValidationIssue[] = [];
  const problem = (line: number, column: string | null, message: string, code = 'payment_row'): void => {
    issues.push({ file, path: column === null ? `row ${line}` : `row ${line}, column ${column}`, message, code });
  };
  const known = timing.knownBanks;
  const unknown = (id: string): boolean => known !== undefined && !known.has(id);
  const clock = clockOf(spec, timing, file, issues);
  const out = new Columns(capacity);
  const bankCodes = new Map<string, number>();
  const banks: string[] = [];
  // Order ids, checked for repeats after the pass (a map of a million strings per row is slow).
  const ids: string[] = [];
  const idLines: number[] = [];
  const defaultPriority = spec.default_priority ?? DEFAULT_PRIORITY;
  const defaultOffset = spec.default_deadline_offset ?? timing.ticksPerDay;
  let at: Record<PaymentColumn, number> | null = null;
  let names: Record<PaymentColumn, string> | null = null;
  let width = 0;
  let headerSeen = false;
  const bank = (id: string): number => {
    let code = bankCodes.get(id);
    if (code === undefined) {
      code = banks.length;
      banks.push(id);
      bankCodes.set(id, code);
    }
    return code;
  };

  const structural = records((fields, line) => {
    if (!headerSeen) {
      headerSeen = true;
      const header = headerColumns(fields, spec, file, issues);
      at = header.at;
      names = header.names;
      width = fields.length;
      return;
    }
    if (clock === null || names === null || at === null) return;
    const n: Record<PaymentColumn, string> = names;
    const c: Record<PaymentColumn, number> = at;
    if (fields.length !== width) {
      problem(line, null, `${fields.length} fields (expected ${width}, as in the header)`);
      return;
    }
    const before = issues.length;
    const sender = fields[c.sender]!;
    const receiver = fields[c.receiver]!;
    if (sender === '') problem(line, n.sender, 'empty (expected a bank id)');
    else if (unknown(sender)) problem(line, n.sender, unknownBankMessage(sender), 'unknown_bank');
    if (receiver === '') problem(line, n.receiver, 'empty (expected a bank id)');
    else if (receiver === sender) problem(line, n.receiver, `'${receiver}' is the sender too (expected another bank)`);
    else if (unknown(receiver)) problem(line, n.receiver, unknownBankMessage(receiver), 'unknown_bank');
    const amount = centsField(fields[c.amount]!);
    if (typeof amount === 'string') problem(line, n.amount, amount);
    const arrival = clock.arrival(fields[c.arrival]!);
    if (typeof arrival === 'string') problem(line, n.arrival, arrival);
    let deadline: number | string = -1;
    const deadlineText = c.deadline < 0 ? '' : fields[c.deadline]!;
    if (typeof arrival === 'number') {
      // A default deadline past the 32-bit tick range is capped there (it can never be reached anyway).
      deadline = deadlineText === '' ? Math.min(TICK_MAX, arrival + defaultOffset) : clock.deadline(deadlineText, arrival);
      if (typeof deadline === 'string') problem(line, n.deadline, deadline);
    }
    let priority = defaultPriority;
    if (c.priority >= 0 && fields[c.priority] !== '') {
      const p = integerField(fields[c.priority]!);
      if (p === null || p < 0 || p > 10) problem(line, n.priority, `'${fields[c.priority]}' is not a priority (expected an integer 0..10)`);
      else priority = p;
    }
    let divisible = 0;
    if (c.divisible >= 0 && fields[c.divisible] !== '') {
      const cell = fields[c.divisible]!;
      const d = BOOLEANS.get(cell) ?? BOOLEANS.get(cell.toLowerCase());
      if (d === undefined) problem(line, n.divisible, `'${fields[c.divisible]}' is not a flag (expected true, false, 1 or 0)`);
      else divisible = d;
    }
    if (c.id >= 0) {
      const id = fields[c.id]!;
      if (id === '') problem(line, n.id, 'empty (expected a unique order id)');
      else {
        ids.push(id);
        idLines.push(line);
      }
    }
    if (issues.length > before) return;
    out.push(arrival as number, bank(sender), bank(receiver), amount as number, deadline as number, priority, divisible, line);
  });
  for (const p of structural) problem(p.line, null, p.message);
  if (names !== null) for (const [line, message] of repeatedIds(ids, idLines)) problem(line, (names as Record<PaymentColumn, string>).id, message);
  if (!headerSeen) issues.push({ file, path: '', message: 'the file is empty (expected a header row and payment rows)', code: 'payment_file' });
  if (issues.length > 0) return { ok: false, issues: byLine(issues) };
  return { ok: true, data: out.finish(file, banks) };
}

/** Column positions by role (−1: absent optional column); problems with the header go to `issues`. */
function headerColumns(
  header: readonly string[],
  spec: PaymentFileSpec,
  file: string,
  issues: ValidationIssue[],
): { at: Record<PaymentColumn, number> | null; names: Record<PaymentColumn, string> } {
  const at = {} as Record<PaymentColumn, number>;
  const names = {} as Record<PaymentColumn, string>;
  let ok = true;
  for (const role of PAYMENT_COLUMNS) {
    const given = spec.columns?.[role];
    const name = given ?? role;
    names[role] = name;
    at[role] = header.indexOf(name);
    // A default-named optional column may be absent; a required or explicitly named one may not.
    if (at[role] < 0 && (given !== undefined || REQUIRED_PAYMENT_COLUMNS.includes(role))) {
      ok = false;
      issues.push({
        file,
        path: 'row 1',
        message: `no column '${name}' for the ${role} (the header has: ${header.join(', ')})`,
        code: 'payment_file',
      });
    }
  }
  return { at: ok ? at : null, names };
}

/** The spec's clock (tick or timestamp), as tickClock builds it. */
export function specClock(spec: PaymentFileSpec, timing: PaymentTiming): TickClock | string {
  const clockSpec: ClockSpec =
    spec.time_format === 'timestamp' || paymentFormat(spec) === 'iso20022'
      ? { format: 'timestamp', dayStart: spec.day_start ?? '', tickSeconds: spec.tick_seconds ?? 0 }
      : { format: 'tick' };
  return tickClock(clockSpec, timing);
}

function clockOf(spec: PaymentFileSpec, timing: PaymentTiming, file: string, issues: ValidationIssue[]): TickClock | null {
  const clock = specClock(spec, timing);
  if (typeof clock === 'string') {
    issues.push({ file, path: '', message: clock, code: 'payment_file' });
    return null;
  }
  return clock;
}

/** Cents ≥ 1 as a safe integer, or the problem in words. */
function centsField(text: string): number | string {
  if (text === '') return `empty (expected ${CENTS})`;
  const value = integerField(text);
  if (value === null) return `'${text}' is not an integer (expected ${CENTS})`;
  if (value < 1) return `${text} is ${value < 0 ? 'negative' : 'zero'} (expected ${CENTS})`;
  if (!Number.isSafeInteger(value)) return `${text} is too large (expected ${CENTS} below 2^53)`;
  return value;
}

/**
 * `[line, message]` for every id seen before. All-integer ids (the common case, and what
 * `paysim export` writes) are checked by a numeric sort; others with a map.
 */
function repeatedIds(ids: readonly string[], lines: readonly number[]): Array<[number, string]> {
  const numeric = new Float64Array(ids.length);
  let allNumeric = true;
  for (let i = 0; i < ids.length && allNumeric; i++) {
    const v = integerField(ids[i]!);
    if (v === null || !Number.isSafeInteger(v) || String(v) !== ids[i]) allNumeric = false;
    else numeric[i] = v;
  }
  if (allNumeric) {
    numeric.sort();
    let repeated = false;
    for (let i = 1; i < numeric.length && !repeated; i++) repeated = numeric[i] === numeric[i - 1];
    if (!repeated) return [];
  }
  const first = new Map<string, number>();
  const out: Array<[number, string]> = [];
  ids.forEach((id, i) => {
    const at = first.get(id);
    if (at === undefined) first.set(id, lines[i]!);
    else out.push([lines[i]!, `'${id}' was used before, at row ${at} (expected a unique order id)`]);
  });
  return out;
}

const BOOLEANS = new Map<string, number>([
  ['true', 1],
  ['false', 0],
  ['1', 1],
  ['0', 0],
]);

/** Lines of the text, counting every line end the CSV reader takes (LF, CRLF and a lone CR). */
function countLines(text: string): number {
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) count++;
  }
  return count;
}

/** Issues in file order (a plain sort of `row N` paths would put row 10 before row 9). */
function byLine(issues: ValidationIssue[]): ValidationIssue[] {
  const lineOf = (issue: ValidationIssue): number => Number(/^row (\d+)/.exec(issue.path)?.[1] ?? 0);
  return issues.map((issue, i) => ({ issue, i })).sort((a, b) => lineOf(a.issue) - lineOf(b.issue) || a.i - b.i).map((x) => x.issue);
}

function shared<T>(make: (buffer: SharedArrayBuffer) => T, bytes: number): T {
  return make(new SharedArrayBuffer(Math.max(bytes, 8)));
}

/**
 * Output columns, sized from the line count. They still grow if a row arrives past that size: a
 * typed array ignores writes past its end, so an undercount would drop orders silently.
 */
export class Columns {
  count = 0;
  arrivalTick: Int32Array;
  senderBank: Int32Array;
  receiverBank: Int32Array;
  amount: Float64Array;
  deadlineTick: Int32Array;
  priority: Uint8Array;
  divisible: Uint8Array;
  line: Int32Array;

  constructor(capacity: number) {
    this.arrivalTick = new Int32Array(capacity);
    this.senderBank = new Int32Array(capacity);
    this.receiverBank = new Int32Array(capacity);
    this.amount = new Float64Array(capacity);
    this.deadlineTick = new Int32Array(capacity);
    this.priority = new Uint8Array(capacity);
    this.divisible = new Uint8Array(capacity);
    this.line = new Int32Array(capacity);
  }

  push(arrival: number, sender: number, receiver: number, amount: number, deadline: number, priority: number, divisible: number, line: number): void {
    if (this.count === this.line.length) this.grow();
    const i = this.count++;
    this.arrivalTick[i] = arrival;
    this.senderBank[i] = sender;
    this.receiverBank[i] = receiver;
    this.amount[i] = amount;
    this.deadlineTick[i] = deadline;
    this.priority[i] = priority;
    this.divisible[i] = divisible;
    this.line[i] = line;
  }

  private grow(): void {
    const size = Math.max(8, this.line.length * 2);
    const wider = <T extends Int32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.arrivalTick = wider(this.arrivalTick, (n) => new Int32Array(n));
    this.senderBank = wider(this.senderBank, (n) => new Int32Array(n));
    this.receiverBank = wider(this.receiverBank, (n) => new Int32Array(n));
    this.amount = wider(this.amount, (n) => new Float64Array(n));
    this.deadlineTick = wider(this.deadlineTick, (n) => new Int32Array(n));
    this.priority = wider(this.priority, (n) => new Uint8Array(n));
    this.divisible = wider(this.divisible, (n) => new Uint8Array(n));
    this.line = wider(this.line, (n) => new Int32Array(n));
  }

  /** Sorted by arrival (stable) into shared memory, with the digest. */
  finish(file: string, banks: readonly string[]): PaymentFileData {
    const n = this.count;
    const order = arrivalOrder(this.arrivalTick, n);
    const pick32 = (src: Int32Array): Int32Array => {
      const dst = shared((b) => new Int32Array(b, 0, n), 4 * n);
      for (let i = 0; i < n; i++) dst[i] = src[order === null ? i : order[i]!]!;
      return dst;
    };
    const pick8 = (src: Uint8Array): Uint8Array => {
      const dst = shared((b) => new Uint8Array(b, 0, n), n);
      for (let i = 0; i < n; i++) dst[i] = src[order === null ? i : order[i]!]!;
      return dst;
    };
    const amount = shared((b) => new Float64Array(b, 0, n), 8 * n);
    for (let i = 0; i < n; i++) amount[i] = this.amount[order === null ? i : order[i]!]!;
    const columns = {
      arrivalTick: pick32(this.arrivalTick),
      senderBank: pick32(this.senderBank),
      receiverBank: pick32(this.receiverBank),
      amount,
      deadlineTick: pick32(this.deadlineTick),
      priority: pick8(this.priority),
      divisible: pick8(this.divisible),
    };
    const hash = createHash('sha256');
    hash.update(JSON.stringify(banks));
    for (const column of Object.values(columns)) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    return { file, count: n, banks, ...columns, line: pick32(this.line), sha256: hash.digest('hex') };
  }
}

/** A stable permutation sorting by arrival tick (counting sort), or null when already sorted. */
function arrivalOrder(ticks: Int32Array, n: number): Int32Array | null {
  let sorted = true;
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && ticks[i]! < ticks[i - 1]!) sorted = false;
    if (ticks[i]! > max) max = ticks[i]!;
  }
  if (sorted) return null;
  const starts = new Int32Array(max + 2);
  for (let i = 0; i < n; i++) starts[ticks[i]! + 1]! += 1;
  for (let t = 1; t < starts.length; t++) starts[t]! += starts[t - 1]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[starts[ticks[i]!]!++] = i;
  return order;
}
