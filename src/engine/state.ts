// The whole mutable state of a run, as plain arrays indexed by agent (configuration order) and by
// transaction id. Modules of the engine (settlement, lsm, costs, …) operate on it; it also serves
// the policies' read-only view (PolicyStateView).

import { type CompiledPolicy, NO_DEADLINE, type PolicyStateView } from '../policy/decision.js';
import { ArrivalGenerator } from './arrivals.js';
import type { EngineConfig } from './config.js';
import type { EngineEvent, EventData, EventOf, EventSink, EventType } from './events.js';
import {
  type AgentDayRecord,
  type CostKind,
  type CostTotals,
  DAY_COST,
  type DayMetrics,
  newCostTotals,
  newDayMetrics,
} from './metrics.js';
import { brokenPrimitive, MoneyRangeError, outsideMoney } from './assert.js';
import { agentsInIdOrder } from './order.js';
import { type ExactRate, exactRate } from './rate.js';
import { BAND_COUNT, Designs } from './designs.js';
import type { Failures } from './failures.js';
import { CentralBank, centralBankConfigured } from './central-bank-state.js';
import { type FlowWindow, flowWindowFor } from './flow-window.js';
import type { SenderLimits } from './limits.js';
import { Rng } from './rng.js';
import type { Transaction } from './transaction.js';

export interface ExactCostRates {
  readonly overdraftPerTick: ExactRate;
  readonly collateralPerTick: ExactRate;
  readonly delayPerTick: ExactRate;
}

export class SimState implements PolicyStateView {
  readonly config: EngineConfig;
  readonly policies: readonly CompiledPolicy[];
  readonly ids: readonly string[];
  /** Agent indices in ascending id order: the order of every per-agent step. */
  readonly idOrder: readonly number[];
  readonly numAgents: number;
  readonly ticksPerDay: number;
  readonly totalTicks: number;
  readonly rates: ExactCostRates;

  /** The tick being processed (or next to process, between ticks). */
  tick = 0;
  rng: Rng;
  /**
   * The second random stream: priorities drawn from a distribution, and nothing else, so that
   * configuring one never moves the arrival stream (same amounts, receivers and deadlines).
   */
  priorityRng: Rng;
  readonly arrivals: ArrivalGenerator;
  /** Settlement designs and liquidity-game switches, resolved (all off by default). */
  readonly designs: Designs;
  /** Sender limits and today's positions; null when no agent has a limit. */
  readonly limits: SenderLimits | null;
  /**
   * deferred_crediting: credits of this tick, paid in at the end of the tick (all zero between
   * ticks). `deferring` is false while an LSM set settles (its net credit is deferred as a whole).
   */
  readonly deferredCredits: Float64Array;
  deferring: boolean;
  /** Liquidity each agent brought from its pool today (returned at the end of the day). */
  readonly liquidityBrought: Float64Array;
  /** With `rtgs.queue: fifo`: live Q2 payments per sender and priority band (agent × BAND_COUNT + band). */
  readonly q2BandCounts: Int32Array;

  readonly balances: Float64Array;
  readonly creditLimits: Float64Array;
  readonly posted: Float64Array;
  readonly capacities: Float64Array;

  /** Every transaction ever created, indexed by id. */
  readonly txs: Transaction[] = [];
  /** Each agent's own queue (Queue 1), in order. */
  readonly q1: number[][];
  /** Payments released this tick, waiting for RTGS entry (step 6). */
  pending: number[] = [];
  /** The central queue (Queue 2), FIFO. Entries whose status is no longer queued_q2 are removed by compaction. */
  q2: number[] = [];
  q2EntryCounter = 0;

  // Aggregates kept up to date incrementally, so that policies and metrics read them in O(1).
  readonly q1Values: Float64Array;
  readonly q2CountsOut: Int32Array;
  readonly q2ValuesOut: Float64Array;
  readonly q2ValuesIn: Float64Array;
  q2Total = 0;
  q2Live = 0;
  /** Bumped on every change of Q2 content; caches keyed by it. */
  q2Version = 0;
  private nearestDeadlineVersion = -1;
  private readonly nearestDeadlines: Float64Array;

  readonly costs: CostTotals;
  day: DayMetrics;
  readonly openingBalances: Float64Array;
  readonly agentDays: AgentDayRecord[] = [];
  /** Net money booked into the system by scenario events (Σ balances = opening Σ + this). */
  externalTotal = 0;
  readonly openingTotal: number;

  // Scenario event state: an effect lasts while tick < its "until".
  readonly outageUntil: Int32Array;
  rtgsOutageUntil = 0;
  lsmOffUntil = 0;
  /** Participant failures (engine/failures.ts); null until one fires. */
  failures: Failures | null = null;
  /** The central bank's facility and loans (engine/central-bank.ts); null when none is configured and none was made. */
  cb: CentralBank | null;
  /** Recent flows of agents whose policies read them (engine/flow-window.ts); null when none does. */
  readonly flows: FlowWindow | null;
  /** Q2 value per (receiver, sender) pair, rebuilt when Q2 changed since (queuedFrom). */
  private readonly pairQueue = new Map<number, number>();
  private pairQueueVersion = -1;

  eventSeq = 0;
  eventSink: EventSink | null = null;
  trace = false;

  constructor(config: EngineConfig, policies: readonly CompiledPolicy[]) {
    if (policies.length !== config.agents.length) {
      throw new Error(`expected one policy per agent (${config.agents.length}), got ${policies.length}`);
    }
    this.config = config;
    this.policies = policies;
    this.ids = config.agents.map((a) => a.id);
    this.idOrder = agentsInIdOrder(this.ids);
    const n = config.agents.length;
    this.numAgents = n;
    this.ticksPerDay = config.simulation.ticks_per_day;
    this.totalTicks = config.simulation.ticks_per_day * config.simulation.num_days;
    const rates = config.cost_rates;
    this.rates = {
      overdraftPerTick: exactRate(rates.overdraft_bps_per_tick, 10_000),
      collateralPerTick: exactRate(rates.collateral_bps_per_tick, 10_000),
      delayPerTick: exactRate(rates.delay_cost_per_tick_per_cent),
    };
    this.rng = new Rng(config.simulation.rng_seed);
    this.priorityRng = new Rng(prioritySeed(config.simulation.rng_seed));
    this.arrivals = new ArrivalGenerator(config.agents);
    this.designs = new Designs(config);
    this.limits = this.designs.limits;
    this.deferredCredits = new Float64Array(n);
    this.deferring = this.designs.deferredCrediting;
    this.liquidityBrought = new Float64Array(n);
    this.q2BandCounts = new Int32Array(this.designs.fifo ? n * BAND_COUNT : 0);
    this.balances = Float64Array.from(config.agents, (a) => a.opening_balance);
    this.creditLimits = Float64Array.from(config.agents, (a) => a.credit_limit);
    this.posted = Float64Array.from(config.agents, (a) => a.posted_collateral);
    this.capacities = Float64Array.from(config.agents, (a) => a.collateral_capacity);
    this.q1 = config.agents.map(() => []);
    this.q1Values = new Float64Array(n);
    this.q2CountsOut = new Int32Array(n);
    this.q2ValuesOut = new Float64Array(n);
    this.q2ValuesIn = new Float64Array(n);
    this.nearestDeadlines = new Float64Array(n);
    this.costs = newCostTotals(n);
    this.day = newDayMetrics(n);
    this.openingBalances = Float64Array.from(this.balances);
    this.day.min_balance.set(this.balances);
    this.day.max_balance.set(this.balances);
    this.openingTotal = this.balances.reduce((s, b) => s + b, 0);
    this.outageUntil = new Int32Array(n);
    this.flows = flowWindowFor(policies.map((p) => p.flowWindowTicks ?? 0));
    this.cb = centralBankConfigured(config) ? new CentralBank(config) : null;
  }

  get costRates() {
    return this.config.cost_rates;
  }

  /** available_liquidity = balance + credit_limit + posted_collateral (engine.md §4). */
  available(agent: number): number {
    return this.balances[agent]! + this.creditLimits[agent]! + this.posted[agent]!;
  }

  canPay(agent: number, amount: number): boolean {
    return amount <= this.balances[agent]! + this.creditLimits[agent]! + this.posted[agent]!;
  }

  /**
   * Stops the run when a sum of money has left the exact range (see engine/assert.ts). Called
   * where sums are formed; one comparison each, so the hot path stays as it was.
   */
  checkMoney(quantity: string, agent: number | null, value: number): void {
    if (outsideMoney(value)) throw new MoneyRangeError(quantity, agent === null ? null : this.ids[agent]!, this.tick, value);
  }

  /** Moves money and keeps the day's balance extremes. Callers check affordability. */
  transfer(from: number, to: number, amount: number): void {
    // A payment moves a positive amount between two different agents (amounts are ≥ 1 cent; the
    // range is checked on the balances below). `!(amount > 0)` also refuses NaN.
    if (!(amount > 0) || from === to) brokenPrimitive('integer money', this.tick, `a transfer of ${amount} from agent ${this.ids[from]} to ${this.ids[to]}`);
    const balances = this.balances;
    const fromBalance = balances[from]! - amount;
    if (outsideMoney(fromBalance)) this.checkMoney('balance', from, fromBalance);
    balances[from] = fromBalance;
    if (fromBalance < this.day.min_balance[from]!) this.day.min_balance[from] = fromBalance;
    if (this.deferring) {
      const held = (this.deferredCredits[to]! += amount);
      if (outsideMoney(held)) this.checkMoney('deferred credits', to, held);
    } else {
      const toBalance = balances[to]! + amount;
      if (outsideMoney(toBalance)) this.checkMoney('balance', to, toBalance);
      balances[to] = toBalance;
      if (toBalance > this.day.max_balance[to]!) this.day.max_balance[to] = toBalance;
    }
    if (this.limits !== null) this.limits.record(from, to, amount);
  }

  /** deferred_crediting: pays in the credits held back during the tick (after the LSM, before costs). */
  applyDeferredCredits(): void {
    const credits = this.deferredCredits;
    for (let agent = 0; agent < this.numAgents; agent++) {
      const credit = credits[agent]!;
      if (credit === 0) continue;
      credits[agent] = 0;
      const balance = this.balances[agent]! + credit;
      if (outsideMoney(balance)) this.checkMoney('balance', agent, balance);
      this.balances[agent] = balance;
      if (balance > this.day.max_balance[agent]!) this.day.max_balance[agent] = balance;
    }
  }

  /**
   * Money entering or leaving the system from outside (scenario events, liquidity pools, daily
   * reset), booked as such: during the day as `external_transfer`, as the day opens as
   * `opening_transfer`.
   */
  bookExternal(
    agent: number,
    amount: number,
    counter: 'external_transfer' | 'opening_transfer' = 'external_transfer',
    extremes = true,
  ): void {
    const balance = this.balances[agent]! + amount;
    this.checkMoney('balance', agent, balance);
    this.checkMoney('money booked from outside', null, this.externalTotal + amount);
    this.balances[agent] = balance;
    this.externalTotal += amount;
    this.day[counter][agent]! += amount;
    if (!extremes) return;
    if (balance < this.day.min_balance[agent]!) this.day.min_balance[agent] = balance;
    if (balance > this.day.max_balance[agent]!) this.day.max_balance[agent] = balance;
  }

  charge(agent: number, kind: CostKind, cents: number): void {
    if (cents === 0) return;
    const total = (this.costs[kind][agent]! += cents);
    // Also catches a cost that became non-finite (a rate of 1e300 per cent).
    if (outsideMoney(total)) this.checkMoney(`${kind} cost`, agent, total);
    this.day[DAY_COST[kind]][agent]! += cents;
  }

  get recordingEvents(): boolean {
    return this.eventSink !== null;
  }

  emit<T extends EventType>(type: T, agent: number | null, tx: number | null, data: EventData<T>): void {
    const sink = this.eventSink;
    if (sink === null) return;
    const event: EventOf<T> = {
      tick: this.tick,
      seq: this.eventSeq++,
      type,
      agent: agent === null ? null : this.ids[agent]!,
      tx,
      data,
    };
    // EventOf<T> for one T is a member of the union; TypeScript cannot see that for a generic T.
    sink(event as EngineEvent);
  }

  // ---- PolicyStateView -------------------------------------------------------------------
  agentId(agent: number): string {
    return this.ids[agent]!;
  }
  balance(agent: number): number {
    return this.balances[agent]!;
  }
  creditLimit(agent: number): number {
    return this.creditLimits[agent]!;
  }
  postedCollateral(agent: number): number {
    return this.posted[agent]!;
  }
  collateralCapacity(agent: number): number {
    return this.capacities[agent]!;
  }
  q1Count(agent: number): number {
    return this.q1[agent]!.length;
  }
  q1Value(agent: number): number {
    return this.q1Values[agent]!;
  }
  q2CountFor(agent: number): number {
    return this.q2CountsOut[agent]!;
  }
  q2ValueFor(agent: number): number {
    return this.q2ValuesOut[agent]!;
  }
  q2NearestDeadline(agent: number): number {
    if (this.nearestDeadlineVersion !== this.q2Version) {
      const nearest = this.nearestDeadlines;
      nearest.fill(NO_DEADLINE);
      for (const id of this.q2) {
        const tx = this.txs[id]!;
        if (tx.status !== 'queued_q2') continue;
        if (tx.deadlineTick < nearest[tx.sender]!) nearest[tx.sender] = tx.deadlineTick;
      }
      this.nearestDeadlineVersion = this.q2Version;
    }
    return this.nearestDeadlines[agent]!;
  }
  incomingQ2Value(agent: number): number {
    return this.q2ValuesIn[agent]!;
  }
  q2Size(): number {
    return this.q2Live;
  }
  q2Value(): number {
    return this.q2Total;
  }
  failureAnnounced(agent: number): boolean {
    return this.failures !== null && this.failures.isAnnounced(agent, this.tick);
  }
  announcedFailures(): number {
    const failures = this.failures;
    if (failures === null) return 0;
    let count = 0;
    for (let agent = 0; agent < this.numAgents; agent++) if (failures.isAnnounced(agent, this.tick)) count++;
    return count;
  }
  queuedFrom(agent: number, counterparty: number): number {
    if (this.pairQueueVersion !== this.q2Version) {
      // One scan of Q2 per change of its content; within a policy step Q2 does not change.
      const byPair = this.pairQueue;
      byPair.clear();
      for (const id of this.q2) {
        const tx = this.txs[id]!;
        if (tx.status !== 'queued_q2') continue;
        const key = tx.receiver * this.numAgents + tx.sender;
        byPair.set(key, (byPair.get(key) ?? 0) + tx.remaining);
      }
      this.pairQueueVersion = this.q2Version;
    }
    return this.pairQueue.get(agent * this.numAgents + counterparty) ?? 0;
  }
  receivedFrom(agent: number, counterparty: number): number {
    return this.flows === null ? 0 : this.flows.receivedFrom(agent, counterparty, this.tick);
  }
  receivedRecently(agent: number): number {
    return this.flows === null ? 0 : this.flows.received(agent, this.tick);
  }
  sentRecently(agent: number): number {
    return this.flows === null ? 0 : this.flows.sent(agent, this.tick);
  }
}

/**
 * Seed of the priority stream: the run's seed xor a fixed odd constant (the 64-bit golden ratio),
 * so the two streams never coincide and both follow from the one seed.
 */
export function prioritySeed(seed: string): bigint {
  return (BigInt(seed) ^ 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
}
