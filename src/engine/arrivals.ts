// Arrival generation of engine.md §3: per tick, agents in ascending id order draw a Poisson count
// and, per arrival, an amount, a receiver and a deadline, in that order. The draw order is what
// makes a seed reproduce the reference's payment stream, so it must never change.
//
// Everything that does not change between ticks (id order, candidate receivers, weight tables,
// distribution parameters) is compiled once, so generate() allocates nothing per arrival.

import type { AgentConfig, AmountDistribution, PriorityDistribution } from './config.js';
import { agentsInIdOrder } from './order.js';
import type { Rng } from './rng.js';

/** Receives each generated arrival; called in generation order. */
export interface ArrivalSink {
  (sender: number, receiver: number, amount: number, deadlineTick: number, priority: number, divisible: boolean): void;
}

/** Checkpoint form of the generator's mutable state (plain JSON), indexed by agent index. */
export interface ArrivalGeneratorState {
  /** Current arrival_rate multiplier per agent (1 = as configured). */
  readonly rate_multipliers: number[];
  /** Current counterparty weights per agent (null = uniform), keys in configuration order. */
  readonly counterparty_weights: (Record<string, number> | null)[];
}

// Amount distribution kinds, as small integers so the per-arrival switch stays monomorphic.
const KIND_UNIFORM = 0;
const KIND_NORMAL = 1;
const KIND_LOGNORMAL = 2;
const KIND_EXPONENTIAL = 3;

const TWO_POW_53 = 9007199254740992;

/** The compiled arrival_config of one agent. */
class AgentArrivals {
  readonly agent: number;
  readonly baseRate: number;
  /** baseRate × the current multiplier; what Poisson draws with. */
  rate: number;
  readonly kind: number;
  /** Uniform: min; Normal: mean; LogNormal: μ; Exponential: λ. */
  readonly param1: number;
  /** Uniform: max + 1 − min; Normal: sd; LogNormal: σ; Exponential: unused. */
  readonly param2: number;
  readonly deadlineMin: number;
  /** max + 1 − min of deadline_range. */
  readonly deadlineSpan: number;
  /** The fixed priority, when there is no distribution. */
  readonly priority: number;
  /** A categorical priority distribution (drawn from the priority stream), or null. */
  readonly priorityTable: PriorityTable | null;
  readonly divisible: boolean;

  constructor(agent: number, id: string, cfg: NonNullable<AgentConfig['arrival_config']>) {
    const where = `agent ${id}: arrival_config`;
    this.agent = agent;
    if (!(Number.isFinite(cfg.rate_per_tick) && cfg.rate_per_tick >= 0)) {
      throw new RangeError(`${where}.rate_per_tick must be a finite number >= 0: ${cfg.rate_per_tick}`);
    }
    this.baseRate = cfg.rate_per_tick;
    this.rate = cfg.rate_per_tick;
    [this.kind, this.param1, this.param2] = compileAmount(cfg.amount_distribution, `${where}.amount_distribution`);
    const [dMin, dMax] = cfg.deadline_range;
    if (!Number.isSafeInteger(dMin) || !Number.isSafeInteger(dMax) || dMin < 1 || dMax < dMin) {
      throw new RangeError(`${where}.deadline_range must be integers with 1 <= min <= max: [${dMin}, ${dMax}]`);
    }
    this.deadlineMin = dMin;
    this.deadlineSpan = dMax + 1 - dMin;
    if (typeof cfg.priority === 'number') {
      this.priority = cfg.priority;
      this.priorityTable = null;
    } else {
      this.priority = -1;
      this.priorityTable = compilePriorities(cfg.priority, `${where}.priority`);
    }
    this.divisible = cfg.divisible;
  }
}

interface PriorityTable {
  readonly values: Int32Array;
  readonly weights: Float64Array;
  readonly total: number;
}

function compilePriorities(d: PriorityDistribution, where: string): PriorityTable {
  const n = d.values.length;
  if (n === 0 || d.weights.length !== n) throw new RangeError(`${where}: needs as many weights as values (at least one)`);
  let total = 0;
  d.values.forEach((v, i) => {
    const w = d.weights[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 10) throw new RangeError(`${where}.values[${i}] must be an integer 0..10: ${v}`);
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`${where}.weights[${i}] must be a finite number >= 0: ${w}`);
    total += w;
  });
  if (!(total > 0)) throw new RangeError(`${where}: weights must sum to more than 0`);
  return { values: Int32Array.from(d.values), weights: Float64Array.from(d.weights), total };
}

/**
 * A priority from its distribution: t = float × Σw; the first value whose cumulative weight
 * exceeds t (so a zero weight is never chosen; when float rounding leaves t at Σw, the last value
 * with a positive weight).
 */
function drawPriority(rng: Rng, table: PriorityTable): number {
  let t = rng.nextFloat() * table.total;
  const last = table.values.length - 1;
  for (let i = 0; i < last; i++) {
    const w = table.weights[i]!;
    if (w > 0 && t < w) return table.values[i]!;
    t -= w;
  }
  // Float rounding may leave t just at the end: the last value with a positive weight.
  for (let i = last; i > 0; i--) if (table.weights[i]! > 0) return table.values[i]!;
  return table.values[0]!;
}

function compileAmount(d: AmountDistribution, where: string): [number, number, number] {
  switch (d.type) {
    case 'Uniform': {
      // int in [min, max + 1): the span must be a valid nextBelow modulus.
      const span = d.max + 1 - d.min;
      if (!Number.isSafeInteger(d.min) || !Number.isSafeInteger(d.max) || d.max < d.min || span > TWO_POW_53) {
        throw new RangeError(`${where}: Uniform needs safe integers min <= max: [${d.min}, ${d.max}]`);
      }
      return [KIND_UNIFORM, d.min, span];
    }
    case 'Normal':
      // mean + trunc(sd·z) is an integer number of cents only if the mean is one.
      if (!Number.isSafeInteger(d.mean) || !(Number.isFinite(d.std_dev) && d.std_dev >= 0)) {
        throw new RangeError(`${where}: Normal needs an integer mean and a finite std_dev >= 0`);
      }
      return [KIND_NORMAL, d.mean, d.std_dev];
    case 'LogNormal':
      if (!Number.isFinite(d.mean_log) || !(Number.isFinite(d.std_dev_log) && d.std_dev_log >= 0)) {
        throw new RangeError(`${where}: LogNormal needs a finite mean_log and a finite std_dev_log >= 0`);
      }
      return [KIND_LOGNORMAL, d.mean_log, d.std_dev_log];
    case 'Exponential':
      if (!(Number.isFinite(d.lambda) && d.lambda > 0)) {
        throw new RangeError(`${where}: Exponential needs a finite lambda > 0: ${d.lambda}`);
      }
      return [KIND_EXPONENTIAL, d.lambda, 0];
  }
}

interface CompiledWeights {
  /** The weights as given, as [id, weight] in configuration order (for checkpoints). */
  readonly entries: readonly (readonly [string, number])[];
  readonly agents: Int32Array;
  readonly values: Float64Array;
  readonly total: number;
}

const NO_AGENTS = new Int32Array(0);
const NO_WEIGHTS = new Float64Array(0);

/**
 * Receiver choice of one sender: the candidates are all other agents in configuration order
 * (candidate k is agent k below the sender, agent k + 1 from it on: no table of n − 1 agents per
 * sender, which at 20 000 banks was 1.5 GB) and, when weighted, the candidates with a positive
 * weight, their weights and Σw.
 */
class ReceiverTable {
  /** The weights as given, [id, weight] in configuration order; null = uniform over candidates. */
  weights: readonly (readonly [string, number])[] | null = null;
  weightedAgents: Int32Array = NO_AGENTS;
  weightValues: Float64Array = NO_WEIGHTS;
  weightTotal = 0;

  constructor(
    readonly sender: number,
    /** Number of candidates: every agent but the sender. */
    readonly candidateCount: number,
  ) {}

  /** The k-th candidate (0 ≤ k < candidateCount). */
  candidate(k: number): number {
    return k < this.sender ? k : k + 1;
  }

  install(c: CompiledWeights | null): void {
    this.weights = c === null ? null : c.entries;
    this.weightedAgents = c === null ? NO_AGENTS : c.agents;
    this.weightValues = c === null ? NO_WEIGHTS : c.values;
    this.weightTotal = c === null ? 0 : c.total;
  }
}

export class ArrivalGenerator {
  private readonly ids: readonly string[];
  private readonly indexById = new Map<string, number>();
  /** Agents with an arrival_config, in ascending id order: the §3 draw order. */
  private readonly drawOrder: AgentArrivals[];
  /** Per agent index; null for agents without arrival_config. */
  private readonly plans: (AgentArrivals | null)[];
  private readonly multipliers: Float64Array;
  private readonly receivers: ReceiverTable[];

  constructor(agents: readonly AgentConfig[]) {
    if (agents.length < 2) throw new RangeError(`arrival generation needs at least 2 agents, got ${agents.length}`);
    this.ids = agents.map((a) => a.id);
    this.ids.forEach((id, i) => {
      if (this.indexById.has(id)) throw new RangeError(`duplicate agent id ${JSON.stringify(id)}`);
      this.indexById.set(id, i);
    });
    this.plans = agents.map((a, i) => (a.arrival_config === null ? null : new AgentArrivals(i, a.id, a.arrival_config)));
    this.drawOrder = [];
    for (const i of agentsInIdOrder(this.ids)) {
      const plan = this.plans[i]!;
      if (plan !== null) this.drawOrder.push(plan);
    }
    this.multipliers = new Float64Array(agents.length).fill(1);
    this.receivers = agents.map((_, i) => new ReceiverTable(i, agents.length - 1));
    agents.forEach((a, i) => {
      if (a.arrival_config !== null) this.setCounterpartyWeights(i, a.arrival_config.counterparty_weights);
    });
  }

  /**
   * Draws this tick's arrivals (§3) and hands each to `sink` in draw order. A priority
   * distribution draws from `priorityRng`, a stream of its own, so that giving an agent one never
   * moves the amounts, receivers or deadlines drawn from `rng`.
   */
  generate(rng: Rng, tick: number, sink: ArrivalSink, priorityRng: Rng | null = null): void {
    const order = this.drawOrder;
    for (let o = 0; o < order.length; o++) {
      const plan = order[o]!;
      const count = rng.poisson(plan.rate);
      if (count === 0) continue;
      const table = this.receivers[plan.agent]!;
      for (let k = 0; k < count; k++) {
        const amount = this.drawAmount(rng, plan);
        const receiver = drawReceiver(rng, table);
        const deadlineTick = tick + plan.deadlineMin + rng.nextBelow(plan.deadlineSpan);
        const priority = plan.priorityTable === null ? plan.priority : drawPriority(priorityRng!, plan.priorityTable);
        sink(plan.agent, receiver, amount, deadlineTick, priority, plan.divisible);
      }
    }
  }

  private drawAmount(rng: Rng, plan: AgentArrivals): number {
    let amount: number;
    switch (plan.kind) {
      case KIND_UNIFORM:
        // Validated at construction: min + (< span) stays a safe integer.
        return plan.param1 + rng.nextBelow(plan.param2);
      case KIND_NORMAL:
        amount = Math.max(1, plan.param1 + Math.trunc(plan.param2 * rng.standardNormal()));
        break;
      case KIND_LOGNORMAL:
        amount = Math.max(1, Math.trunc(Math.exp(plan.param1 + plan.param2 * rng.standardNormal())));
        break;
      default:
        amount = Math.max(1, Math.trunc(-Math.log(rng.nextFloat()) / plan.param1));
        break;
    }
    // A heavy tail (or a float of exactly 0 for Exponential) can leave the safe-integer range;
    // a payment whose amount is not exact cents must stop the run, not be rounded.
    if (!Number.isSafeInteger(amount)) {
      throw new RangeError(`agent ${this.ids[plan.agent]}: drawn amount ${amount} is not a safe integer number of cents`);
    }
    return amount;
  }

  /**
   * Scenario event `arrival_rate` (§9): the agent's rate becomes its configured rate × multiplier
   * (replacing any earlier multiplier, not compounding). null = every agent.
   */
  setRateMultiplier(agent: number | null, multiplier: number): void {
    if (!(Number.isFinite(multiplier) && multiplier >= 0)) {
      throw new RangeError(`arrival rate multiplier must be a finite number >= 0: ${multiplier}`);
    }
    if (agent === null) {
      for (let a = 0; a < this.ids.length; a++) this.applyMultiplier(a, multiplier);
    } else {
      this.checkAgent(agent);
      this.applyMultiplier(agent, multiplier);
    }
  }

  private applyMultiplier(agent: number, multiplier: number): void {
    this.multipliers[agent] = multiplier;
    const plan = this.plans[agent]!;
    if (plan !== null) plan.rate = plan.baseRate * multiplier;
  }

  /**
   * Replaces an agent's counterparty weights (configuration and scenario event
   * `counterparty_weights`). null or {} = uniform. Keys are agent ids other than the sender;
   * candidates missing from a non-empty map have weight 0 (§3, differs from the reference).
   */
  setCounterpartyWeights(agent: number, weights: Readonly<Record<string, number>> | null): void {
    this.checkAgent(agent);
    this.receivers[agent]!.install(this.compileWeights(agent, weights));
  }

  /** Validates weights and builds the walk tables, without changing any state. */
  private compileWeights(agent: number, weights: Readonly<Record<string, number>> | null): CompiledWeights | null {
    if (weights === null || Object.keys(weights).length === 0) return null;
    const sender = this.ids[agent]!;
    // Weight by agent index, NaN = not in the map. One pass over the map for validation, then the
    // walk tables come from index lookups (this runs for every sender at construction, with up to
    // n − 1 keys each, so it avoids per-key string lookups into large objects).
    const byIndex = new Float64Array(this.ids.length).fill(Number.NaN);
    for (const key in weights) {
      if (!Object.hasOwn(weights, key)) continue;
      const w: unknown = weights[key];
      const target = this.indexById.get(key);
      if (target === undefined) {
        throw new RangeError(`agent ${sender}: counterparty_weights names unknown agent ${JSON.stringify(key)}`);
      }
      if (target === agent) throw new RangeError(`agent ${sender}: counterparty_weights names the sender itself`);
      if (typeof w !== 'number' || !(Number.isFinite(w) && w >= 0)) {
        throw new RangeError(`agent ${sender}: counterparty_weights.${key} must be a finite number >= 0: ${String(w)}`);
      }
      byIndex[target] = w;
    }
    // The walk (and Σw) follows the configuration order of the candidates, never the map's key
    // order, so that the result cannot depend on how the document listed the keys. Zero-weight
    // candidates are left out of the walk so that they can never be chosen (not even when the
    // float is 0, or through the "last candidate" fallback); skipping them changes no other
    // outcome, since t − 0 = t.
    const entries: (readonly [string, number])[] = [];
    const agents: number[] = [];
    const values: number[] = [];
    let total = 0;
    const table = this.receivers[agent]!;
    for (let i = 0; i < table.candidateCount; i++) {
      const c = table.candidate(i);
      const w = byIndex[c]!;
      if (Number.isNaN(w)) continue;
      entries.push([this.ids[c]!, w]);
      if (w > 0) {
        agents.push(c);
        values.push(w);
        total += w;
      }
    }
    if (!(total > 0)) throw new RangeError(`agent ${sender}: counterparty_weights must sum to more than 0`);
    return { entries, agents: Int32Array.from(agents), values: Float64Array.from(values), total };
  }

  /** Multipliers and weights, for checkpoints (plain JSON). */
  saveState(): ArrivalGeneratorState {
    return {
      rate_multipliers: Array.from(this.multipliers),
      counterparty_weights: this.receivers.map((t) => (t.weights === null ? null : Object.fromEntries(t.weights))),
    };
  }

  /**
   * Restores `saveState()` output taken from a generator built from the same agents. All of it is
   * validated before anything changes, so a rejected state leaves the generator as it was.
   */
  restoreState(s: unknown): void {
    const n = this.ids.length;
    if (typeof s !== 'object' || s === null) throw new TypeError('arrival generator state must be an object');
    const { rate_multipliers: mult, counterparty_weights: weights } = s as Record<string, unknown>;
    if (!Array.isArray(mult) || mult.length !== n || !mult.every((m) => typeof m === 'number' && Number.isFinite(m) && m >= 0)) {
      throw new TypeError(`arrival generator state: rate_multipliers must be ${n} finite numbers >= 0`);
    }
    if (!Array.isArray(weights) || weights.length !== n) {
      throw new TypeError(`arrival generator state: counterparty_weights must have ${n} entries`);
    }
    const compiled = weights.map((w: unknown, i) => {
      if (w !== null && (typeof w !== 'object' || Array.isArray(w))) {
        throw new TypeError(`arrival generator state: counterparty_weights[${i}] must be null or a map`);
      }
      return this.compileWeights(i, w as Readonly<Record<string, number>> | null);
    });
    (mult as number[]).forEach((m, i) => this.applyMultiplier(i, m));
    compiled.forEach((c, i) => this.receivers[i]!.install(c));
  }

  private checkAgent(agent: number): void {
    if (!Number.isInteger(agent) || agent < 0 || agent >= this.ids.length) {
      throw new RangeError(`agent index out of range: ${agent}`);
    }
  }
}

/**
 * §3 receiver: uniform → candidates[int in [0, n)]; weighted → t = float × Σw, walk subtracting
 * each weight, the first with t <= 0, or the last (float rounding can leave t slightly > 0).
 */
function drawReceiver(rng: Rng, table: ReceiverTable): number {
  if (table.weights === null) {
    return table.candidate(rng.nextBelow(table.candidateCount));
  }
  const agents = table.weightedAgents;
  const values = table.weightValues;
  let t = rng.nextFloat() * table.weightTotal;
  const last = agents.length - 1;
  for (let i = 0; i < last; i++) {
    t -= values[i]!;
    if (t <= 0) return agents[i]!;
  }
  return agents[last]!;
}
