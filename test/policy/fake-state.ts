// A plain in-memory simulation state for policy tests, and the PolicyStateView the engine would
// give over it. Q2 entries are stored as plain records; every view method is a direct scan.

import { DEFAULT_COST_RATES, type CostRates } from '../../src/engine/config.js';
import {
  newPaymentDecision,
  type PaymentDecision,
  type PaymentView,
  type PolicyStateView,
} from '../../src/policy/decision.js';

export interface FakeAgent {
  readonly id: string;
  balance: number;
  creditLimit: number;
  posted: number;
  /** Defaults to 10 × credit limit, as engine.md §1. */
  capacity?: number;
  q1: PaymentView[];
}

export interface FakeQ2Payment {
  readonly sender: number;
  readonly receiver: number;
  readonly remaining: number;
  readonly deadline: number;
}

export interface FakeState {
  tick: number;
  ticksPerDay: number;
  agents: FakeAgent[];
  q2: FakeQ2Payment[];
  costRates?: CostRates;
  /** Agents whose failure is announced. */
  failed?: number[];
  /** Flow windows: received[agent][counterparty] and sent[agent]. */
  flows?: { received: number[][]; sent: number[] };
}

export function payment(
  amount: number,
  deadlineTick: number,
  extra: Partial<PaymentView> = {},
): PaymentView {
  return {
    receiver: 1,
    amount,
    remaining: amount,
    arrivalTick: 0,
    deadlineTick,
    priority: 5,
    divisible: false,
    parentId: -1,
    ...extra,
  };
}

export function agent(id: string, balance: number, creditLimit = 0, extra: Partial<FakeAgent> = {}): FakeAgent {
  return { id, balance, creditLimit, posted: 0, q1: [], ...extra };
}

export function capacityOf(a: FakeAgent): number {
  return a.capacity ?? 10 * a.creditLimit;
}

export function viewOf(s: FakeState): PolicyStateView {
  const sum = (xs: readonly number[]): number => xs.reduce((t, x) => t + x, 0);
  const sentBy = (i: number): FakeQ2Payment[] => s.q2.filter((p) => p.sender === i);
  return {
    tick: s.tick,
    ticksPerDay: s.ticksPerDay,
    numAgents: s.agents.length,
    costRates: s.costRates ?? DEFAULT_COST_RATES,
    agentId: (i) => s.agents[i]!.id,
    balance: (i) => s.agents[i]!.balance,
    creditLimit: (i) => s.agents[i]!.creditLimit,
    postedCollateral: (i) => s.agents[i]!.posted,
    collateralCapacity: (i) => capacityOf(s.agents[i]!),
    q1Count: (i) => s.agents[i]!.q1.length,
    q1Value: (i) => sum(s.agents[i]!.q1.map((p) => p.remaining)),
    q2CountFor: (i) => sentBy(i).length,
    q2ValueFor: (i) => sum(sentBy(i).map((p) => p.remaining)),
    q2NearestDeadline: (i) => sentBy(i).reduce((m, p) => Math.min(m, p.deadline), 2 ** 64),
    incomingQ2Value: (i) => sum(s.q2.filter((p) => p.receiver === i).map((p) => p.remaining)),
    q2Size: () => s.q2.length,
    q2Value: () => sum(s.q2.map((p) => p.remaining)),
    failureAnnounced: (i) => s.failed?.includes(i) ?? false,
    announcedFailures: () => s.failed?.length ?? 0,
    queuedFrom: (i, from) => sum(s.q2.filter((p) => p.sender === from && p.receiver === i).map((p) => p.remaining)),
    receivedFrom: (i, from) => s.flows?.received[i]?.[from] ?? 0,
    receivedRecently: (i) => sum(s.flows?.received[i] ?? []),
    sentRecently: (i) => s.flows?.sent[i] ?? 0,
  };
}

/** The Q1 of agent `i` as the engine passes it: ids into a transaction table. */
export function q1Of(s: FakeState, i: number): { q1: number[]; txs: PaymentView[] } {
  const txs = s.agents[i]!.q1;
  return { q1: txs.map((_, k) => k), txs };
}

export function decisionsFor(n: number): PaymentDecision[] {
  return Array.from({ length: n }, newPaymentDecision);
}

/** The standard state of policy-dsl.md §11 ("Std"). */
export function stdState(): FakeState {
  return {
    tick: 10,
    ticksPerDay: 100,
    agents: [
      agent('A', 500_000, 200_000, { capacity: 2_000_000, q1: [payment(100_000, 50, { arrivalTick: 0 })] }),
      agent('B', 0, 0),
    ],
    q2: [],
  };
}
