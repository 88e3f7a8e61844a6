// The messages of GET /simulations/{id}/stream (Server-Sent Events), shared by the server that
// writes them (src/api/stream.ts) and the page that reads them. Types only: no code, no DOM, so
// both TypeScript programs compile it. Agents are referred to by their index in `agents` (the
// scenario's order) to keep a frame of 200 banks small; money is integer cents.

/** An LSM set that settled in the tick: the payments it settled and the pairs they ran between. */
export interface LsmSet {
  readonly kind: 'bilateral' | 'cycle' | 'multilateral';
  /** The agents in the set (a cycle's in cycle order). */
  readonly agents: readonly number[];
  /** Distinct sender → receiver pairs of the set's payments. */
  readonly edges: ReadonlyArray<readonly [number, number]>;
  readonly payments: number;
  readonly value: number;
}

/** The state after a tick (or at the start, `processed_tick` null) and what that tick did. */
export interface TickFrame {
  /** Ticks processed so far: the next tick to process, as `tick` of GET …/state. */
  readonly tick: number;
  /** The tick this frame reports on; null for the state a stream opens with. */
  readonly processed_tick: number | null;
  readonly done: boolean;
  /** Per agent, in `agents` order. */
  readonly balance: readonly number[];
  readonly credit_limit: readonly number[];
  readonly posted_collateral: readonly number[];
  readonly q1_size: readonly number[];
  readonly q1_value: readonly number[];
  readonly q2_size: readonly number[];
  readonly q2_value: readonly number[];
  /** This tick: payment orders that arrived, settlements (split children each), drops. */
  readonly arrivals: number;
  readonly settled: number;
  readonly settled_value: number;
  readonly dropped: number;
  /** So far: settled value ÷ arrived value of payment orders (null before any arrival). */
  readonly settlement_rate_value: number | null;
  /** Σ agents' liquidity used (max(0, opening − lowest balance)) of the open day (0 right after a day closes), and of the busiest day so far. */
  readonly liquidity_used: number;
  readonly peak_liquidity_used: number;
  /** [sender, receiver, Q1 value, Q2 value] for pairs with queued payments, largest first (at most `max_pairs`). */
  readonly queued: ReadonlyArray<readonly [number, number, number, number]>;
  /** How many pairs had queued payments (more than `queued` holds when over the cap). */
  readonly queued_pairs: number;
  /** [sender, receiver, payments, value] settled this tick, per pair. */
  readonly settled_pairs: ReadonlyArray<readonly [number, number, number, number]>;
  /** LSM sets that settled this tick, in the order the engine settled them. */
  readonly lsm: readonly LsmSet[];
}

/** The first message of a stream: the agents, the horizon, and the state now. */
export interface StreamHello {
  readonly simulation_id: string;
  readonly agents: readonly string[];
  readonly total_ticks: number;
  readonly ticks_per_day: number;
  readonly frame: TickFrame;
}
