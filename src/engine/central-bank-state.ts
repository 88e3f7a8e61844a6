// The central bank's side of a run (docs/engine.md, "The central bank's response"), as plain
// data: what each agent may borrow from the intraday credit facility, what it owes the facility
// and the emergency lending, and the exposure figures. The rules that move these numbers are in
// central-bank.ts, which imports the state; this module imports nothing of the state, so
// state.ts can hold one without an import circle.

import type { CbEmergencyRule, EngineConfig } from './config.js';
import { type ExactRate, exactRate, haircutCapacity } from './rate.js';

export class CentralBank {
  /** Whether the intraday credit facility is configured (else capacities are 0 and nothing is drawn). */
  readonly facility: boolean;
  /** floor(Σ value × (1 − haircut)) of each agent's collateral: the most it may owe the facility. */
  readonly capacity: Float64Array;
  /** Per tick, on the facility drawings outstanding; null: free (or no facility). */
  readonly ratePerTick: ExactRate | null;
  /** Once at the end of each day, on the facility drawings left outstanding; null: none. */
  readonly overnightRate: ExactRate | null;
  readonly rule: CbEmergencyRule | null;
  readonly ruleRate: ExactRate | null;
  /** Facility drawings outstanding per agent (cents). */
  readonly drawn: Float64Array;
  /** Emergency loans outstanding per agent (cents): injection events and the rule. */
  readonly injected: Float64Array;
  /** Each agent's largest exposure (drawn + injected) today, from what it carried into the day. */
  readonly dayPeak: Float64Array;
  /** Σ agents' exposure now, and its largest value so far in the run. */
  outstanding = 0;
  peak = 0;
  /** The day on which the emergency rule last lent (−1: never): it lends at most once a day. */
  ruleDay = -1;

  constructor(config: EngineConfig) {
    const n = config.agents.length;
    const facility = config.cb_credit_facility;
    this.facility = facility !== undefined;
    this.capacity = Float64Array.from(config.agents, (a) =>
      facility === undefined ? 0 : haircutCapacity(facility.agents?.[a.id]?.collateral ?? facility.collateral),
    );
    this.ratePerTick = facility !== undefined && facility.rate_bps_per_tick > 0 ? exactRate(facility.rate_bps_per_tick, 10_000) : null;
    const overnight = facility?.overnight_rate_bps ?? 0;
    this.overnightRate = overnight > 0 ? exactRate(overnight, 10_000) : null;
    this.rule = config.cb_emergency_rule ?? null;
    this.ruleRate = this.rule !== null && this.rule.rate_bps > 0 ? exactRate(this.rule.rate_bps, 10_000) : null;
    this.drawn = new Float64Array(n);
    this.injected = new Float64Array(n);
    this.dayPeak = new Float64Array(n);
  }

  /** What the agent owes the central bank now: facility drawings and emergency loans. */
  exposure(agent: number): number {
    return this.drawn[agent]! + this.injected[agent]!;
  }

  /** What the agent may still draw from the facility. */
  headroom(agent: number): number {
    return this.capacity[agent]! - this.drawn[agent]!;
  }
}

/** Whether a config asks for the central bank's state from the start (events can also create it later). */
export function centralBankConfigured(config: EngineConfig): boolean {
  return config.cb_credit_facility !== undefined || config.cb_emergency_rule !== undefined;
}

/** The central bank's state in a checkpoint. */
export interface CentralBankCheckpoint {
  readonly drawn: number[];
  readonly injected: number[];
  readonly day_peak: number[];
  readonly peak: number;
  readonly rule_day: number;
}

export function saveCentralBank(cb: CentralBank): CentralBankCheckpoint {
  return { drawn: Array.from(cb.drawn), injected: Array.from(cb.injected), day_peak: Array.from(cb.dayPeak), peak: cb.peak, rule_day: cb.ruleDay };
}

export function restoreCentralBank(config: EngineConfig, saved: CentralBankCheckpoint): CentralBank {
  const cb = new CentralBank(config);
  cb.drawn.set(saved.drawn);
  cb.injected.set(saved.injected);
  cb.dayPeak.set(saved.day_peak);
  let outstanding = 0;
  for (let a = 0; a < cb.drawn.length; a++) outstanding += cb.exposure(a);
  cb.outstanding = outstanding;
  cb.peak = saved.peak;
  cb.ruleDay = saved.rule_day;
  return cb;
}
