// The cost function of the liquidity game of Castro et al. (2025), written from the model as the
// paper states it, for comparison with what paysim's engine charges. Each bank i brings ℓᵢ at the
// start of the day at cost r_c ℓᵢ; in each period it owes its new demand plus what it could not
// pay before, and pays as much of that as its liquidity allows (payments are divisible); what it
// still owes at the end of a period before the last costs r_d per unit; what it owes after the
// last period is borrowed from the central bank at r_b per unit (and costs nothing else). Money
// received in a period can be used from the next period on. Everything is a share of the pool.

export interface CastroGame {
  /** Demands per bank per period, shares of the pool: demands[i][t]. */
  readonly demands: readonly (readonly number[])[];
  readonly liquidityCost: number;
  readonly delayCost: number;
  readonly borrowingCost: number;
}

/** The two-period game of the paper: A [0, 0.15], B [0.15, 0.05]; r_c 0.1, r_d 0.2, r_b 0.4. */
export const CASTRO_TWO_PERIOD: CastroGame = {
  demands: [
    [0, 0.15],
    [0.15, 0.05],
  ],
  liquidityCost: 0.1,
  delayCost: 0.2,
  borrowingCost: 0.4,
};

/** The three-period game with symmetric demands [0.2, 0.2, 0] and the same costs. */
export const CASTRO_THREE_PERIOD: CastroGame = { ...CASTRO_TWO_PERIOD, demands: [[0.2, 0.2, 0], [0.2, 0.2, 0]] };

/** Each bank's cost (share of the pool) when the banks bring `liquidity` (shares of the pool). */
export function castroCosts(game: CastroGame, liquidity: readonly number[]): number[] {
  const banks = liquidity.length;
  const periods = game.demands[0]!.length;
  const balance = [...liquidity];
  const owed = liquidity.map(() => 0);
  const cost = liquidity.map((l) => game.liquidityCost * l);
  for (let t = 0; t < periods; t++) {
    const paid = owed.map((_, i) => {
      owed[i]! += game.demands[i]![t]!;
      const p = Math.min(balance[i]!, owed[i]!);
      balance[i]! -= p;
      owed[i]! -= p;
      return p;
    });
    // Two banks: what one pays the other receives, usable from the next period.
    for (let i = 0; i < banks; i++) balance[banks - 1 - i]! += paid[i]!;
    const rate = t < periods - 1 ? game.delayCost : game.borrowingCost;
    for (let i = 0; i < banks; i++) cost[i]! += rate * owed[i]!;
  }
  return cost;
}
