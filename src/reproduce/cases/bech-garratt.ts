// Bech and Garratt (2003), priced-credit regime: from paysim's costs of the four strategy pairs in
// every cell of a grid of the intraday fee F and the delay cost D, the kind of 2 × 2 game each cell
// is, against the paper's: paying in the morning is dominant when F < D, and the game is a stag
// hunt (both morning or both afternoon are equilibria, morning the better one) when F > D.

import { type Figure, type ReproductionCase } from '../case.js';
import { agentCost, type RunRow } from '../runs.js';

export const BECH_GARRATT_CITATION = 'Bech and Garratt (2003), The intraday liquidity management game, Journal of Economic Theory 109, 198–219';

export type GameKind = 'morning dominant' | 'afternoon dominant' | 'stag hunt' | "prisoner's dilemma" | 'other';

/**
 * The kind of a symmetric 2 × 2 game from the row player's costs: cost[mine][theirs], 0 morning,
 * 1 afternoon (lower is better).
 */
export function gameKind(cost: readonly (readonly number[])[]): GameKind {
  const [[mm, ma], [am, aa]] = cost as [[number, number], [number, number]];
  const morningVsMorning = mm < am;
  const morningVsAfternoon = ma < aa;
  if (morningVsMorning && morningVsAfternoon) return 'morning dominant';
  if (mm > am && ma > aa) return aa > mm ? "prisoner's dilemma" : 'afternoon dominant';
  if (morningVsMorning && ma > aa) return mm < aa ? 'stag hunt' : 'other';
  return 'other';
}

const A_POLICY = 'agents[BANK_A].policy.urgency_threshold';
const B_POLICY = 'agents[BANK_B].policy.urgency_threshold';
const FEE = 'cost_rates.overdraft_bps_per_tick';
const DELAY = 'cost_rates.delay_cost_per_tick_per_cent';
/** urgency_threshold 1 pays in the morning, 0 in the afternoon. */
const TIMING = [1, 0];

interface Cell {
  readonly feeBps: number;
  readonly delayBps: number;
  readonly kind: GameKind;
  /** The same kind seen from bank B's side (the game is symmetric). */
  readonly symmetric: boolean;
}

function cells(rows: readonly RunRow[]): Cell[] {
  const byCell = new Map<string, RunRow[]>();
  for (const r of rows) {
    const key = `${r.params[FEE]}|${r.params[DELAY]}`;
    byCell.set(key, [...(byCell.get(key) ?? []), r]);
  }
  return [...byCell.values()].map((group) => {
    const at = (a: number, b: number): RunRow => group.find((r) => r.params[A_POLICY] === TIMING[a] && r.params[B_POLICY] === TIMING[b])!;
    const costA = [0, 1].map((mine) => [0, 1].map((theirs) => agentCost(at(mine, theirs).summary, 'BANK_A')));
    const costB = [0, 1].map((mine) => [0, 1].map((theirs) => agentCost(at(theirs, mine).summary, 'BANK_B')));
    const kind = gameKind(costA);
    return { feeBps: Number(group[0]!.params[FEE]), delayBps: Math.round(Number(group[0]!.params[DELAY]) * 10_000), kind, symmetric: gameKind(costB) === kind };
  });
}

/** The paper's proposition for the priced-credit regime. */
const predicted = (c: Cell): GameKind => (c.feeBps < c.delayBps ? 'morning dominant' : 'stag hunt');

function tally(list: readonly Cell[], kindOf: (c: Cell) => GameKind): string {
  const counts = new Map<string, number>();
  for (const c of list) counts.set(kindOf(c), (counts.get(kindOf(c)) ?? 0) + 1);
  return [...counts].sort().map(([k, n]) => `${k} ${n}`).join(', ');
}

export const bechGarratt: ReproductionCase = {
  name: 'bech-garratt-2003',
  title: 'Bech and Garratt (2003), priced credit: every cell of a 10 × 10 grid of the intraday fee F and the delay cost D classified',
  citation: BECH_GARRATT_CITATION,
  quick: true,
  files: ['bech-garratt-2003.yaml'],
  async run(context): Promise<Figure[]> {
    const grid = cells(context.runs('bech-garratt-2003.yaml'));
    const agree = grid.filter((c) => c.symmetric && c.kind === predicted(c)).length;
    const cheap = grid.filter((c) => c.feeBps < c.delayBps);
    const dear = grid.filter((c) => c.feeBps > c.delayBps);
    return [
      { label: 'cells whose game is the proposition’s (both banks’ costs)', paper: `${grid.length} of ${grid.length}`, paysim: `${agree} of ${grid.length}`, tolerance: 'exact', pass: agree === grid.length && grid.length === 100 },
      { label: 'F < D: kind of game', paper: `morning dominant ${cheap.length}`, paysim: tally(cheap, (c) => c.kind), tolerance: 'exact', pass: cheap.every((c) => c.kind === 'morning dominant') },
      { label: 'F > D: kind of game', paper: `stag hunt ${dear.length}`, paysim: tally(dear, (c) => c.kind), tolerance: 'exact', pass: dear.every((c) => c.kind === 'stag hunt') },
    ];
  },
};
