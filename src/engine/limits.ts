// Sender limits (net send limits): a payment from A to B may settle only if A's net debit
// position towards B — payments A→B minus B→A settled since the start of the day, this one
// included — stays within A's bilateral limit towards B, and A's net debit towards everyone stays
// within A's multilateral limit. Positions reset when a day opens. Checked at RTGS entry, in every
// Q2 pass, inside every LSM set and by the end-of-day backstop (docs/engine.md).
//
// Positions are integer cents in a dense agents × agents table, kept only when some agent has a
// limit; unlimited is +Infinity, so a check is two comparisons.

import type { AgentConfig } from './config.js';

export class SenderLimits {
  readonly n: number;
  /** bilateral[a × n + b]: A's limit towards B (Infinity = none). */
  readonly bilateral: Float64Array;
  /** multilateral[a]: A's limit towards all (Infinity = none). */
  readonly multilateral: Float64Array;
  /** pairNet[a × n + b] = settled A→B − settled B→A today (so pairNet[b × n + a] is its negative). */
  readonly pairNet: Float64Array;
  /** netDebit[a] = settled out − settled in today. */
  readonly netDebit: Float64Array;
  /** Agents with a limit of any kind (for the multilateral batch's pair bookkeeping). */
  readonly hasBilateral: boolean;

  private constructor(n: number) {
    this.n = n;
    this.bilateral = new Float64Array(n * n).fill(Infinity);
    this.multilateral = new Float64Array(n).fill(Infinity);
    this.pairNet = new Float64Array(n * n);
    this.netDebit = new Float64Array(n);
    this.hasBilateral = false;
  }

  /** Null when no agent has a limit (the common case: nothing is checked). */
  static fromConfig(agents: readonly AgentConfig[]): SenderLimits | null {
    if (!agents.some((a) => a.bilateral_limits !== undefined || a.multilateral_limit !== undefined)) return null;
    const n = agents.length;
    const limits = new SenderLimits(n);
    const index = new Map(agents.map((a, i) => [a.id, i]));
    let bilateral = false;
    agents.forEach((a, i) => {
      if (a.multilateral_limit !== undefined) limits.multilateral[i] = a.multilateral_limit;
      for (const [id, limit] of Object.entries(a.bilateral_limits ?? {})) {
        const j = index.get(id);
        if (j === undefined || j === i) throw new RangeError(`agent ${a.id}: bilateral_limits names ${JSON.stringify(id)}, not another agent`);
        limits.bilateral[i * n + j] = limit;
        bilateral = true;
      }
    });
    (limits as { hasBilateral: boolean }).hasBilateral = bilateral;
    return limits;
  }

  /** Whether A may send `amount` more to B now (A's positions after it stay within A's limits). */
  allows(a: number, b: number, amount: number): boolean {
    const at = a * this.n + b;
    return this.pairNet[at]! + amount <= this.bilateral[at]! && this.netDebit[a]! + amount <= this.multilateral[a]!;
  }

  /** Whether A's bilateral position towards B may grow by `pairAmount` and its multilateral one by `netAmount`. */
  allowsNet(a: number, b: number, pairAmount: number, netAmount: number): boolean {
    const at = a * this.n + b;
    return (
      (pairAmount <= 0 || this.pairNet[at]! + pairAmount <= this.bilateral[at]!) &&
      (netAmount <= 0 || this.netDebit[a]! + netAmount <= this.multilateral[a]!)
    );
  }

  /** Books a settled payment A→B. */
  record(a: number, b: number, amount: number): void {
    const n = this.n;
    this.pairNet[a * n + b]! += amount;
    this.pairNet[b * n + a]! -= amount;
    this.netDebit[a]! += amount;
    this.netDebit[b]! -= amount;
  }

  /** A new day: every position back to zero. */
  resetDay(): void {
    this.pairNet.fill(0);
    this.netDebit.fill(0);
  }

  /** Positions for a checkpoint: only the non-zero pair entries, as [index, value] pairs. */
  save(): { pair_net: number[]; net_debit: number[] } {
    const pairs: number[] = [];
    this.pairNet.forEach((v, i) => {
      if (v !== 0) pairs.push(i, v);
    });
    return { pair_net: pairs, net_debit: Array.from(this.netDebit) };
  }

  restore(saved: { pair_net: number[]; net_debit: number[] }): void {
    this.pairNet.fill(0);
    for (let k = 0; k < saved.pair_net.length; k += 2) this.pairNet[saved.pair_net[k]!] = saved.pair_net[k + 1]!;
    this.netDebit.set(saved.net_debit);
  }
}
