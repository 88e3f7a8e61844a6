// The opening of a day (engine.md §9b), at the start of its first tick, before scenario events:
// with `simulation.reset_balances_daily` each balance goes back to the configured opening balance,
// and each agent with a liquidity pool brings round(initial_liquidity_fraction × pool) into it;
// both are money from outside, booked as the day's `opening_transfer`. Sender-limit positions
// reset. Then the day's opening balance and balance extremes are taken. With every switch off
// nothing changes here (the balances are already the opening ones).

import type { SimState } from './state.js';

export function startOfDay(state: SimState): void {
  const designs = state.designs;
  const agents = state.config.agents;
  if (designs.resetDaily && state.tick > 0) {
    for (let agent = 0; agent < state.numAgents; agent++) {
      const difference = agents[agent]!.opening_balance - state.balances[agent]!;
      if (difference !== 0) state.bookExternal(agent, difference, 'opening_transfer');
    }
  }
  if (designs.anyPool) {
    for (let agent = 0; agent < state.numAgents; agent++) {
      const draw = designs.poolDraw[agent]!;
      if (draw === 0) continue;
      state.bookExternal(agent, draw, 'opening_transfer');
      state.liquidityBrought[agent] = draw;
    }
  }
  if (state.limits !== null) state.limits.resetDay();
  state.openingBalances.set(state.balances);
  state.day.min_balance.set(state.balances);
  state.day.max_balance.set(state.balances);
}

/**
 * The end of the day's pool loan: what each agent brought goes back (an external transfer of the
 * day), whatever its balance, which may leave it negative overnight (docs/engine.md). It is not
 * payment activity, so it leaves the day's balance extremes (and liquidity_used) alone.
 */
export function returnPoolLiquidity(state: SimState): void {
  for (let agent = 0; agent < state.numAgents; agent++) {
    const brought = state.liquidityBrought[agent]!;
    if (brought === 0) continue;
    state.bookExternal(agent, -brought, 'external_transfer', false);
    state.liquidityBrought[agent] = 0;
  }
}
