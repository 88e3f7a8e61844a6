// Castro et al. (2025): the two- and three-period liquidity games. The paper's side is its cost
// function (castro-model.ts) — its equilibria solved on the same grid, and its costs cell by cell.

import { CASTRO_THREE_PERIOD, CASTRO_TWO_PERIOD, type CastroGame, castroCosts } from '../castro-model.js';
import { type CaseContext, type Figure, type ReproductionCase, share } from '../case.js';
import { searchEquilibrium } from '../equilibrium-search.js';
import { type GridCell, pureEquilibria } from '../grid-game.js';
import { agentCost, type RunRow } from '../runs.js';

export const CASTRO_CITATION =
  'Castro, Desai, Du, Garratt and Rivadeneyra (2025), Estimating policy functions in payment systems using reinforcement ' +
  'learning, ACM Transactions on Economics and Computation (Bank of Canada Staff Working Paper 2021-7)';

const POOL = 100_000;
const BANKS = ['BANK_A', 'BANK_B'] as const;
const GRID = Array.from({ length: 21 }, (_, k) => k / 20);
const fractionPath = (bank: string): string => `agents[${bank}].initial_liquidity_fraction`;

/** Each run as a grid cell: the two shares and each bank's cost as a share of the pool (÷ scale). */
function cellsOf(rows: readonly RunRow[], scale = 1): GridCell[] {
  return rows.map((r) => ({
    choices: [Number(r.params[fractionPath('BANK_A')]), Number(r.params[fractionPath('BANK_B')])],
    costs: [agentCost(r.summary, 'BANK_A') / scale / POOL, agentCost(r.summary, 'BANK_B') / scale / POOL],
  }));
}

/** The paper's cost function on the same grid. */
function modelCells(game: CastroGame): GridCell[] {
  return GRID.flatMap((a) => GRID.map((b) => ({ choices: [a, b] as const, costs: castroCosts(game, [a, b]) as [number, number] })));
}

const profile = (choices: readonly number[]): string => `(${choices.map(share).join(', ')})`;
const profiles = (cells: readonly GridCell[]): string => (cells.length === 0 ? 'none' : cells.map((c) => profile(c.choices)).join('; '));
const costsText = (costs: readonly number[]): string => `A ${share(costs[0]!)}, B ${share(costs[1]!)}`;
const sameProfiles = (a: readonly GridCell[], b: readonly GridCell[]): boolean => profiles(a) === profiles(b);
/** Costs equal to the cent of the pool's 100 000. */
const sameCosts = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => Math.round(x * POOL) === Math.round(b[i]! * POOL));

function equilibriumFigures(what: string, paysimCells: readonly GridCell[], model: readonly GridCell[]): Figure[] {
  const paysim = pureEquilibria(paysimCells);
  const paper = pureEquilibria(model);
  const single = paysim.length === 1 && paper.length === 1;
  return [
    { label: `${what}: pure equilibria (ℓᴬ, ℓᴮ), share of the pool`, paper: profiles(paper), paysim: profiles(paysim), tolerance: 'exact (grid step 0.05)', pass: sameProfiles(paysim, paper) },
    {
      label: `${what}: costs there, share of the pool`,
      paper: paper.map((c) => costsText(c.costs)).join('; '),
      paysim: paysim.map((c) => costsText(c.costs)).join('; '),
      tolerance: 'exact (to the cent of 100 000)',
      pass: single && sameCosts(paysim[0]!.costs, paper[0]!.costs),
    },
  ];
}

export const castroTwoPeriod: ReproductionCase = {
  name: 'castro-2025-two-period',
  title: 'Castro et al. (2025), two periods: equilibrium liquidity by grid and by equilibrium search, and the backstop comparative static',
  citation: CASTRO_CITATION,
  quick: true,
  files: ['castro-2025-two-period-grid.yaml', 'castro-2025-two-period-search.yaml', 'castro-2025-backstop.yaml'],
  async run(context: CaseContext): Promise<Figure[]> {
    const figures = equilibriumFigures('grid, r_b 0.4', cellsOf(context.runs('castro-2025-two-period-grid.yaml')), modelCells(CASTRO_TWO_PERIOD));
    const search = await searchEquilibrium(context.path('castro-2025-two-period-search.yaml'));
    const reached = [Number(search.profile['share_A']), Number(search.profile['share_B'])];
    const costs = BANKS.map((b) => (search.objective[b] ?? NaN) / POOL);
    figures.push(
      {
        label: 'equilibrium search from (0.5, 0.5): profile reached',
        paper: '(0, 0.2)',
        paysim: `${profile(reached)}, ${search.status} in ${search.rounds} round(s)`,
        tolerance: 'exact (grid step 0.05)',
        pass: search.status === 'converged' && reached[0] === 0 && reached[1] === 0.2,
      },
      { label: 'equilibrium search: costs there, share of the pool', paper: 'A 0, B 0.02', paysim: costsText(costs), tolerance: 'exact', pass: sameCosts(costs, [0, 0.02]) },
    );
    const backstop = context.runs('castro-2025-backstop.yaml');
    for (const [bps, words] of [[500, 'r_b 0.05 < r_c'], [2000, 'r_b 0.2 > r_c']] as const) {
      const rows = backstop.filter((r) => r.params['eod_backstop.rate_bps'] === bps);
      const paysim = pureEquilibria(cellsOf(rows));
      const paper = pureEquilibria(modelCells({ ...CASTRO_TWO_PERIOD, borrowingCost: bps / 10_000 }));
      figures.push({ label: `backstop ${words}: pure equilibria (ℓᴬ, ℓᴮ)`, paper: profiles(paper), paysim: profiles(paysim), tolerance: 'exact (grid step 0.05)', pass: sameProfiles(paysim, paper) });
    }
    return figures;
  },
};

export const castroCostFunction: ReproductionCase = {
  name: 'castro-2025-cost-function',
  title: 'Castro et al. (2025), two periods: each bank’s cost in every cell of the 21 × 21 grid against the paper’s cost function',
  citation: CASTRO_CITATION,
  quick: true,
  files: ['castro-2025-two-period-grid.yaml'],
  async run(context: CaseContext): Promise<Figure[]> {
    const cells = cellsOf(context.runs('castro-2025-two-period-grid.yaml'));
    let equal = 0;
    let worst = 0;
    for (const cell of cells) {
      const paper = castroCosts(CASTRO_TWO_PERIOD, cell.choices);
      if (sameCosts(cell.costs, paper)) equal += 1;
      for (const i of [0, 1]) worst = Math.max(worst, Math.abs(Math.round(cell.costs[i]! * POOL) - Math.round(paper[i]! * POOL)));
    }
    return [
      { label: 'cells where both banks’ costs equal the cost function', paper: `${GRID.length ** 2} of ${GRID.length ** 2}`, paysim: `${equal} of ${cells.length}`, tolerance: 'exact', pass: equal === GRID.length ** 2 && cells.length === equal },
      { label: 'largest difference in a cell (cents of a pool of 100 000)', paper: '0', paysim: String(worst), tolerance: '0', pass: worst === 0 },
    ];
  },
};

/** paysim's three-period costs are the paper's × 3 (scenarios/published/castro_three_period_game.yaml). */
const THREE_PERIOD_SCALE = 3;

export const castroThreePeriod: ReproductionCase = {
  name: 'castro-2025-three-period',
  title: 'Castro et al. (2025), three periods, symmetric demands [0.2, 0.2, 0]: equilibrium liquidity with liquidity cheaper and dearer than delay',
  citation: CASTRO_CITATION,
  quick: true,
  files: ['castro-2025-three-period.yaml'],
  async run(context: CaseContext): Promise<Figure[]> {
    const rows = context.runs('castro-2025-three-period.yaml');
    return [
      ...equilibriumFigures('r_c 0.1 < r_d 0.2', cellsOf(rows.filter((r) => r.variant === 'cheap'), THREE_PERIOD_SCALE), modelCells(CASTRO_THREE_PERIOD)),
      ...equilibriumFigures('r_c 0.5 > r_d 0.2', cellsOf(rows.filter((r) => r.variant === 'dear'), THREE_PERIOD_SCALE), modelCells({ ...CASTRO_THREE_PERIOD, liquidityCost: 0.5 })),
    ];
  },
};
