// Settlement designs and liquidity-game switches (engine.md §9b and docs/engine.md "Settlement
// designs"), resolved once per run from the config into the flags and tables the tick loop reads.
// Every switch is off by default; off, each leaves the engine on exactly its old path.

import { DEFAULT_INITIAL_LIQUIDITY_FRACTION, DEFAULT_RTGS_CONFIG, type EngineConfig, type LsmSchedule } from './config.js';
import { SenderLimits } from './limits.js';
import { type ExactRate, exactRate, multiplyExact } from './rate.js';

/** Priority bands of `rtgs.priority_bands`: urgent 8–10 (band 0), normal 4–7 (1), low 0–3 (2). */
export const BAND_COUNT = 3;

export function bandOf(priority: number): number {
  return priority >= 8 ? 0 : priority >= 4 ? 1 : 2;
}

export class Designs {
  /** `rtgs.queue: fifo`. */
  readonly fifo: boolean;
  /** `rtgs.priority_bands`. */
  readonly bands: boolean;
  readonly entryOffsetting: boolean;
  readonly deferredCrediting: boolean;
  readonly deadlineCap: boolean;
  readonly delayInQ2: boolean;
  readonly resetDaily: boolean;
  /** Cost of the end-of-day backstop, a fraction of the amount; null = no backstop. */
  readonly backstopRate: ExactRate | null;
  /** `eod_backstop.replaces_delay`: Q2 pays no delay cost on the day's last tick. */
  readonly backstopReplacesDelay: boolean;
  /** Per-tick cost of liquidity brought from a pool; null when there is no pool or it is free. */
  readonly liquidityRate: ExactRate | null;
  /** round(fraction × pool) each agent brings at the start of each day (0 = nothing). */
  readonly poolDraw: Float64Array;
  readonly anyPool: boolean;
  /** Sender limits, or null when no agent has one. */
  readonly limits: SenderLimits | null;
  /** Anything that changes how Q2 is served (the plain retry pass is used otherwise). */
  readonly designedQueue: boolean;
  private readonly lsmEvery: number;
  private readonly lsmAt: ReadonlySet<number> | null;

  constructor(config: EngineConfig) {
    const rtgs = { ...DEFAULT_RTGS_CONFIG, ...config.rtgs };
    this.fifo = rtgs.queue === 'fifo';
    this.bands = rtgs.priority_bands;
    this.entryOffsetting = rtgs.entry_offsetting;
    this.deferredCrediting = config.deferred_crediting === true;
    this.deadlineCap = config.deadline_cap_at_eod === true;
    this.delayInQ2 = config.cost_rates.delay_cost_in_q2 === true;
    this.resetDaily = config.simulation.reset_balances_daily === true;
    this.backstopRate = config.eod_backstop === undefined ? null : exactRate(config.eod_backstop.rate_bps, 10_000);
    this.backstopReplacesDelay = config.eod_backstop?.replaces_delay === true;
    this.poolDraw = Float64Array.from(config.agents, (a) => {
      const pool = a.liquidity_pool ?? 0;
      const fraction = a.initial_liquidity_fraction ?? DEFAULT_INITIAL_LIQUIDITY_FRACTION;
      return multiplyExact(pool, fraction);
    });
    this.anyPool = this.poolDraw.some((x) => x > 0);
    const bps = config.cost_rates.liquidity_cost_per_tick_bps ?? 0;
    this.liquidityRate = this.anyPool && bps > 0 ? exactRate(bps, 10_000) : null;
    this.limits = SenderLimits.fromConfig(config.agents);
    this.designedQueue = this.fifo || this.bands || this.limits !== null;
    const schedule: LsmSchedule | undefined = config.lsm_config.schedule;
    this.lsmEvery = schedule !== undefined && 'every' in schedule ? schedule.every : 1;
    this.lsmAt = schedule !== undefined && 'at_ticks' in schedule ? new Set(schedule.at_ticks) : null;
  }

  /** Whether the LSM's schedule includes this tick of the day. */
  lsmDue(tickOfDay: number): boolean {
    if (this.lsmAt !== null) return this.lsmAt.has(tickOfDay);
    return tickOfDay % this.lsmEvery === 0;
  }
}

/**
 * The settlement designs a config switches on, in words, for run summaries (empty when all are
 * off): e.g. `FIFO queue`, `LSM every 5 ticks`, `pools (BANK_A 0.2, BANK_B 1)`.
 */
export function describeDesigns(config: EngineConfig): string[] {
  const out: string[] = [];
  const rtgs = { ...DEFAULT_RTGS_CONFIG, ...config.rtgs };
  if (rtgs.queue === 'fifo') out.push('FIFO queue');
  if (rtgs.priority_bands) out.push('priority bands');
  if (rtgs.entry_offsetting) out.push('offsetting on entry');
  const schedule = config.lsm_config.schedule;
  if (schedule !== undefined) out.push('every' in schedule ? `LSM every ${schedule.every} ticks` : `LSM at ticks ${schedule.at_ticks.join(', ')}`);
  if (config.deferred_crediting) out.push('deferred crediting');
  if (config.deadline_cap_at_eod) out.push('deadlines capped at end of day');
  if (config.cost_rates.delay_cost_in_q2) out.push('delay cost in Q2');
  if (config.eod_backstop !== undefined) {
    const replaces = config.eod_backstop.replaces_delay === true ? ' (no delay cost on its tick)' : '';
    out.push(`end-of-day backstop at ${config.eod_backstop.rate_bps} bps${replaces}`);
  }
  const facility = config.cb_credit_facility;
  if (facility !== undefined) {
    const overnight = facility.overnight_rate_bps === undefined ? '' : `, ${facility.overnight_rate_bps} bps overnight`;
    out.push(`central-bank credit facility at ${facility.rate_bps_per_tick} bps/tick${overnight}`);
  }
  const rule = config.cb_emergency_rule;
  if (rule !== undefined) out.push(`emergency lending to the top ${rule.lend_to_top} when Q2 > ${rule.when_q2_value_above}`);
  if (config.simulation.reset_balances_daily) out.push('daily balance reset');
  const pools = config.agents.filter((a) => (a.liquidity_pool ?? 0) > 0);
  if (pools.length > 0) {
    const bps = config.cost_rates.liquidity_cost_per_tick_bps ?? 0;
    const shown = pools.slice(0, 6).map((a) => `${a.id} ${a.initial_liquidity_fraction ?? DEFAULT_INITIAL_LIQUIDITY_FRACTION}`);
    out.push(`liquidity pools at ${bps} bps/tick (fractions: ${shown.join(', ')}${pools.length > 6 ? ', …' : ''})`);
  }
  const limited = config.agents.filter((a) => a.bilateral_limits !== undefined || a.multilateral_limit !== undefined).length;
  if (limited > 0) out.push(`sender limits (${limited} agent(s))`);
  if (config.agents.some((a) => a.arrival_config !== null && typeof a.arrival_config.priority !== 'number')) out.push('drawn priorities');
  return out;
}
