// ISO 20022 payment files (docs/scenarios.md, "ISO 20022 messages"): pacs.009 (financial
// institution credit transfers) and pacs.008 (customer credit transfers) → the same checked
// columns of payment orders as a CSV file gives. Every bad message is reported as
// `file: message N (id): problem`, all in one pass (the first MAX_LISTED, then a count).

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidationIssue } from '../../input/issues.js';
import { BIC_PATTERN, canonicalBic, readBicMap } from './bic.js';
import { CURRENCY_CODE, minorUnits } from './currency.js';
import { readIsoMessages, type RawMessage, type RawTransaction, StopReading } from './iso20022-read.js';
import { Columns, PAYMENT_FILE_MAX_ROWS, type PaymentFileResult, type PaymentFileSpec, type PaymentTiming, specClock } from './load.js';
import { TICK_MAX } from '../scenario-schema.js';
import type { TickClock } from './time.js';

/** Bad messages listed one by one; past this, one line counts the rest. */
export const MAX_LISTED = 100;

const KINDS: Readonly<Record<string, string>> = { FICdtTrf: 'pacs.009', FIToFICstmrCdtTrf: 'pacs.008' };

/** paysim's own priority and divisible flag, kept in proprietary service levels by `paysim export`. */
export const PRIORITY_LEVEL = /^PAYSIM:P=(\d{1,2})$/;
export const DIVISIBLE_LEVEL = 'PAYSIM:DIVISIBLE';

/**
 * ISO priority codes → paysim priorities (0..10; policies and priority bands read 8–10 as urgent).
 * URGT is T2's "highly urgent", HIGH its "urgent"; NORM takes default_priority.
 */
const PRIORITY_CODES: Readonly<Record<string, number | 'default'>> = { URGT: 10, HIGH: 8, NORM: 'default' };

/** The files a `payments.file` of format iso20022 names: the file, or a folder's .xml and .xml.gz files by name. */
export function isoFiles(path: string): string[] | string {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    return 'file not found';
  }
  if (!isFolder) return [path];
  const files = readdirSync(path)
    .filter((name) => /\.xml(\.gz)?$/i.test(name))
    .sort()
    .map((name) => join(path, name));
  return files.length > 0 ? files : 'the folder has no .xml or .xml.gz files (expected ISO 20022 message files)';
}

/** Reads and checks the ISO 20022 file or folder at `path` (named `file` in messages). */
export function readIsoPaymentFile(
  path: string,
  file: string,
  spec: PaymentFileSpec,
  timing: PaymentTiming,
  maxMessages = PAYMENT_FILE_MAX_ROWS,
): PaymentFileResult {
  const fail = (message: string, code = 'payment_file'): PaymentFileResult => ({ ok: false, issues: [{ file, path: '', message, code }] });
  const files = isoFiles(path);
  if (typeof files === 'string') return fail(files);
  const clock = specClock(spec, timing);
  if (typeof clock === 'string') return fail(clock);
  let bicMap: ReadonlyMap<string, string> | null = null;
  if (spec.bic_map !== undefined) {
    const map = readBicMap(spec.bic_map);
    if (Array.isArray(map)) return { ok: false, issues: map };
    bicMap = map;
  }
  const day = new DayReader(spec, timing, clock, bicMap);
  // As many messages as a CSV file may have rows: the order columns and message ids grow with them.
  let messages = 0;
  for (const one of files) {
    const name = files.length === 1 ? file : one;
    let read: ReturnType<typeof readIsoMessages>;
    try {
      read = readIsoMessages(one, (message) => {
        if (++messages > maxMessages) throw new StopReading();
        day.message(name, message);
      });
    } catch (error) {
      if (!(error instanceof StopReading)) throw error;
      return fail(`holds more than ${maxMessages} messages (at most that many payment messages; split the day or sample it)`, 'too_large');
    }
    if (!read.ok) day.report(name, '', `is not well-formed XML (${read.message})`);
    else if (read.messages === 0) day.report(name, '', 'has no ISO 20022 message (expected Document elements holding pacs.009 or pacs.008 messages)');
  }
  return day.finish(file);
}

/** The checks of one day's messages, file after file, into order columns. */
class DayReader {
  private readonly out = new Columns(1024);
  private readonly banks: string[] = [];
  private readonly bankCodes = new Map<string, number>();
  /**
   * Message id → the message that used it first, as file index × 2^32 + message number (a number,
   * not an object: a million ids cost a million map entries and nothing more).
   */
  private readonly seen = new Map<string, number>();
  private readonly files: string[] = [];
  private readonly issues: ValidationIssue[] = [];
  private unlisted = 0;
  private currency: string | null;
  private readonly defaultOffset: number;
  private readonly defaultPriority: number;
  /** Arrival and deadline texts already mapped (a day's messages share few distinct times). */
  private readonly arrivalTicks = new BoundedCache<number | string>();
  private readonly deadlineTicks = new BoundedCache<number | string>();

  constructor(
    private readonly spec: PaymentFileSpec,
    private readonly timing: PaymentTiming,
    private readonly clock: TickClock,
    private readonly bicMap: ReadonlyMap<string, string> | null,
  ) {
    this.currency = spec.currency ?? null;
    this.defaultOffset = spec.default_deadline_offset ?? timing.ticksPerDay;
    this.defaultPriority = spec.default_priority ?? 5;
  }

  report(file: string, path: string, message: string): void {
    if (this.issues.length < MAX_LISTED) this.issues.push({ file, path, message, code: 'payment_message' });
    else this.unlisted++;
  }

  message(file: string, m: RawMessage): void {
    const where = `message ${m.number}${m.msgId === '' ? '' : ` (${m.msgId})`}`;
    const problems: string[] = [];
    const kind = KINDS[m.kind];
    if (kind === undefined) problems.push(`'${m.kind || 'empty'}' is not a pacs.009 or pacs.008 message (expected FICdtTrf or FIToFICstmrCdtTrf inside Document)`);
    if (m.msgId === '') problems.push('no message id (expected GrpHdr/MsgId)');
    else {
      const first = this.seen.get(m.msgId);
      if (first !== undefined) {
        const firstFile = this.files[Math.floor(first / 2 ** 32)]!;
        const by = `message ${first % 2 ** 32}${firstFile === file ? '' : ` of ${firstFile}`}`;
        problems.push(`message id '${m.msgId}' was used before, by ${by} (expected a unique MsgId)`);
      } else {
        if (this.files[this.files.length - 1] !== file) this.files.push(file);
        this.seen.set(m.msgId, (this.files.length - 1) * 2 ** 32 + m.number);
      }
    }
    if (kind !== undefined && m.transactions.length === 0) problems.push('no transaction (expected CdtTrfTxInf)');
    if (problems.length > 0) {
      for (const p of problems) this.report(file, where, p);
      return;
    }
    const several = m.transactions.length > 1;
    m.transactions.forEach((tx, k) => {
      const at = several ? `${where}, transaction ${k + 1}${tx.txId === '' ? '' : ` (${tx.txId})`}` : where;
      const txProblems = this.transaction(m, tx);
      for (const p of txProblems) this.report(file, at, p);
    });
  }

  /** Checks one transaction and adds its order; returns its problems (then nothing is added). */
  private transaction(m: RawMessage, tx: RawTransaction): string[] {
    const problems: string[] = [];
    const sender = this.agent(tx.debtorAgent || tx.debtor, 'debtor agent (DbtrAgt/FinInstnId/BICFI, or Dbtr/FinInstnId/BICFI in a pacs.009)', problems);
    const receiver = this.agent(tx.creditorAgent || tx.creditor, 'creditor agent (CdtrAgt/FinInstnId/BICFI, or Cdtr/FinInstnId/BICFI in a pacs.009)', problems);
    if (sender !== null && sender === receiver) problems.push(`the debtor and creditor agents are both '${sender}' (expected two banks)`);
    const amount = this.amount(tx, problems);
    const arrival = this.arrival(m, tx, problems);
    const deadline = arrival === null ? null : this.deadline(m, tx, arrival, problems);
    const priority = this.priority(tx, problems);
    if (problems.length > 0 || sender === null || receiver === null || amount === null || arrival === null || deadline === null || priority === null) return problems;
    const divisible = tx.serviceLevels.includes(DIVISIBLE_LEVEL) ? 1 : 0;
    this.out.push(arrival, this.bank(sender), this.bank(receiver), amount, deadline, priority, divisible, m.number);
    return problems;
  }

  private agent(bic: string, what: string, problems: string[]): string | null {
    if (bic === '') {
      problems.push(`no ${what}`);
      return null;
    }
    if (!BIC_PATTERN.test(bic)) {
      problems.push(`'${bic}' is not a BIC (expected 8 or 11 capital letters and digits, e.g. ABCDDEFFXXX)`);
      return null;
    }
    const bic8 = canonicalBic(bic);
    const known = this.timing.knownBanks;
    const mapped = this.bicMap?.get(bic8);
    if (mapped !== undefined) {
      if (known !== undefined && !known.has(mapped)) {
        problems.push(`BIC ${bic} maps to '${mapped}', which is not an agent of the scenario (expected an agent id in payments.bic_map, or set payments.add_unknown_banks)`);
        return null;
      }
      return mapped;
    }
    if (known === undefined) return bic8;
    for (const id of [bic, bic8, `${bic8}XXX`]) if (known.has(id)) return id;
    problems.push(`unknown BIC ${bic} (expected one of payments.bic_map or an agent id, or set payments.add_unknown_banks)`);
    return null;
  }

  private bank(id: string): number {
    let code = this.bankCodes.get(id);
    if (code === undefined) {
      code = this.banks.length;
      this.banks.push(id);
      this.bankCodes.set(id, code);
    }
    return code;
  }

  private amount(tx: RawTransaction, problems: string[]): number | null {
    if (tx.amount === '') {
      problems.push('no interbank settlement amount (expected IntrBkSttlmAmt)');
      return null;
    }
    if (!CURRENCY_CODE.test(tx.currency)) {
      problems.push(`'${tx.currency}' is not a currency (expected IntrBkSttlmAmt with Ccy, a code like EUR)`);
      return null;
    }
    // Without payments.currency the day's currency is the first message's; paysim does not convert.
    this.currency ??= tx.currency;
    if (tx.currency !== this.currency) {
      problems.push(`amount in ${tx.currency}, not the day's ${this.currency} (expected one currency: paysim does not convert; set payments.currency)`);
      return null;
    }
    const units = minorUnits(tx.amount, tx.currency);
    if (typeof units === 'string') {
      problems.push(`IntrBkSttlmAmt ${units}`);
      return null;
    }
    return units;
  }

  private arrival(m: RawMessage, tx: RawTransaction, problems: string[]): number | null {
    const source = this.spec.arrival_time ?? 'auto';
    let text: string;
    let what: string;
    if (source === 'settlement') [text, what] = [tx.creditTime || tx.debitTime, 'settlement time (SttlmTmIndctn/CdtDtTm or DbtDtTm)'];
    else if (source === 'creation') [text, what] = [m.created, 'creation time (GrpHdr/CreDtTm)'];
    else if (source === 'acceptance') [text, what] = [tx.acceptance, 'acceptance time (AccptncDtTm)'];
    else [text, what] = [tx.acceptance || m.created, 'acceptance time (AccptncDtTm) or creation time (GrpHdr/CreDtTm)'];
    if (text === '') {
      problems.push(`no ${what}`);
      return null;
    }
    const tick = this.arrivalTicks.get(text, () => {
      const local = clockTime(text);
      return local === null ? `'${text}' is not a date-time (expected YYYY-MM-DDTHH:MM:SS, optionally with an offset)` : this.clock.arrival(local);
    });
    if (typeof tick === 'string') {
      problems.push(`arrival: ${tick}`);
      return null;
    }
    return tick;
  }

  /** The earlier of the till and reject times on the settlement date; else the default offset. */
  private deadline(m: RawMessage, tx: RawTransaction, arrival: number, problems: string[]): number | null {
    const times = [tx.tillTime, tx.rejectTime].filter((t) => t !== '');
    if (times.length === 0) return Math.min(TICK_MAX, arrival + this.defaultOffset);
    const date = tx.settlementDate || m.groupSettlementDate;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      problems.push(date === '' ? 'a settlement time request without a settlement date (expected IntrBkSttlmDt)' : `'${date}' is not a settlement date (expected YYYY-MM-DD)`);
      return null;
    }
    let best: number | null = null;
    for (const time of times) {
      const at = `${date}T${time}`;
      // The tick of a time does not depend on the arrival (only whether it is after it does):
      // cached as read against arrival −1, and checked again against the real arrival when not after it.
      let tick = this.deadlineTicks.get(at, () => {
        const local = clockTime(at);
        return local === null ? `'${time}' is not a time (expected HH:MM:SS, optionally with an offset)` : this.clock.deadline(local, -1);
      });
      if (typeof tick === 'number' && tick <= arrival) tick = this.clock.deadline(clockTime(at)!, arrival);
      if (typeof tick === 'string') {
        problems.push(`deadline: ${tick}`);
        return null;
      }
      best = best === null ? tick : Math.min(best, tick);
    }
    return best;
  }

  private priority(tx: RawTransaction, problems: string[]): number | null {
    for (const level of tx.serviceLevels) {
      const own = PRIORITY_LEVEL.exec(level);
      if (own === null) continue;
      const p = Number(own[1]);
      if (p > 10) {
        problems.push(`service level ${level}: ${p} is not a priority (expected 0..10)`);
        return null;
      }
      return p;
    }
    const code = tx.settlementPriority || tx.instructionPriority;
    if (code === '') return this.defaultPriority;
    const p = PRIORITY_CODES[code];
    if (p === undefined) {
      problems.push(`'${code}' is not a priority code (expected URGT, HIGH or NORM)`);
      return null;
    }
    return p === 'default' ? this.defaultPriority : p;
  }

  finish(file: string): PaymentFileResult {
    if (this.unlisted > 0) this.issues.push({ file, path: '', message: `and ${this.unlisted} more bad messages`, code: 'payment_message' });
    if (this.issues.length > 0) return { ok: false, issues: this.issues };
    return { ok: true, data: this.out.finish(file, this.banks) };
  }
}

/** A memo of at most `limit` entries (then it starts afresh): bounded memory on any file. */
class BoundedCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly limit = 100_000) {}

  get(key: string, make: () => T): T {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      value = make();
      this.map.set(key, value);
    }
    return value;
  }
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO date-time on the clock of `day_start` (`YYYY-MM-DDTHH:MM:SS`), or null. A time with an
 * offset is turned into UTC; one without (or with Z) stands as written.
 */
export function clockTime(text: string): string | null {
  const m = DATE_TIME.exec(text);
  if (m === null) return null;
  const plain = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  const zone = m[7];
  if (zone === undefined || zone === 'Z') return plain;
  const sign = zone.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (Number.isNaN(ms)) return null;
  return new Date(ms - minutes * 60_000).toISOString().slice(0, 19);
}
