// The CHAPS liquidity-saving study of Denbee and McLafferty (2013): how much less liquidity a
// CHAPS-shaped system needs to settle every payment by the end of the day with each LSM algorithm
// than without one. paysim's `paysim liquidity --min-liquidity` machinery (FrontierPlanner for the
// runs at LB + α (UB − LB), minLiquidity for the least α that settles everything, exact on a 0.01
// lattice) on scenarios/generated/chaps_20.yaml, run in this process.

import type { LoadedScenario } from '../../config/scenario.js';
import { liquidityAt, sum } from '../../runner/liquidity/bank-bounds.js';
import { FrontierPlanner, type LsmSetting } from '../../runner/liquidity/frontier-plan.js';
import { minLiquidity } from '../../runner/liquidity/min-liquidity.js';
import type { RunSummary } from '../../engine/results.js';
import { type Figure, percent, type ReproductionCase } from '../case.js';
import { loadExperimentFile } from '../../runner/experiment.js';
import { executePlanned } from '../runs.js';

export const CHAPS_CITATION = 'Denbee and McLafferty (2013), Liquidity saving in CHAPS: a simulation study (Bank of England)';

const ALGORITHMS = ['pairs_and_cycles', 'multilateral', 'multilateral_then_pairs'] as const;
const GRID = Array.from({ length: 11 }, (_, k) => k / 10);
const RESOLUTION = 0.01;
/** The saving the paper reports in simulation (about 30 %), and the band the case accepts. */
const SAVING_BAND = [0.25, 0.4] as const;
/** "Nearly the same across algorithms": the savings' spread, at most. */
const SPREAD = 0.1;

export const chapsLsm: ReproductionCase = {
  name: 'chaps-lsm-2013',
  title: 'Denbee and McLafferty (2013): the liquidity an LSM saves in a CHAPS-shaped system with end-of-day deadlines, per algorithm, and delay at equal liquidity',
  citation: CHAPS_CITATION,
  quick: false,
  files: ['chaps-lsm-2013.yaml'],
  async run(context): Promise<Figure[]> {
    const { scenarioFile } = loadExperimentFile(context.path('chaps-lsm-2013.yaml'));
    const settings: LsmSetting[] = ['off', ...ALGORITHMS];
    const planner = new FrontierPlanner({ scenarioFile, experiment: 'chaps-lsm-2013', seeds: ['1'], alphas: GRID, credit: 'zero', lsm: settings, throughput: false });
    const parsed = new Map<string, LoadedScenario>();
    const bounds = planner.bounds.get('1')!;
    const runAt = (setting: LsmSetting, alphas: readonly number[]): Map<number, RunSummary> =>
      new Map(planner.plan(setting, alphas).map(({ run, point }) => [point.alpha, executePlanned(run, parsed)]));
    const least = new Map<LsmSetting, number>();
    for (const setting of settings) {
      const search = await minLiquidity(GRID, RESOLUTION, async (alphas) => {
        const runs = runAt(setting, alphas);
        return new Map(alphas.map((a) => [a, runs.get(a)!.settled === runs.get(a)!.arrivals]));
      });
      if (search.alpha === null) throw new Error(`${setting}: no α up to 1 settles every payment`);
      least.set(setting, sum(liquidityAt(bounds, search.alpha)));
    }
    const off = least.get('off')!;
    const savings = ALGORITHMS.map((a) => 1 - least.get(a)! / off);
    // Delay at equal liquidity: every algorithm at the least liquidity that settles everything without an LSM.
    const alphaOff = (off - sum(bounds.lower)) / (sum(bounds.upper) - sum(bounds.lower));
    const delays = settings.map((s) => runAt(s, [Number(alphaOff.toFixed(12))]).values().next().value!.delay_value_weighted ?? NaN);
    const spread = Math.max(...savings) - Math.min(...savings);
    return [
      ...ALGORITHMS.map((a, i) => ({
        label: `liquidity saved by ${a} (least liquidity for full settlement, vs LSM off)`,
        paper: 'about 30 % (simulation)',
        paysim: `${percent(savings[i]!)} (${percent(least.get(a)! / sum(bounds.upper))} of Σ UB vs ${percent(off / sum(bounds.upper))})`,
        tolerance: `${percent(SAVING_BAND[0], 0)}–${percent(SAVING_BAND[1], 0)}`,
        pass: savings[i]! >= SAVING_BAND[0] && savings[i]! <= SAVING_BAND[1],
      })),
      { label: 'spread of the savings across algorithms', paper: 'nearly the same', paysim: `${(100 * spread).toFixed(1)} points`, tolerance: `≤ ${100 * SPREAD} points`, pass: spread <= SPREAD },
      {
        label: 'value-weighted delay at the same liquidity (ticks of 100): off / pairs_and_cycles / multilateral / multilateral_then_pairs',
        paper: 'differs across algorithms',
        paysim: delays.map((d) => d.toFixed(2)).join(' / '),
        tolerance: 'reported',
        pass: null,
      },
    ];
  },
};
