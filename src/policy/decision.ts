// The contract between the engine and a compiled policy. The engine imports only this module of
// src/policy (spec README: "engine imports nothing of ours except policy's compiled-decision
// interface"); the policy side implements CompiledPolicy, the engine implements PolicyStateView.


/** The fields of a payment a policy may read (policy-dsl.md §4, payment fields). */
export interface PaymentView {
  /** The receiving agent's index (counterparty fields read it). */
  readonly receiver: number;
  readonly amount: number;
  readonly remaining: number;
  readonly arrivalTick: number;
  readonly deadlineTick: number;
  readonly priority: number;
  readonly divisible: boolean;
  /** -1 when the payment has no parent. */
  readonly parentId: number;
}

/** 2^64 as a double: queue2_nearest_deadline of an agent with nothing in Q2 (policy-dsl.md §4). */
export const NO_DEADLINE = 2 ** 64;

/**
 * The cost rates a policy can read (policy-dsl.md §4, the `cost_*` fields). Defined here, in the
 * contract, so that the contract depends on nothing; the engine's rates extend it.
 */
export interface PolicyCostRates {
  readonly overdraft_bps_per_tick: number;
  readonly collateral_bps_per_tick: number;
  readonly delay_cost_per_tick_per_cent: number;
  readonly deadline_penalty: number;
  readonly eod_penalty_per_transaction: number;
  readonly split_friction_cost: number;
}

/**
 * Read-only access to the simulation state at an evaluation point (policy-dsl.md §6).
 * Agents are indices in configuration order. All values are plain numbers (cents, ticks, counts).
 */
export interface PolicyStateView {
  readonly tick: number;
  readonly ticksPerDay: number;
  readonly numAgents: number;
  readonly costRates: PolicyCostRates;
  /** The agent's configured id (for error messages and events). */
  agentId(agent: number): string;
  balance(agent: number): number;
  creditLimit(agent: number): number;
  postedCollateral(agent: number): number;
  collateralCapacity(agent: number): number;
  /** Number of payments in the agent's Q1. */
  q1Count(agent: number): number;
  /** Σ remaining over the agent's Q1. */
  q1Value(agent: number): number;
  /** Number of Q2 payments the agent sent. */
  q2CountFor(agent: number): number;
  /** Σ remaining of Q2 payments the agent sent. */
  q2ValueFor(agent: number): number;
  /** Minimum deadline_tick of the agent's Q2 payments; NO_DEADLINE when it has none. */
  q2NearestDeadline(agent: number): number;
  /** Σ remaining of Q2 payments whose receiver is the agent. */
  incomingQ2Value(agent: number): number;
  q2Size(): number;
  q2Value(): number;
  /** Whether the agent's failure has been announced and lasts (docs/engine.md, "Participant failures"). */
  failureAnnounced(agent: number): boolean;
  /** How many participants' failures are announced and lasting. */
  announcedFailures(): number;
  /** Σ remaining of Q2 payments from `counterparty` to `agent`. */
  queuedFrom(agent: number, counterparty: number): number;
  /**
   * Value `agent` received from `counterparty` over its flow window: settlements at ticks ≥ the
   * current tick − K, K its policy's `flow_window_ticks` (docs/policies.md). 0 for a policy that
   * reads no flow field.
   */
  receivedFrom(agent: number, counterparty: number): number;
  /** Value `agent` received from everyone, and sent, over its flow window. */
  receivedRecently(agent: number): number;
  sentRecently(agent: number): number;
}

/** Payment-tree action kinds as the engine sees them (ReleaseWithCredit → Release, PaceAndRelease → Split). */
export type PaymentActionKind = 'Release' | 'Hold' | 'Drop' | 'Split';

/** One payment decision. Policies may reuse the objects of the `out` array between calls. */
export interface PaymentDecision {
  action: PaymentActionKind;
  /** Converted num_splits (policy-dsl.md §5), only meaningful for Split; already checked to lie in 2..1000. */
  numSplits: number;
  /** Hold reason (null when absent or not a hold). */
  reason: string | null;
  /** The action node reached. */
  nodeId: string;
  /** Decision path `N1(true) → N2(false) → A3`, only when tracing was requested, else null. */
  path: string | null;
}

export type CollateralLayer = 'strategic' | 'end_of_tick';
export type CollateralActionKind = 'PostCollateral' | 'WithdrawCollateral' | 'HoldCollateral';

export interface CollateralDecision {
  action: CollateralActionKind;
  /** Converted amount (policy-dsl.md §5); ≤ 0 means the engine does nothing. */
  amount: number;
  reason: string | null;
  nodeId: string;
  path: string | null;
}

/** A policy ready to run: validated, parameters bound, compiled once. */
export interface CompiledPolicy {
  /** policy_id of the effective document, or the built-in's name. */
  readonly name: string;
  /** SHA-256 (hex) of the effective document in RFC 8785 canonical JSON. */
  readonly hash: string;
  readonly hasPaymentTree: boolean;
  readonly hasStrategicCollateralTree: boolean;
  readonly hasEndOfTickCollateralTree: boolean;
  /** The `initial_liquidity_fraction` parameter when the document sets one (engine.md §9b), else null. */
  readonly initialLiquidityFraction: number | null;
  /**
   * The flow window K in ticks when the policy reads a flow field (recent_inflow, …), else null
   * or absent: the engine then keeps no flow log for the agent.
   */
  readonly flowWindowTicks?: number | null;
  /**
   * Decide every payment of `q1` (ids into `txs`) against the agent's state as it is now; agent
   * fields are read once per call. Writes decision i into out[i] (the caller sizes `out`).
   * Without a payment tree every payment is released.
   * Throws PolicyRunError for the data-dependent errors of policy-dsl.md §7.2.
   */
  decidePayments(
    view: PolicyStateView,
    agent: number,
    q1: readonly number[],
    txs: readonly PaymentView[],
    out: PaymentDecision[],
    trace: boolean,
  ): void;
  /** Decide the collateral layer; null when the policy has no tree for it. */
  decideCollateral(
    layer: CollateralLayer,
    view: PolicyStateView,
    agent: number,
    trace: boolean,
  ): CollateralDecision | null;
}

export type PolicyRunErrorCode = 'division_by_zero' | 'invalid_num_splits';

/** A data-dependent policy failure: stops the run (policy-dsl.md §7.2). */
export class PolicyRunError extends Error {
  readonly code: PolicyRunErrorCode;
  readonly agent: string;
  readonly tick: number;
  readonly tree: string;
  readonly nodeId: string | null;
  constructor(
    code: PolicyRunErrorCode,
    details: { agent: string; tick: number; tree: string; nodeId: string | null; message: string },
  ) {
    super(details.message);
    this.name = 'PolicyRunError';
    this.code = code;
    this.agent = details.agent;
    this.tick = details.tick;
    this.tree = details.tree;
    this.nodeId = details.nodeId;
  }
}

export function newPaymentDecision(): PaymentDecision {
  return { action: 'Release', numSplits: 0, reason: null, nodeId: '', path: null };
}
