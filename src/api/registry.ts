// The live simulations of a server: each one is an engine Simulation with its scenario, an event
// log and the counters the tick endpoint reports. Memory is the limit here, hence the cap on the
// number of live simulations (429 beyond it) and on events kept per simulation.

import { randomUUID } from 'node:crypto';
import { configHash, type DocumentContext, type LoadedScenario } from '../config/scenario.js';
import { MoneyRangeError } from '../engine/assert.js';
import type { Checkpoint } from '../engine/checkpoint.js';
import type { ScenarioEvent } from '../engine/config.js';
import type { EngineEvent } from '../engine/events.js';
import type { Simulation } from '../engine/simulation.js';
import { largestRateMultiplier, scriptedPaymentsBetween } from '../engine/scenario-events.js';
import { canonicalSha256 } from '../runner/run-key.js';
import { createSimulation } from '../runner/single-run.js';
import { ApiError, notFound } from './errors.js';
import { EventLog } from './event-log.js';
import { buildFrame, TickCollector } from './frames.js';
import type { StreamHello, TickFrame } from '../web/protocol.js';

/** What one tick did, counted from its events (settlements count each split child). */
export interface TickResult {
  readonly tick: number;
  /** Payment orders that arrived (generated, scenario events, and API submissions made before the tick). */
  readonly arrivals: number;
  readonly settled: number;
  readonly settled_value: number;
  readonly dropped: number;
  readonly dropped_value: number;
  /** Central queue after the tick. */
  readonly q2_size: number;
  readonly q2_value: number;
}

/** Counts since the last completed tick; reset after each one. */
class TickCounter {
  arrivals = 0;
  settled = 0;
  settledValue = 0;
  dropped = 0;
  droppedValue = 0;
  /**
   * Since the start (not reset): value of payment orders arrived, and value settled (each split
   * child's part counts), as summary() sums them; the stream's settlement rate without a summary per tick.
   */
  totalArrivedValue = 0;
  totalSettledValue = 0;

  observe(event: EngineEvent): void {
    switch (event.type) {
      case 'arrival':
        this.arrivals += 1;
        this.totalArrivedValue += event.data.amount;
        break;
      case 'settle':
        this.settled += 1;
        this.settledValue += event.data.amount;
        this.totalSettledValue += event.data.amount;
        break;
      case 'drop':
        this.dropped += 1;
        this.droppedValue += event.data.amount;
        break;
      default:
        break;
    }
  }

  reset(): void {
    this.arrivals = 0;
    this.settled = 0;
    this.settledValue = 0;
    this.dropped = 0;
    this.droppedValue = 0;
  }
}

/** How a simulation is made: decision paths in its events, and where its scenario came from. */
export interface LiveOptions {
  /** Record each policy decision's tree path in the events (the viewer's inspector shows them). */
  readonly trace?: boolean;
  /** The scenario's file and folder (a shipped file), for validating events against it; default a request body. */
  readonly source?: DocumentContext;
}

/** Someone watching the ticks (a stream): a frame after each tick, `end` when the simulation goes. */
export interface Watcher {
  frame(frame: TickFrame): void;
  end(): void;
}

/** A scenario event added over the API: as sent (for the stored scenario) and as the engine runs it. */
export interface InjectedEvent {
  readonly document: Readonly<Record<string, unknown>>;
  readonly event: ScenarioEvent;
}

export class LiveSimulation {
  readonly simulation: Simulation;
  readonly events: EventLog;
  readonly createdAt = new Date().toISOString();
  /** Time spent stepping, for storing the run like a CLI run. */
  wallMs = 0;
  /** Payments per tick the scenario's arrivals create on average (Σ rate_per_tick). */
  readonly arrivalRate: number;

  /**
   * A bound on the payments the next `count` ticks create: the arrivals at the scenario's rate
   * (times the largest arrival-rate multiplier its events set) and every firing of a scripted
   * `payment` event, the scenario's and those added over the API (an `every:` event is counted
   * per firing: one event can create millions).
   */
  expectedPayments(count: number): number {
    const events = [...this.loaded.config.scenario_events, ...this.injected.map((i) => i.event)];
    const from = this.simulation.tick;
    return count * this.arrivalRate * largestRateMultiplier(events) + scriptedPaymentsBetween(events, from, from + count);
  }
  /** SHA-256 of the checkpoint it was restored from (part of its run key), else undefined. */
  readonly restoredFrom: string | undefined;
  private readonly counter = new TickCounter();
  /** Scenario events added over the API, in the order added. */
  readonly injected: InjectedEvent[] = [];
  readonly source: DocumentContext;
  private readonly watchers = new Set<Watcher>();
  /** Collects the tick's settlements for the frames, only while someone watches. */
  private collector: TickCollector | null = null;

  constructor(
    readonly id: string,
    readonly loaded: LoadedScenario,
    eventCapacity: number,
    checkpoint?: Checkpoint,
    options: LiveOptions = {},
  ) {
    this.events = new EventLog(eventCapacity);
    this.source = options.source ?? { file: '<request>', baseDir: null };
    this.arrivalRate = loaded.config.agents.reduce((sum, agent) => sum + (agent.arrival_config?.rate_per_tick ?? 0), 0);
    const sink = (event: EngineEvent): void => {
      this.counter.observe(event);
      this.events.push(event);
      this.collector?.observe(event);
    };
    this.simulation = createSimulation(loaded, {
      events: sink,
      trace: options.trace ?? false,
      ...(checkpoint !== undefined ? { fromCheckpoint: checkpoint } : {}),
    });
    // After the restore validated it.
    this.restoredFrom = checkpoint === undefined ? undefined : canonicalSha256(checkpoint);
    if (checkpoint !== undefined) {
      // Payments submitted before the checkpoint was taken arrived at the current tick without an
      // event here: count them, so the next tick reports what the original simulation reports.
      this.counter.arrivals += this.simulation.ordersArrivedThisTick();
      const summary = this.simulation.summary();
      this.counter.totalArrivedValue = summary.arrived_value;
      this.counter.totalSettledValue = summary.settled_value;
    }
  }

  get remainingTicks(): number {
    return this.simulation.totalTicks - this.simulation.tick;
  }

  /** Why the simulation stopped part-way through a tick (its state is then unusable), or null. */
  stopped: string | null = null;

  /** Throws 409 when a tick failed part-way: nothing more can be done with this simulation. */
  ensureRunning(): void {
    if (this.stopped !== null) throw new ApiError(409, 'simulation_stopped', `the simulation stopped: ${this.stopped}; DELETE it`);
  }

  /** Steps `count` ticks (the caller checked the horizon) and reports each. */
  advance(count: number): TickResult[] {
    this.ensureRunning();
    const out: TickResult[] = [];
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const tick = this.simulation.tick;
      try {
        this.simulation.step();
      } catch (error) {
        // Money out of its exact range, mid-tick: the state is half a tick on; keep the reason.
        if (error instanceof MoneyRangeError) this.stopped = error.message;
        throw error;
      }
      const c = this.counter;
      const queues = this.simulation.queueTotals();
      const result: TickResult = {
        tick,
        arrivals: c.arrivals,
        settled: c.settled,
        settled_value: c.settledValue,
        dropped: c.dropped,
        dropped_value: c.droppedValue,
        q2_size: queues.q2_size,
        q2_value: queues.q2_value,
      };
      out.push(result);
      c.reset();
      if (this.collector !== null) {
        const frame = buildFrame(this.simulation, this.settlementRateValue(), tick, result, this.collector.take());
        for (const watcher of this.watchers) watcher.frame(frame);
      }
    }
    this.wallMs += performance.now() - started;
    return out;
  }

  /**
   * The scenario as it runs: its own events, then those added over the API (which fire after
   * them within a tick, as they would in this list). A persisted run stores this, so its key and
   * scenario tell the run apart from one without the additions.
   */
  scenarioAsRun(): LoadedScenario {
    if (this.injected.length === 0) return this.loaded;
    const added = this.injected.map((i) => i.event);
    const config = { ...this.loaded.config, scenario_events: [...this.loaded.config.scenario_events, ...added] };
    const doc = this.loaded.document as Record<string, unknown>;
    const listed: unknown[] = Array.isArray(doc['scenario_events']) ? doc['scenario_events'] : [];
    const document = { ...doc, scenario_events: [...listed, ...this.injected.map((i) => i.document)] };
    return { ...this.loaded, config, document, configHash: configHash(config, this.loaded.policies) };
  }

  /** Settled ÷ arrived value of payment orders so far (summary()'s settlement_rate_value), null before any arrival. */
  private settlementRateValue(): number | null {
    const c = this.counter;
    return c.totalArrivedValue === 0 ? null : c.totalSettledValue / c.totalArrivedValue;
  }

  /** The first message of a stream: agents, horizon and the state now. */
  hello(): StreamHello {
    const s = this.simulation;
    return {
      simulation_id: this.id,
      agents: this.loaded.config.agents.map((a) => a.id),
      total_ticks: s.totalTicks,
      ticks_per_day: s.ticksPerDay,
      frame: buildFrame(s, this.settlementRateValue(), null),
    };
  }

  /** Sends `watcher` a frame after every tick from now on; returns the function that stops it. */
  watch(watcher: Watcher): () => void {
    this.watchers.add(watcher);
    this.collector ??= new TickCollector(this.simulation);
    return () => {
      this.watchers.delete(watcher);
      if (this.watchers.size === 0) this.collector = null;
    };
  }

  /** Ends every stream (the simulation is deleted or the server stops). */
  close(): void {
    for (const watcher of [...this.watchers]) watcher.end();
    this.watchers.clear();
    this.collector = null;
  }
}

export interface RegistryLimits {
  readonly maxSimulations: number;
  readonly maxEventsPerSimulation: number;
}

export class SimulationRegistry {
  private readonly live = new Map<string, LiveSimulation>();

  constructor(readonly limits: RegistryLimits) {}

  /** Throws 429 when the server already holds its maximum of live simulations. */
  ensureRoom(): void {
    if (this.live.size >= this.limits.maxSimulations) {
      throw new ApiError(
        429,
        'too_many_simulations',
        `this server holds at most ${this.limits.maxSimulations} live simulations; DELETE one first`,
      );
    }
  }

  create(loaded: LoadedScenario, checkpoint?: Checkpoint, options: LiveOptions = {}): LiveSimulation {
    this.ensureRoom();
    // Random ids: a client cannot guess another client's simulation.
    const id = randomUUID();
    const live = new LiveSimulation(id, loaded, this.limits.maxEventsPerSimulation, checkpoint, options);
    this.live.set(id, live);
    return live;
  }

  get(id: string): LiveSimulation {
    const live = this.live.get(id);
    if (live === undefined) throw notFound(`no simulation '${id}'`);
    return live;
  }

  delete(id: string): boolean {
    this.live.get(id)?.close();
    return this.live.delete(id);
  }

  /** Ends every stream, so the server can close. */
  closeStreams(): void {
    for (const live of this.live.values()) live.close();
  }

  list(): LiveSimulation[] {
    return [...this.live.values()];
  }
}
