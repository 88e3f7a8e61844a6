// Scenarios whose configured values make the engine's money leave the exact range for certain are
// refused when they load, not after a long run (engine/assert.ts explains the range):
// - an agent's opening balance plus every liquidity shock it will get, summed with their
//   repetitions, beyond ±(2^53 − 1) cents;
// - a cost rate so large that a cost can become non-finite (rate × 2^53 cents × the run's ticks
//   overflows a double), such as delay_cost_per_tick_per_cent: 1e300.
// What only may happen (a payment that would push a balance over) is checked as the run goes.

import { MONEY_MAX } from '../engine/assert.js';
import type { EngineConfig, EventSchedule } from '../engine/config.js';
import type { ValidationIssue } from '../input/issues.js';

/** Ticks at which an event fires within the run. */
function firings(when: EventSchedule, totalTicks: number): number {
  if ('at_tick' in when) return when.at_tick < totalTicks ? 1 : 0;
  const { start, interval, until } = when.every;
  const last = Math.min(until, totalTicks - 1);
  return last < start ? 0 : Math.floor((last - start) / interval) + 1;
}

export function moneyLimitIssues(config: EngineConfig, file: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const totalTicks = config.simulation.ticks_per_day * config.simulation.num_days;
  const index = new Map(config.agents.map((a, i) => [a.id, i]));
  const up = config.agents.map((a) => BigInt(a.opening_balance));
  const down = config.agents.map((a) => BigInt(a.opening_balance));
  const lastEvent = new Map<number, number>();
  config.scenario_events.forEach((event, i) => {
    if (event.type !== 'liquidity_shock' || event.balance_change === undefined) return;
    const agent = index.get(event.agent);
    if (agent === undefined) return;
    const total = BigInt(event.balance_change) * BigInt(firings(event, totalTicks));
    if (total > 0n) up[agent]! += total;
    else down[agent]! += total;
    lastEvent.set(agent, i);
  });
  for (const [agent, i] of lastEvent) {
    const id = config.agents[agent]!.id;
    for (const [reach, side] of [[up[agent]!, 'up'], [down[agent]!, 'down']] as const) {
      if (reach <= BigInt(MONEY_MAX) && reach >= -BigInt(MONEY_MAX)) continue;
      issues.push({
        file,
        path: `scenario_events[${i}].balance_change`,
        code: 'money_range',
        message:
          `the liquidity shocks of agent ${id} take its balance ${side} to ${reach} cents with its opening balance ` +
          `(counting every repetition), beyond ±(2^53 − 1) where money is exact`,
      });
    }
  }
  const rates = [
    ['overdraft_bps_per_tick', 10_000],
    ['collateral_bps_per_tick', 10_000],
    ['delay_cost_per_tick_per_cent', 1],
  ] as const;
  for (const [name, per] of rates) {
    const rate = config.cost_rates[name] / per;
    if (Number.isFinite((rate * MONEY_MAX) * totalTicks)) continue;
    issues.push({
      file,
      path: `cost_rates.${name}`,
      code: 'money_range',
      message: `${config.cost_rates[name]} is so large that a cost can become infinite (rate × 2^53 cents × ${totalTicks} ticks overflows)`,
    });
  }
  const facility = config.cb_credit_facility;
  if (facility !== undefined && !Number.isFinite((facility.rate_bps_per_tick / 10_000) * MONEY_MAX * totalTicks)) {
    issues.push({
      file,
      path: 'cb_credit_facility.rate_bps_per_tick',
      code: 'money_range',
      message: `${facility.rate_bps_per_tick} is so large that a cost can become infinite (rate × 2^53 cents × ${totalTicks} ticks overflows)`,
    });
  }
  return issues;
}
