// Rebuilding a run's arrival stream from its stored transactions (runner.md §5): the payment
// orders as they entered, whatever created them (generated arrivals, scenario payment events,
// payments submitted through the API), so the engine can replay them exactly.

import type { ReplayOrder } from '../engine/simulation.js';
import { TX_ORIGINS } from '../engine/vocabulary.js';

/** The columns of a stored `transactions` row that a replay needs. */
export interface TransactionOrderRow {
  readonly tx_id: number;
  /** Non-null for a split child: children are made by the policy, not replayed. */
  readonly parent_id: number | null;
  readonly sender: string;
  readonly receiver: string;
  readonly amount: number;
  readonly priority: number;
  readonly divisible: boolean;
  readonly origin: string;
  readonly arrival_tick: number;
  readonly deadline_tick: number;
}

export class ReplayOrderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayOrderError';
  }
}

/** Every origin but `split`: children are not orders (the replayed policy splits again). */
const ORIGINS: ReadonlySet<string> = new Set<string>(TX_ORIGINS.filter((o) => o !== 'split'));

function isOrigin(origin: string): origin is ReplayOrder['origin'] {
  return ORIGINS.has(origin);
}

/**
 * The payment orders of a run, in the order the engine created them (ascending tx_id, which is
 * also arrival order), with agent ids mapped to indices of `agentIds` (the scenario's order).
 * Split children are skipped: the replayed policies decide anew whether to split.
 */
export function replayOrders(rows: readonly TransactionOrderRow[], agentIds: readonly string[]): ReplayOrder[] {
  const index = new Map(agentIds.map((id, i) => [id, i]));
  const agent = (id: string, tx: number, role: string): number => {
    const i = index.get(id);
    if (i === undefined) throw new ReplayOrderError(`transaction ${tx}: ${role} '${id}' is not an agent of the scenario`);
    return i;
  };
  const parents = rows.filter((r) => r.parent_id === null).sort((a, b) => a.tx_id - b.tx_id);
  const orders: ReplayOrder[] = [];
  let lastTick = -Infinity;
  for (const r of parents) {
    if (!isOrigin(r.origin)) throw new ReplayOrderError(`transaction ${r.tx_id}: unknown origin '${r.origin}'`);
    // Ids are handed out in creation order, so arrival ticks never decrease along them; if they
    // do, the rows are not one run's complete stream.
    if (r.arrival_tick < lastTick) {
      throw new ReplayOrderError(`transaction ${r.tx_id}: arrival tick ${r.arrival_tick} is before an earlier transaction's (${lastTick})`);
    }
    lastTick = r.arrival_tick;
    orders.push({
      arrivalTick: r.arrival_tick,
      sender: agent(r.sender, r.tx_id, 'sender'),
      receiver: agent(r.receiver, r.tx_id, 'receiver'),
      amount: r.amount,
      deadlineTick: r.deadline_tick,
      priority: r.priority,
      divisible: r.divisible,
      origin: r.origin,
    });
  }
  return orders;
}
