// The per-tick frames of GET /simulations/{id}/stream (src/web/protocol.ts): the state after a
// tick from the engine's own read-outs (snapshot, liquidityUsed, queuedByPair), and what the tick
// settled, counted from its events as they pass. Frames are aggregated here, on the server, so a
// page watching 200 banks gets per-agent columns and per-pair sums, never the payments.

import type { EngineEvent } from '../engine/events.js';
import type { Simulation } from '../engine/simulation.js';
import type { LsmSet, TickFrame } from '../web/protocol.js';

/** Queued pairs sent per frame at most (the largest): enough to draw, bounded for big systems. */
export const MAX_QUEUED_PAIRS = 2000;

/** Counts of the tick, as the tick endpoint reports them. */
export interface TickCounts {
  readonly arrivals: number;
  readonly settled: number;
  readonly settled_value: number;
  readonly dropped: number;
}

const NO_COUNTS: TickCounts = { arrivals: 0, settled: 0, settled_value: 0, dropped: 0 };

interface PendingSet {
  readonly kind: LsmSet['kind'];
  readonly agents: readonly string[] | null;
  readonly paymentIds: readonly number[];
  readonly value: number;
}

/** What one tick settled: per pair, and the LSM's sets. Fed every event while someone watches. */
export class TickCollector {
  private readonly pairs = new Map<number, [number, number, number, number]>();
  /** Payments settled this tick → [sender, receiver]: the pairs of an LSM set's payments. */
  private readonly settledPair = new Map<number, readonly [number, number]>();
  private sets: PendingSet[] = [];

  constructor(private readonly simulation: Simulation) {}

  private index(id: string): number {
    return this.simulation.agent(id) ?? -1;
  }

  observe(event: EngineEvent): void {
    switch (event.type) {
      case 'settle': {
        const s = this.index(event.agent ?? '');
        const r = this.index(event.data.receiver);
        const key = s * this.simulation.state.numAgents + r;
        const pair = this.pairs.get(key);
        if (pair === undefined) this.pairs.set(key, [s, r, 1, event.data.amount]);
        else {
          pair[2] += 1;
          pair[3] += event.data.amount;
        }
        if (event.tx !== null) this.settledPair.set(event.tx, [s, r]);
        break;
      }
      case 'lsm_bilateral':
        this.sets.push({ kind: 'bilateral', agents: event.data.agents, paymentIds: event.data.payment_ids, value: event.data.gross });
        break;
      case 'lsm_cycle':
        this.sets.push({ kind: 'cycle', agents: event.data.agents, paymentIds: event.data.payment_ids, value: event.data.gross_value });
        break;
      case 'lsm_multilateral':
        this.sets.push({ kind: 'multilateral', agents: null, paymentIds: event.data.payment_ids, value: event.data.gross_value });
        break;
      default:
        break;
    }
  }

  /** The tick's settled pairs and LSM sets; the collector starts the next tick empty. */
  take(): { settledPairs: [number, number, number, number][]; lsm: LsmSet[] } {
    const lsm = this.sets.map((set) => this.resolve(set));
    const settledPairs = [...this.pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.pairs.clear();
    this.settledPair.clear();
    this.sets = [];
    return { settledPairs, lsm };
  }

  private resolve(set: PendingSet): LsmSet {
    const edges = new Map<string, [number, number]>();
    const members = new Set<number>();
    for (const id of set.paymentIds) {
      // The set's payments settle in the same tick (before or after its event): their pairs are known by now.
      const pair = this.settledPair.get(id);
      if (pair === undefined) continue;
      edges.set(`${pair[0]}>${pair[1]}`, [pair[0], pair[1]]);
      members.add(pair[0]);
      members.add(pair[1]);
    }
    const agents = set.agents === null ? [...members].sort((a, b) => a - b) : set.agents.map((a) => this.index(a));
    return { kind: set.kind, agents, edges: [...edges.values()], payments: set.paymentIds.length, value: set.value };
  }
}

/**
 * The frame of the simulation as it is now; `processed` the tick just done (null: none), `rate`
 * the settlement rate by value so far (kept by the caller from the events: building the run
 * summary every tick would cost time in proportion to all payments so far).
 */
export function buildFrame(
  simulation: Simulation,
  rate: number | null,
  processed: number | null,
  counts: TickCounts = NO_COUNTS,
  settled: { settledPairs: [number, number, number, number][]; lsm: LsmSet[] } = { settledPairs: [], lsm: [] },
): TickFrame {
  const snap = simulation.snapshot();
  const liquidity = simulation.liquidityUsed();
  const pairs = simulation.queuedByPair();
  const queued = pairs
    .map((p): [number, number, number, number] => [p.sender, p.receiver, p.q1_value, p.q2_value])
    .sort((a, b) => b[2] + b[3] - (a[2] + a[3]))
    .slice(0, MAX_QUEUED_PAIRS);
  return {
    tick: snap.tick,
    processed_tick: processed,
    done: simulation.done,
    balance: snap.agents.map((a) => a.balance),
    credit_limit: snap.agents.map((a) => a.credit_limit),
    posted_collateral: snap.agents.map((a) => a.posted_collateral),
    q1_size: snap.agents.map((a) => a.q1_size),
    q1_value: snap.agents.map((a) => a.q1_value),
    q2_size: snap.agents.map((a) => a.q2_size),
    q2_value: snap.agents.map((a) => a.q2_value),
    arrivals: counts.arrivals,
    settled: counts.settled,
    settled_value: counts.settled_value,
    dropped: counts.dropped,
    settlement_rate_value: rate,
    liquidity_used: liquidity.today,
    peak_liquidity_used: liquidity.peak,
    queued,
    queued_pairs: pairs.length,
    settled_pairs: settled.settledPairs,
    lsm: settled.lsm,
  };
}
