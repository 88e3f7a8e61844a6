// A run: the tick loop of engine.md §5 over a SimState, plus external submission, checkpoints
// and results. This is the engine's public face; everything it needs comes in as plain data and
// compiled policies, and nothing here does I/O.

import type { CompiledPolicy } from '../policy/decision.js';
import { type Checkpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { DEFAULT_DIVISIBLE, DEFAULT_PRIORITY, type EngineConfig, type ScenarioEvent } from './config.js';
import { applyEmergencyRule } from './central-bank.js';
import { chargeTickCosts } from './costs.js';
import { endOfDay, recordQ1Peaks, recordQ2Peaks } from './end-of-day.js';
import type { EventSink } from './events.js';
import { runLsm } from './lsm/index.js';
import { PolicyScratch, runCollateralLayer, runPaymentPolicies } from './policy-step.js';
import { allAgentDays, type RunResult, type RunSummary, summarize, type TransactionRecord, transactionRecord } from './results.js';
import { startOfDay } from './day-start.js';
import { applyScenarioEvents, EventSchedule } from './scenario-events.js';
import { rejectOnAnnouncement } from './failure-events.js';
import { injectScheduled } from './scheduled-payments.js';
import { type LiquidityUsed, liquidityUsed, type PairQueue, queuedByPair, type QueueTotals, queueTotals, snapshot, type StateSnapshot } from './snapshot.js';
import { rtgsEntry } from './rtgs-entry.js';
import { drop, enterQ1, q2RetryPass } from './settlement.js';
import { checkInvariants } from './invariants.js';
import { SimState } from './state.js';
import type { PaymentOrder, TxOrigin, TxStatus } from './transaction.js';

export interface SimulationOptions {
  /** Receives every event as it happens; null (default) builds no events at all. */
  readonly events?: EventSink | null;
  /** Record decision paths in policy events (only meaningful with `events`). */
  readonly trace?: boolean;
  /** Record balance and queue sizes per agent per tick. */
  readonly agentTicks?: boolean;
  /** SHA-256 of the canonical config; stored in checkpoints and checked on restore. */
  readonly configHash?: string;
  /**
   * Replay a recorded stream of payment orders instead of generating arrivals (shadow replay):
   * each order enters its sender's Q1 at the start of its arrival tick, in list order, and
   * neither the RNG nor `payment` scenario events create payments. Other scenario events apply.
   */
  readonly replay?: readonly ReplayOrder[];
  /** Check every engine invariant (engine/invariants.ts) after each tick: for tests and `--check-invariants`. */
  readonly checkInvariants?: boolean;
}

/** A payment order as it was recorded: enough to recreate it exactly (same ids, same order). */
export interface ReplayOrder extends PaymentOrder {
  readonly arrivalTick: number;
  /** Split children are not orders: the replayed policy splits (or not) again. */
  readonly origin: Exclude<TxOrigin, 'split'>;
}

export interface AgentTickRecord {
  readonly agent: string;
  readonly tick: number;
  readonly balance: number;
  readonly q1_size: number;
  readonly q2_size: number;
}

/** A payment submitted from outside (API): a payment order whose priority and divisibility default. */
export type ExternalPayment = Omit<PaymentOrder, 'origin' | 'priority' | 'divisible'> &
  Partial<Pick<PaymentOrder, 'priority' | 'divisible'>>;

export class Simulation {
  readonly state: SimState;
  readonly configHash: string;
  readonly agentTicks: AgentTickRecord[] | null;
  private readonly agentIndex: ReadonlyMap<string, number>;
  private readonly schedule: EventSchedule;
  private readonly scratch = new PolicyScratch();
  private readonly replay: readonly ReplayOrder[] | null;
  private replayNext = 0;
  /** Next order of the payment file to enter (engine.md §9: after the tick's scenario events). */
  private scheduledNext = 0;
  private readonly checkEachTick: boolean;

  constructor(config: EngineConfig, policies: readonly CompiledPolicy[], options: SimulationOptions = {}) {
    this.state = new SimState(config, policies);
    this.state.eventSink = options.events ?? null;
    this.state.trace = (options.trace ?? false) && this.state.eventSink !== null;
    this.configHash = options.configHash ?? '';
    this.agentTicks = options.agentTicks ? [] : null;
    this.checkEachTick = options.checkInvariants ?? false;
    this.agentIndex = new Map(config.agents.map((a, i) => [a.id, i]));
    this.schedule = new EventSchedule(config.scenario_events);
    this.replay = options.replay ?? null;
    if (this.replay !== null) {
      for (let i = 1; i < this.replay.length; i++) {
        if (this.replay[i]!.arrivalTick < this.replay[i - 1]!.arrivalTick) {
          throw new Error('replay orders must be sorted by arrival tick (then by original id)');
        }
      }
    }
  }

  static fromCheckpoint(
    config: EngineConfig,
    policies: readonly CompiledPolicy[],
    checkpoint: Checkpoint,
    options: SimulationOptions = {},
  ): Simulation {
    const simulation = new Simulation(config, policies, options);
    restoreCheckpoint(simulation.state, checkpoint, simulation.configHash);
    return simulation;
  }

  get tick(): number {
    return this.state.tick;
  }

  get done(): boolean {
    return this.state.tick >= this.state.totalTicks;
  }

  /** The configured horizon: ticks per day × days. */
  get totalTicks(): number {
    return this.state.totalTicks;
  }

  get ticksPerDay(): number {
    return this.state.ticksPerDay;
  }

  /** The index of an agent id, or undefined. */
  agent(id: string): number | undefined {
    return this.agentIndex.get(id);
  }

  /**
   * Processes one tick (engine.md §5 steps 1–12). A day opens at the start of its first tick
   * (§9b: daily reset, liquidity pools; nothing when those are off); with deferred crediting the
   * tick's credits are paid in after the LSM.
   */
  step(): void {
    const state = this.state;
    const tick = state.tick;
    const tickOfDay = tick % state.ticksPerDay;
    if (tickOfDay === 0) startOfDay(state);
    if (this.replay === null) {
      applyScenarioEvents(state, this.schedule, this.agentIndex, true);
      const scheduled = state.config.scheduled_payments;
      if (scheduled) this.scheduledNext = injectScheduled(state, scheduled, this.scheduledNext);
      state.arrivals.generate(state.rng, tick, this.onArrival, state.priorityRng);
    } else {
      this.injectReplayed(tick);
      applyScenarioEvents(state, this.schedule, this.agentIndex, false);
    }
    if (state.failures !== null) rejectOnAnnouncement(state);
    recordQ1Peaks(state);
    runCollateralLayer(state, 'strategic');
    expireQ1(state);
    runPaymentPolicies(state, this.scratch);
    const settlementOpen = tick >= state.rtgsOutageUntil;
    rtgsEntry(state, settlementOpen);
    recordQ2Peaks(state);
    q2RetryPass(state, settlementOpen);
    // The central bank's emergency rule lends after the pass (not while RTGS is down: nothing could
    // settle with the money); the queue then gets another pass with it.
    if (settlementOpen && state.cb !== null && state.cb.rule !== null && applyEmergencyRule(state)) q2RetryPass(state, settlementOpen);
    if (
      settlementOpen &&
      state.config.lsm_config.enabled &&
      tick >= state.lsmOffUntil &&
      state.q2Live > 0 &&
      state.designs.lsmDue(tickOfDay)
    ) {
      runLsm(state);
    }
    if (state.designs.deferredCrediting) state.applyDeferredCredits();
    runCollateralLayer(state, 'end_of_tick');
    chargeTickCosts(state);
    if (tickOfDay === state.ticksPerDay - 1) endOfDay(state);
    if (this.agentTicks !== null) this.recordAgentTicks();
    state.tick = tick + 1;
    if (this.checkEachTick) checkInvariants(state);
  }

  /** Runs `ticks` more ticks (default: to the end of the configured horizon). */
  run(ticks?: number): void {
    const end = ticks === undefined ? this.state.totalTicks : this.state.tick + ticks;
    while (this.state.tick < end) this.step();
  }

  /**
   * A payment from outside (API, replay): enters the sender's Q1 at the current tick, before the
   * policy step of the next processed tick. Returns its id.
   */
  submitPayment(payment: ExternalPayment): number {
    return enterQ1(this.state, {
      ...payment,
      priority: payment.priority ?? DEFAULT_PRIORITY,
      divisible: payment.divisible ?? DEFAULT_DIVISIBLE,
      origin: 'external',
    }).id;
  }

  /**
   * Schedules a scenario event (engine.md §9) on a running simulation: an outage or a liquidity
   * shock injected from outside (API). It fires like one of the scenario's own, after them within
   * its tick. It must fire at the next tick to be processed or later; a checkpoint does not carry
   * it (the config, and so the config hash, is the scenario's).
   */
  addScenarioEvent(event: ScenarioEvent): void {
    const first = 'at_tick' in event ? event.at_tick : event.every.start;
    if (first < this.state.tick) throw new Error(`a scenario event must fire at tick ${this.state.tick} or later (it fires first at ${first})`);
    this.schedule.add(event, this.state.tick);
  }

  checkpoint(): Checkpoint {
    return saveCheckpoint(this.state, this.configHash);
  }

  /** The run summary so far, without building a record per transaction. */
  summary(): RunSummary {
    return summarize(this.state, allAgentDays(this.state));
  }

  /** Balances, credit, collateral, queues and costs per agent, now. */
  snapshot(): StateSnapshot {
    return snapshot(this.state);
  }

  /** Σ agents' liquidity used today and on the busiest day so far, without building the summary. */
  liquidityUsed(): LiquidityUsed {
    return liquidityUsed(this.state);
  }

  /** Queued value between each pair of agents (configuration indices), both queues, now. */
  queuedByPair(): PairQueue[] {
    return queuedByPair(this.state);
  }

  /** Queue sizes over all agents, now. */
  queueTotals(): QueueTotals {
    return queueTotals(this.state);
  }

  /** One payment (order, split child or parent) as a transaction record, or undefined. */
  transaction(id: number): TransactionRecord | undefined {
    const tx = this.state.txs[id];
    return tx === undefined ? undefined : transactionRecord(this.state, tx);
  }

  /**
   * The payments with this status and/or agent (as sender or receiver), in id order: how many
   * match, and the records of those from `offset`, at most `limit` of them.
   */
  findTransactions(
    match: { readonly status?: TxStatus; readonly agent?: number },
    offset: number,
    limit: number,
  ): { total: number; records: TransactionRecord[] } {
    const records: TransactionRecord[] = [];
    let total = 0;
    for (const tx of this.state.txs) {
      if (match.status !== undefined && tx.status !== match.status) continue;
      if (match.agent !== undefined && tx.sender !== match.agent && tx.receiver !== match.agent) continue;
      if (total >= offset && records.length < limit) records.push(transactionRecord(this.state, tx));
      total += 1;
    }
    return { total, records };
  }

  /** Payment orders (not split children) that arrived at the current, not yet processed, tick. */
  ordersArrivedThisTick(): number {
    let count = 0;
    for (const tx of this.state.txs) if (tx.parentId < 0 && tx.arrivalTick === this.state.tick) count += 1;
    return count;
  }

  /**
   * The run's summary, agent-day rows and a record per transaction; `transactions: false` leaves
   * the records out (an empty list) for runs that store none, where building them was a tenth of
   * a 200-bank run.
   */
  results(options: { readonly transactions?: boolean } = {}): RunResult {
    const agentDays = allAgentDays(this.state);
    return {
      summary: summarize(this.state, agentDays),
      transactions: options.transactions === false ? [] : this.state.txs.map((tx) => transactionRecord(this.state, tx)),
      agent_days: agentDays,
    };
  }

  private readonly onArrival = (
    sender: number,
    receiver: number,
    amount: number,
    deadlineTick: number,
    priority: number,
    divisible: boolean,
  ): void => {
    enterQ1(this.state, { sender, receiver, amount, deadlineTick, priority, divisible, origin: 'arrival' });
  };

  /** Recorded orders of this tick first, in their original order, so ids come out as recorded. */
  private injectReplayed(tick: number): void {
    const orders = this.replay!;
    // A resumed replay skips orders already created before the checkpoint.
    while (this.replayNext < orders.length && orders[this.replayNext]!.arrivalTick < tick) this.replayNext++;
    while (this.replayNext < orders.length && orders[this.replayNext]!.arrivalTick === tick) {
      const { arrivalTick: _, ...order } = orders[this.replayNext++]!;
      enterQ1(this.state, order);
    }
  }

  private recordAgentTicks(): void {
    const state = this.state;
    for (let agent = 0; agent < state.numAgents; agent++) {
      this.agentTicks!.push({
        agent: state.ids[agent]!,
        tick: state.tick,
        balance: state.balances[agent]!,
        q1_size: state.q1[agent]!.length,
        q2_size: state.q2CountsOut[agent]!,
      });
    }
  }
}

/** Step 4: a Q1 payment past its deadline is dropped with the deadline penalty. */
function expireQ1(state: SimState): void {
  const tick = state.tick;
  for (const agent of state.idOrder) {
    const q1 = state.q1[agent]!;
    let write = 0;
    for (let read = 0; read < q1.length; read++) {
      const id = q1[read]!;
      const tx = state.txs[id]!;
      if (tick > tx.deadlineTick) drop(state, tx, 'expired');
      else q1[write++] = id;
    }
    q1.length = write;
  }
}
