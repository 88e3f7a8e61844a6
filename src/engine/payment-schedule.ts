// The columns of payment orders given in advance (a scenario's payment file), as the engine's
// config holds them. Apart from scheduled-payments.ts, which enters them into Q1 and so depends
// on the simulation state: the config (below the state) needs only this shape.

export interface ScheduledPayments {
  /** Number of orders. */
  readonly count: number;
  /** Arrival tick of each order, non-decreasing; equal ticks keep the file's order. */
  readonly arrivalTick: Int32Array;
  /** Sender and receiver as codes into `agentOfBank`. */
  readonly senderBank: Int32Array;
  readonly receiverBank: Int32Array;
  /** Bank code → agent index of the configuration. */
  readonly agentOfBank: Int32Array;
  /** Amounts in integer cents (safe integers, ≥ 1). */
  readonly amount: Float64Array;
  /** Absolute deadline tick of each order (> its arrival tick). */
  readonly deadlineTick: Int32Array;
  readonly priority: Uint8Array;
  /** 1 = divisible. */
  readonly divisible: Uint8Array;
  /**
   * Content identity (hex SHA-256 of the orders and the bank mapping): the config hash uses it
   * instead of the columns, so equal files give equal run keys.
   */
  readonly sha256: string;
}
