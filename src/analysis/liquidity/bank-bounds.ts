// Each bank's liquidity bounds for one seed, as `paysim liquidity` sets liquidity from them
// (docs/liquidity.md): one run of the scenario in this process, LSM off (the bounds depend on the
// payment orders only, and arrivals depend on the seed and the scenario, never on settlement).
// Over several days a bank's bound is its largest daily bound.

import type { LoadedScenario } from '../../config/scenario.js';
import { runScenario, withOverrides } from '../../runner/single-run.js';

export interface BankBounds {
  readonly agents: readonly string[];
  readonly upper: readonly number[];
  readonly lower: readonly number[];
}

export function bankBounds(loaded: LoadedScenario, seed: string): BankBounds {
  const seeded = withOverrides(loaded, { seed });
  const config = { ...seeded.config, lsm_config: { ...seeded.config.lsm_config, enabled: false } };
  const run = runScenario({ ...seeded, config });
  const agents = config.agents.map((a) => a.id);
  const index = new Map(agents.map((id, i) => [id, i]));
  const upper = agents.map(() => 0);
  const lower = agents.map(() => 0);
  for (const row of run.result.agent_days) {
    const i = index.get(row.agent)!;
    upper[i] = Math.max(upper[i]!, row.liquidity_upper_bound);
    lower[i] = Math.max(lower[i]!, row.liquidity_lower_bound);
  }
  return { agents, upper, lower };
}

/** A bank's liquidity at α: LB + α (UB − LB), rounded to the cent (α = 0 gives LB, α = 1 gives UB). */
export function liquidityAt(bounds: BankBounds, alpha: number): number[] {
  return bounds.upper.map((ub, i) => {
    const lb = bounds.lower[i]!;
    return lb + Math.round(alpha * (ub - lb));
  });
}

export const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
