// Checkpoints (engine.md §10): the whole state as plain JSON. Queue aggregates are not stored;
// they are rebuilt from the queues on restore, so a checkpoint cannot carry inconsistent sums.

import { AGENT_DAY_FIELDS, type DayCounter, DAY_COUNTERS, COST_KINDS, type CostKind, type AgentDayRecord } from './metrics.js';
import { InvariantError } from './assert.js';
import { checkpointProblems } from './checkpoint-check.js';
import { type FailuresCheckpoint, restoreFailures, saveFailures } from './failures.js';
import { type CentralBankCheckpoint, restoreCentralBank, saveCentralBank } from './central-bank-state.js';
import { checkInvariants } from './invariants.js';
import { Rng } from './rng.js';
import { bandSlot } from './settlement.js';
import type { SimState } from './state.js';
import { Transaction, type DropReason, type SettledBy, type TxOrigin, type TxStatus } from './transaction.js';
import { ENGINE_VERSION } from './version.js';

/**
 * Format 2: a transaction's slot 16 holds its delay cent-ticks (exact; format 1 held a delay cost
 * summed in doubles, which cannot be turned back into cent-ticks exactly, so it is refused).
 */
export const CHECKPOINT_FORMAT = 'paysim-checkpoint/2';

/** One transaction as a positional array (compact: a checkpoint may hold 10^5 of them). */
type TxRow = [
  id: number,
  sender: number,
  receiver: number,
  amount: number,
  remaining: number,
  arrivalTick: number,
  deadlineTick: number,
  priority: number,
  divisible: boolean,
  parentId: number,
  origin: TxOrigin,
  status: TxStatus,
  settledTick: number,
  settledBy: SettledBy | null,
  submittedTick: number,
  q2EntrySeq: number,
  /** Cent-ticks waited (Transaction.delayHeld), as a decimal string when beyond 2^53 − 1. */
  delayHeld: number | string,
  deadlinePenalty: number,
  eodPenalty: number,
  splitFriction: number,
  dropReason: DropReason | null,
  children: number[] | null,
  openChildren: number,
  childDropped: boolean,
  /** Absent in checkpoints written before the end-of-day backstop existed (then 0). */
  backstopCost?: number,
];

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly engine_version: string;
  /** SHA-256 of the canonical scenario config the run was started with (computed by src/config). */
  readonly config_hash: string;
  readonly tick: number;
  readonly rng_state: string;
  readonly arrivals_state: unknown;
  readonly balances: number[];
  readonly credit_limits: number[];
  readonly posted_collateral: number[];
  readonly transactions: TxRow[];
  readonly q1: number[][];
  readonly q2: number[];
  readonly q2_entry_counter: number;
  readonly costs: Record<CostKind, number[]>;
  readonly day: Record<DayCounter, number[]>;
  readonly opening_balances: number[];
  readonly agent_days: AgentDayRecord[];
  readonly external_total: number;
  readonly outage_until: number[];
  readonly rtgs_outage_until: number;
  readonly lsm_off_until: number;
  readonly event_seq: number;
  // State of the settlement designs (engine.md §9b); absent in checkpoints written before them,
  // and then at its initial value (which is what those runs had).
  /** The priority stream (xorshift state). */
  readonly priority_rng_state?: string;
  /** Liquidity each agent brought from its pool today. */
  readonly liquidity_brought?: number[];
  /** Today's sender-limit positions, when some agent has a limit. */
  readonly limit_positions?: { pair_net: number[]; net_debit: number[] };
  /** Participant failures (engine/failures.ts), once one has fired. */
  readonly failures?: FailuresCheckpoint;
  /** The central bank's facility and loans (engine/central-bank-state.ts), when it exists. */
  readonly central_bank?: CentralBankCheckpoint;
}

export function saveCheckpoint(state: SimState, configHash: string): Checkpoint {
  if (state.pending.length > 0) throw new Error('a checkpoint can only be taken between ticks');
  return {
    format: CHECKPOINT_FORMAT,
    engine_version: ENGINE_VERSION,
    config_hash: configHash,
    tick: state.tick,
    rng_state: state.rng.saveState(),
    arrivals_state: state.arrivals.saveState(),
    balances: Array.from(state.balances),
    credit_limits: Array.from(state.creditLimits),
    posted_collateral: Array.from(state.posted),
    transactions: state.txs.map(txRow),
    q1: state.q1.map((q) => q.slice()),
    q2: state.q2.filter((id) => state.txs[id]!.status === 'queued_q2'),
    q2_entry_counter: state.q2EntryCounter,
    costs: Object.fromEntries(COST_KINDS.map((k) => [k, Array.from(state.costs[k])])) as Record<CostKind, number[]>,
    day: Object.fromEntries(DAY_COUNTERS.map((k) => [k, Array.from(state.day[k])])) as Record<DayCounter, number[]>,
    opening_balances: Array.from(state.openingBalances),
    agent_days: state.agentDays.slice(),
    external_total: state.externalTotal,
    outage_until: Array.from(state.outageUntil),
    rtgs_outage_until: state.rtgsOutageUntil,
    lsm_off_until: state.lsmOffUntil,
    event_seq: state.eventSeq,
    priority_rng_state: state.priorityRng.saveState(),
    liquidity_brought: Array.from(state.liquidityBrought),
    ...(state.limits === null ? {} : { limit_positions: state.limits.save() }),
    ...(state.failures === null ? {} : { failures: saveFailures(state.failures) }),
    ...(state.cb === null ? {} : { central_bank: saveCentralBank(state.cb) }),
  };
}

function delayHeldValue(tx: Transaction): number | string {
  return tx.delayHeldCarry === null ? tx.delayHeld : (tx.delayHeldCarry + BigInt(tx.delayHeld)).toString();
}

function txRow(tx: Transaction): TxRow {
  return [
    tx.id, tx.sender, tx.receiver, tx.amount, tx.remaining, tx.arrivalTick, tx.deadlineTick, tx.priority,
    tx.divisible, tx.parentId, tx.origin, tx.status, tx.settledTick, tx.settledBy, tx.submittedTick,
    tx.q2EntrySeq, delayHeldValue(tx), tx.deadlinePenalty, tx.eodPenalty, tx.splitFriction, tx.dropReason,
    tx.children === null ? null : tx.children.slice(), tx.openChildren, tx.childDropped, tx.backstopCost,
  ];
}

export class CheckpointMismatchError extends Error {}

/** Loads a checkpoint into a freshly constructed state for the same config. */
export function restoreCheckpoint(state: SimState, checkpoint: Checkpoint, configHash: string): void {
  if (typeof checkpoint !== 'object' || checkpoint === null || checkpoint.format !== CHECKPOINT_FORMAT) {
    const format = String((checkpoint as Partial<Checkpoint> | null)?.format);
    throw new CheckpointMismatchError(
      format.startsWith('paysim-checkpoint/')
        ? `checkpoint format ${format} was written by an older paysim; this one reads ${CHECKPOINT_FORMAT} (run again from the start)`
        : `not a paysim checkpoint (format ${format})`,
    );
  }
  if (checkpoint.engine_version !== ENGINE_VERSION) {
    throw new CheckpointMismatchError(
      `checkpoint was written by engine ${checkpoint.engine_version}, this is ${ENGINE_VERSION}`,
    );
  }
  if (typeof checkpoint.config_hash !== 'string' || checkpoint.config_hash !== configHash) {
    throw new CheckpointMismatchError(
      `checkpoint belongs to a different scenario configuration (config hash ${String(checkpoint.config_hash).slice(0, 12)}…, ` +
        `this scenario has ${configHash.slice(0, 12)}…)`,
    );
  }
  if (!Array.isArray(checkpoint.balances) || checkpoint.balances.length !== state.numAgents) {
    const agents = Array.isArray(checkpoint.balances) ? checkpoint.balances.length : 'no';
    throw new CheckpointMismatchError(`checkpoint has ${agents} agents, scenario has ${state.numAgents}`);
  }
  // Everything else, before any of it is used: a checkpoint is input from outside.
  const problems = checkpointProblems(checkpoint, state);
  if (problems.length > 0) throw new CheckpointMismatchError(`not a valid checkpoint: ${problems.join('; ')}`);
  state.tick = checkpoint.tick;
  state.rng = Rng.fromState(checkpoint.rng_state);
  state.arrivals.restoreState(checkpoint.arrivals_state);
  state.balances.set(checkpoint.balances);
  state.creditLimits.set(checkpoint.credit_limits);
  state.posted.set(checkpoint.posted_collateral);
  state.txs.length = 0;
  for (const row of checkpoint.transactions) state.txs.push(txFromRow(row));
  for (let agent = 0; agent < state.numAgents; agent++) {
    const queue = checkpoint.q1[agent]!.slice();
    state.q1[agent] = queue;
    state.q1Values[agent] = queue.reduce((s, id) => s + state.txs[id]!.remaining, 0);
  }
  state.q2 = checkpoint.q2.slice();
  state.q2EntryCounter = checkpoint.q2_entry_counter;
  state.q2CountsOut.fill(0);
  state.q2ValuesOut.fill(0);
  state.q2ValuesIn.fill(0);
  state.q2Total = 0;
  state.q2Live = 0;
  state.q2BandCounts.fill(0);
  for (const id of state.q2) {
    const tx = state.txs[id]!;
    if (state.designs.fifo) state.q2BandCounts[bandSlot(state, tx)]! += 1;
    state.q2CountsOut[tx.sender]! += 1;
    state.q2ValuesOut[tx.sender]! += tx.remaining;
    state.q2ValuesIn[tx.receiver]! += tx.remaining;
    state.q2Total += tx.remaining;
    state.q2Live += 1;
  }
  state.q2Version++;
  // A checkpoint written before a cost kind or day counter existed holds none of it: zero.
  const costs: Partial<Record<CostKind, number[]>> = checkpoint.costs;
  const day: Partial<Record<DayCounter, number[]>> = checkpoint.day;
  for (const k of COST_KINDS) state.costs[k].set(costs[k] ?? new Array<number>(state.numAgents).fill(0));
  for (const k of DAY_COUNTERS) state.day[k].set(day[k] ?? new Array<number>(state.numAgents).fill(0));
  state.openingBalances.set(checkpoint.opening_balances);
  state.agentDays.length = 0;
  // Rows written before the central bank's fields existed have none: zero (checkpoint-check.ts).
  for (const row of checkpoint.agent_days) {
    const missing = AGENT_DAY_FIELDS.filter((field) => row[field] === undefined);
    state.agentDays.push(missing.length === 0 ? row : ({ ...row, ...Object.fromEntries(missing.map((f) => [f, 0])) } as AgentDayRecord));
  }
  state.externalTotal = checkpoint.external_total;
  state.outageUntil.set(checkpoint.outage_until);
  state.rtgsOutageUntil = checkpoint.rtgs_outage_until;
  state.lsmOffUntil = checkpoint.lsm_off_until;
  state.eventSeq = checkpoint.event_seq;
  if (checkpoint.priority_rng_state !== undefined) state.priorityRng = Rng.fromState(checkpoint.priority_rng_state);
  if (checkpoint.liquidity_brought !== undefined) state.liquidityBrought.set(checkpoint.liquidity_brought);
  if (state.limits !== null && checkpoint.limit_positions !== undefined) state.limits.restore(checkpoint.limit_positions);
  if (checkpoint.failures !== undefined) state.failures = restoreFailures(state.numAgents, checkpoint.failures);
  if (checkpoint.central_bank !== undefined) state.cb = restoreCentralBank(state.config, checkpoint.central_bank);
  if (state.flows !== null) state.flows.rebuild(state.tick, state.txs);
  // Field by field it was valid; as a whole it must be a state the engine could have reached.
  try {
    checkInvariants(state);
  } catch (error) {
    if (error instanceof InvariantError) throw new CheckpointMismatchError(`inconsistent checkpoint: ${error.message}`);
    throw error;
  }
}

function txFromRow(row: TxRow): Transaction {
  const [id, sender, receiver, amount, remaining, arrivalTick, deadlineTick, priority, divisible, parentId, origin] = row;
  const tx = new Transaction(id, sender, receiver, amount, remaining, arrivalTick, deadlineTick, priority, divisible, parentId, origin);
  tx.status = row[11];
  tx.settledTick = row[12];
  tx.settledBy = row[13];
  tx.submittedTick = row[14];
  tx.q2EntrySeq = row[15];
  const held = row[16];
  if (typeof held === 'number') tx.delayHeld = held;
  else {
    // Beyond 2^53 − 1: the carry takes all but a safe remainder.
    const total = BigInt(held);
    tx.delayHeldCarry = total - BigInt(Number.MAX_SAFE_INTEGER);
    tx.delayHeld = Number.MAX_SAFE_INTEGER;
  }
  tx.deadlinePenalty = row[17];
  tx.eodPenalty = row[18];
  tx.splitFriction = row[19];
  tx.dropReason = row[20];
  tx.children = row[21] === null ? null : row[21].slice();
  tx.openChildren = row[22];
  tx.childDropped = row[23];
  tx.backstopCost = row[24] ?? 0;
  return tx;
}
