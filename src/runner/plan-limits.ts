// How large an experiment may be, checked from its counts alone before anything is expanded: a
// `vary` grid of 10^9 points must be refused in microseconds, not by running out of memory (even
// for --dry-run, which builds the same plan).

import type { ValidationIssue } from '../input/issues.js';
import type { Experiment } from './experiment.js';

/** Runs one experiment may plan (seeds × grid points × variants). */
export const MAX_PLANNED_RUNS = 1_000_000;
/** Grid points × variants, each validated as a whole scenario while planning. */
export const MAX_COMBINATIONS = 100_000;

/** The issue that says the plan is too large, or null. */
export function planSizeIssue(experiment: Experiment): ValidationIssue | null {
  const grid = experiment.axes.reduce((n, axis) => n * axis.changes.length, 1);
  const combinations = grid * experiment.variants.length;
  const runs = combinations * experiment.seeds.length;
  const shape = `${experiment.seeds.length} seed(s) × ${grid} grid point(s) × ${experiment.variants.length} variant(s)`;
  if (combinations > MAX_COMBINATIONS) {
    return {
      file: experiment.file,
      path: experiment.axes.length > 0 ? 'vary' : 'variants',
      code: 'too_large',
      message: `${shape}: ${combinations} scenario combinations (at most ${MAX_COMBINATIONS}); split the experiment`,
    };
  }
  if (runs > MAX_PLANNED_RUNS) {
    return {
      file: experiment.file,
      path: 'seeds',
      code: 'too_large',
      message: `${shape} = ${runs} runs (at most ${MAX_PLANNED_RUNS}); split the experiment`,
    };
  }
  return null;
}
