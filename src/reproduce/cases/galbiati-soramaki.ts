// Galbiati and Soramäki (2011): banks' demand for intraday liquidity falls along an S-shaped curve
// as liquidity gets dearer relative to delay — high and flat while liquidity is cheap, a steep fall,
// low and flat when it is dear. Each bank's share of its pool is found by the equilibrium search
// (iterated best response) at each ratio of the cost of liquidity to the cost of delay.

import { type Figure, type ReproductionCase, share } from '../case.js';
import { searchEquilibrium } from '../equilibrium-search.js';

export const GALBIATI_SORAMAKI_CITATION = 'Galbiati and Soramäki (2011), An agent-based model of payment systems, Journal of Economic Dynamics and Control 35(6), 859–875';

/** Liquidity cost ÷ delay cost per cent per tick (the scenario's delay cost is 0.001, i.e. 10 bps). */
const RATIOS = [0.005, 0.02, 0.1, 0.2, 0.4, 0.6, 1, 2.5];
const DELAY_BPS = 10;
/** Two neighbouring points of a plateau differ by at most one bank's grid step over four banks. */
const FLAT = 0.025;
/** The fall from the top plateau to the bottom one, at least. */
const FALL = 0.25;

export const galbiatiSoramaki: ReproductionCase = {
  name: 'galbiati-soramaki-2011',
  title: 'Galbiati and Soramäki (2011): the equilibrium demand for intraday liquidity as the ratio of liquidity cost to delay cost rises',
  citation: GALBIATI_SORAMAKI_CITATION,
  quick: false,
  files: ['galbiati-soramaki-2011.yaml'],
  async run(context): Promise<Figure[]> {
    const demand: number[] = [];
    let converged = 0;
    for (const ratio of RATIOS) {
      const fixed = { 'cost_rates.liquidity_cost_per_tick_bps': Number((ratio * DELAY_BPS).toFixed(6)) };
      const e = await searchEquilibrium(context.path('galbiati-soramaki-2011.yaml'), { fixed });
      const shares = Object.values(e.profile).map(Number);
      demand.push(shares.reduce((s, x) => s + x, 0) / shares.length);
      if (e.status === 'converged') converged += 1;
    }
    // Rounded to the 0.025 grid of a mean of four 0.1-grid shares, so that plateaus compare exactly.
    const steps = demand.slice(1).map((d, i) => Number((d - demand[i]!).toFixed(6)));
    const steepest = steps.indexOf(Math.min(...steps));
    const curve = RATIOS.map((r, i) => `${share(r)}: ${share(demand[i]!)}`).join(', ');
    const n = demand.length;
    return [
      { label: 'mean equilibrium share of the pool at each ratio (liquidity ÷ delay cost)', paper: 'S-shaped, falling', paysim: curve, tolerance: 'reported', pass: null },
      { label: 'searches that converged', paper: `${n} of ${n}`, paysim: `${converged} of ${n}`, tolerance: 'exact', pass: converged === n },
      { label: 'demand never rises with the ratio', paper: 'falling', paysim: steps.every((s) => s <= 0) ? 'falling' : 'rises somewhere', tolerance: 'exact', pass: steps.every((s) => s <= 0) },
      {
        label: 'flat at both ends, steepest in between',
        paper: 'flat, steep, flat',
        paysim: `ends differ by ${share(Math.abs(steps[0]!))} and ${share(Math.abs(steps[n - 2]!))}; steepest between ${share(RATIOS[steepest]!)} and ${share(RATIOS[steepest + 1]!)}; fall ${share(demand[0]! - demand[n - 1]!)}`,
        tolerance: `ends ≤ ${FLAT}, fall ≥ ${FALL}`,
        pass: Math.abs(steps[0]!) <= FLAT && Math.abs(steps[n - 2]!) <= FLAT && steepest > 0 && steepest < n - 2 && demand[0]! - demand[n - 1]! >= FALL,
      },
    ];
  },
};
