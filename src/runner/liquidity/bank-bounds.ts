// Each bank's liquidity bounds for one seed, as `paysim liquidity` sets liquidity from them
// (docs/liquidity.md): one run of the scenario in this process, LSM off (the bounds depend on the
// payment orders only, and arrivals depend on the seed and the scenario, never on settlement).
//
// Opening balances are set once and carry over from day to day, so the frontier uses each bank's
// bounds over the whole horizon, from its daily ones: the running net outflow reaches, on day d,
// (net outflow of the days before d) + UB_d at most, so UB = max(0, max_d of that), and
// LB = max(0, net outflow over all days). For one day they are the day's bounds.

import type { LoadedScenario } from '../../config/scenario.js';
import type { AgentDayRecord } from '../../engine/metrics.js';
import { runScenario, withOverrides } from '../single-run.js';

export interface BankBounds {
  readonly agents: readonly string[];
  readonly upper: readonly number[];
  readonly lower: readonly number[];
}

type DayBounds = Pick<AgentDayRecord, 'agent' | 'day' | 'net_order_outflow' | 'liquidity_upper_bound'>;

/** Horizon bounds per agent, in the order of `agents`, from agent-day rows. */
export function horizonBounds(agents: readonly string[], rows: readonly DayBounds[]): BankBounds {
  const index = new Map(agents.map((id, i) => [id, i]));
  const net = agents.map(() => 0);
  const upper = agents.map(() => 0);
  for (const row of [...rows].sort((a, b) => a.day - b.day)) {
    const i = index.get(row.agent)!;
    upper[i] = Math.max(upper[i]!, net[i]! + row.liquidity_upper_bound);
    net[i]! += row.net_order_outflow;
  }
  return { agents, upper, lower: net.map((x) => Math.max(0, x)) };
}

export function bankBounds(loaded: LoadedScenario, seed: string): BankBounds {
  const seeded = withOverrides(loaded, { seed });
  const config = { ...seeded.config, lsm_config: { ...seeded.config.lsm_config, enabled: false } };
  const run = runScenario({ ...seeded, config });
  return horizonBounds(
    config.agents.map((a) => a.id),
    run.result.agent_days,
  );
}

/** A bank's liquidity at α: LB + α (UB − LB), rounded to the cent (α = 0 gives LB, α = 1 gives UB). */
export function liquidityAt(bounds: BankBounds, alpha: number): number[] {
  return bounds.upper.map((ub, i) => {
    const lb = bounds.lower[i]!;
    return lb + Math.round(alpha * (ub - lb));
  });
}

export const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
