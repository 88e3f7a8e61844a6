// Recent flows of each agent whose policy reads them (`recent_inflow`, `recent_outflow`,
// `counterparty_recent_inflow`; docs/policies.md, "Counterparty and flow fields"): the value it
// received — in all and from each counterparty — and sent in settlements at ticks ≥ the current
// tick − K, K its policy's `flow_window_ticks`. Only agents with a window keep a log, so a run
// whose policies read no flow field pays nothing but one null check per settlement.
//
// Each agent's log holds its settlements in tick order; entries that fall out of the window are
// taken off the sums when the agent is next read, so a read costs O(1) amortised.

import type { Transaction } from './transaction.js';

class AgentLog {
  readonly ticks: number[] = [];
  readonly others: number[] = [];
  /** Positive: received from `other`; negative: sent to it. */
  readonly amounts: number[] = [];
  head = 0;
  received = 0;
  sent = 0;
  readonly receivedFrom = new Map<number, number>();

  add(tick: number, other: number, amount: number): void {
    this.ticks.push(tick);
    this.others.push(other);
    this.amounts.push(amount);
    if (amount > 0) {
      this.received += amount;
      this.receivedFrom.set(other, (this.receivedFrom.get(other) ?? 0) + amount);
    } else {
      this.sent -= amount;
    }
  }

  /** Takes entries before tick `from` off the sums. */
  expire(from: number): void {
    const { ticks, others, amounts } = this;
    let head = this.head;
    while (head < ticks.length && ticks[head]! < from) {
      const amount = amounts[head]!;
      if (amount > 0) {
        this.received -= amount;
        const left = this.receivedFrom.get(others[head]!)! - amount;
        if (left === 0) this.receivedFrom.delete(others[head]!);
        else this.receivedFrom.set(others[head]!, left);
      } else {
        this.sent += amount;
      }
      head++;
    }
    // Drop the expired prefix once it is most of the log, so memory follows the window.
    if (head > 1024 && head * 2 > ticks.length) {
      ticks.splice(0, head);
      others.splice(0, head);
      amounts.splice(0, head);
      head = 0;
    }
    this.head = head;
  }
}

export class FlowWindow {
  /** K per agent; 0 = the agent keeps no log. */
  private readonly window: Int32Array;
  private readonly logs: (AgentLog | null)[];

  constructor(windows: readonly number[]) {
    this.window = Int32Array.from(windows);
    this.logs = windows.map((k) => (k > 0 ? new AgentLog() : null));
  }

  /** A settlement of `amount` from `sender` to `receiver` at `tick`. */
  record(sender: number, receiver: number, amount: number, tick: number): void {
    this.logs[receiver]?.add(tick, sender, amount);
    this.logs[sender]?.add(tick, receiver, -amount);
  }

  private read(agent: number, tick: number): AgentLog | null {
    const log = this.logs[agent]!;
    if (log !== null) log.expire(tick - this.window[agent]!);
    return log;
  }

  received(agent: number, tick: number): number {
    return this.read(agent, tick)?.received ?? 0;
  }

  sent(agent: number, tick: number): number {
    return this.read(agent, tick)?.sent ?? 0;
  }

  receivedFrom(agent: number, counterparty: number, tick: number): number {
    return this.read(agent, tick)?.receivedFrom.get(counterparty) ?? 0;
  }

  /**
   * After a checkpoint restore: the logs rebuilt from the settled payments still inside their
   * windows (a split order through its children, which are the settlements).
   */
  rebuild(tick: number, txs: readonly Transaction[]): void {
    let widest = 0;
    for (let agent = 0; agent < this.logs.length; agent++) {
      if (this.logs[agent] !== null) this.logs[agent] = new AgentLog();
      widest = Math.max(widest, this.window[agent]!);
    }
    const from = tick - widest;
    const settled = txs.filter((tx) => tx.status === 'settled' && tx.children === null && tx.settledTick >= from);
    settled.sort((a, b) => a.settledTick - b.settledTick || a.id - b.id);
    for (const tx of settled) this.record(tx.sender, tx.receiver, tx.amount, tx.settledTick);
  }
}

/** The run's flow window, or null when no policy reads a flow field. */
export function flowWindowFor(windows: readonly number[]): FlowWindow | null {
  return windows.some((k) => k > 0) ? new FlowWindow(windows) : null;
}
