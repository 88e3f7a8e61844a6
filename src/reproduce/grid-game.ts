// Best responses and pure Nash equilibria of a two-player game on a grid, from each player's cost
// in every cell (the in-process counterpart of `paysim query liquidity-game-equilibria`, which
// reads the same from stored runs): a cell is an equilibrium when each player's choice there
// costs it no more than any other choice against the other's.

export interface GridCell {
  /** Each player's choice, in player order. */
  readonly choices: readonly [number, number];
  /** Each player's cost (mean over seeds), in player order. */
  readonly costs: readonly [number, number];
}

export function pureEquilibria(cells: readonly GridCell[]): GridCell[] {
  // best[p] : the other's choice → the player's lowest cost against it.
  const best = [new Map<number, number>(), new Map<number, number>()];
  for (const cell of cells) {
    for (const p of [0, 1] as const) {
      const other = cell.choices[1 - p]!;
      const known = best[p]!.get(other);
      if (known === undefined || cell.costs[p] < known) best[p]!.set(other, cell.costs[p]);
    }
  }
  return cells.filter((cell) => ([0, 1] as const).every((p) => cell.costs[p] <= best[p]!.get(cell.choices[1 - p]!)!));
}
