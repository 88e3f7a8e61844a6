// A scenario's `payments` key → the engine's ScheduledPayments: reads the file (or takes the copy a
// sweep already read), maps its banks to agents, and adds the banks the scenario lacks when
// `add_unknown_banks` says so (else each row naming one is an error).

import { isAbsolute, join } from 'node:path';
import type { AgentConfig, EngineConfig } from '../../engine/config.js';
import type { ScheduledPayments } from '../../engine/payment-schedule.js';
import { resolvePolicySpec, type ResolvedPolicy } from '../../policy/resolve.js';
import { ValidationError, type ValidationIssue } from '../../input/issues.js';
import { isRecord } from '../../input/json-path.js';
import { COLLATERAL_CAPACITY_FACTOR } from '../scenario-schema.js';
import { type PaymentFileData, type PaymentFileSpec, paymentFormat, readPaymentFile, specClock, unknownBankMessage } from './load.js';
import { readIsoPaymentFile } from './iso20022.js';

export interface PaymentSource {
  readonly file: string;
  /** Folder the payment file is relative to; null: files cannot be read (the data must be given). */
  readonly baseDir: string | null;
  /** The file as already read (a sweep reads it once and shares it with its workers). */
  readonly payments?: PaymentFileData;
}

export interface WithPayments {
  readonly config: EngineConfig;
  readonly policies: readonly ResolvedPolicy[];
  readonly payments: PaymentFileData | null;
}

/** The `payments` spec of a validated document, or null. */
export function paymentSpec(doc: unknown): PaymentFileSpec | null {
  const spec = isRecord(doc) ? doc['payments'] : undefined;
  return isRecord(spec) ? (spec as unknown as PaymentFileSpec) : null;
}

/** Reads the document's payment file into `config`. Throws ValidationError listing every bad row. */
export function attachPayments(doc: unknown, source: PaymentSource, config: EngineConfig, policies: readonly ResolvedPolicy[]): WithPayments {
  const spec = paymentSpec(doc);
  if (spec === null) return { config, policies, payments: null };
  const data = source.payments ?? readSpecFile(spec, source, config);
  const banks = mapBanks(data, spec, config.agents.map((a) => a.id));
  const added = banks.added.map((id): AgentConfig => addedAgent(id, spec));
  const fifo = added.length === 0 ? null : resolvePolicySpec({ type: 'Fifo' }, { file: source.file, baseDir: null, path: 'payments.add_unknown_banks' });
  if (fifo !== null && !fifo.ok) throw new ValidationError(fifo.issues);
  const schedule: ScheduledPayments = {
    count: data.count,
    arrivalTick: data.arrivalTick,
    senderBank: data.senderBank,
    receiverBank: data.receiverBank,
    agentOfBank: banks.agentOfBank,
    amount: data.amount,
    deadlineTick: data.deadlineTick,
    priority: data.priority,
    divisible: data.divisible,
    // The bank list is part of the digest and the agents of the config hash: together they fix the mapping.
    sha256: data.sha256,
  };
  return {
    config: { ...config, agents: [...config.agents, ...added], scheduled_payments: schedule },
    policies: fifo === null ? policies : [...policies, ...added.map(() => fifo.policy)],
    payments: data,
  };
}

/** The payment file of `spec`, for a document whose simulation passed validation. */
export function readSpecFile(spec: PaymentFileSpec, source: Pick<PaymentSource, 'file' | 'baseDir'>, config: EngineConfig): PaymentFileData {
  if (source.baseDir === null) {
    throw new ValidationError([
      { file: source.file, path: 'payments.file', message: 'payment files cannot be read here (expected a scenario loaded from a file)', code: 'payment_file' },
    ]);
  }
  const { ticks_per_day: tpd, num_days: days } = config.simulation;
  // Without add_unknown_banks a bank outside the scenario is a bad row, found with the others.
  const knownBanks = spec.add_unknown_banks === undefined ? new Set(config.agents.map((a) => a.id)) : undefined;
  const timing = { ticksPerDay: tpd, totalTicks: tpd * days, ...(knownBanks ? { knownBanks } : {}) };
  // A bad clock is the scenario's problem, so it is reported against the scenario file.
  const clock = specClock(spec, timing);
  if (typeof clock === 'string') throw new ValidationError([{ file: source.file, path: '', message: clock, code: 'payment_file' }]);
  // An absolute path stands as written; a relative one is read from the scenario's folder.
  const path = isAbsolute(spec.file) ? spec.file : join(source.baseDir, spec.file);
  const result =
    paymentFormat(spec) === 'iso20022'
      ? readIsoPaymentFile(path, path, spec.bic_map === undefined || isAbsolute(spec.bic_map) ? spec : { ...spec, bic_map: join(source.baseDir, spec.bic_map) }, timing)
      : readPaymentFile(path, path, spec, timing);
  if (!result.ok) throw new ValidationError(result.issues);
  return result.data;
}

function mapBanks(data: PaymentFileData, spec: PaymentFileSpec, agentIds: readonly string[]): { agentOfBank: Int32Array; added: string[] } {
  const index = new Map(agentIds.map((id, i) => [id, i]));
  const agentOfBank = new Int32Array(data.banks.length);
  const added: string[] = [];
  const unknown = new Set<number>();
  data.banks.forEach((id, code) => {
    let agent = index.get(id);
    if (agent === undefined && spec.add_unknown_banks !== undefined) {
      agent = agentIds.length + added.length;
      added.push(id);
    }
    if (agent === undefined) unknown.add(code);
    agentOfBank[code] = agent ?? -1;
  });
  if (unknown.size > 0) throw new ValidationError(unknownBankIssues(data, spec, unknown));
  return { agentOfBank, added };
}

/**
 * One issue per row and column naming a bank the scenario lacks, in file order. A file read here
 * has had them reported with its other bad rows already; this covers data read elsewhere.
 */
function unknownBankIssues(data: PaymentFileData, spec: PaymentFileSpec, unknown: ReadonlySet<number>): ValidationIssue[] {
  const found: Array<{ line: number; column: number; issue: ValidationIssue }> = [];
  const roles = [
    ['sender', data.senderBank],
    ['receiver', data.receiverBank],
  ] as const;
  for (let i = 0; i < data.count; i++) {
    roles.forEach(([role, codes], column) => {
      const code = codes[i]!;
      if (!unknown.has(code)) return;
      found.push({
        line: data.line[i]!,
        column,
        issue: {
          file: data.file,
          path: `row ${data.line[i]}, column ${spec.columns?.[role] ?? role}`,
          message: unknownBankMessage(data.banks[code]!),
          code: 'unknown_bank',
        },
      });
    });
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column).map((f) => f.issue);
}

function addedAgent(id: string, spec: PaymentFileSpec): AgentConfig {
  const creditLimit = spec.add_unknown_banks?.credit_limit ?? 0;
  return {
    id,
    opening_balance: spec.add_unknown_banks?.opening_balance ?? 0,
    credit_limit: creditLimit,
    posted_collateral: 0,
    collateral_capacity: COLLATERAL_CAPACITY_FACTOR * creditLimit,
    arrival_config: null,
  };
}
