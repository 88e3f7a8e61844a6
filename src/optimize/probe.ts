// Planning trials without running them, to find what the scenario refuses before anything runs:
// the optimize: section's checks and a proposer's answers both plan probe variants and point each
// problem back at the parameter whose value caused it.

import { ValidationError, type ValidationIssue } from '../input/issues.js';
import { parseExperimentDocument, variantSetPath } from '../runner/experiment.js';
import { planExperiment } from '../runner/plan.js';
import type { SearchedParameter } from './config.js';
import { trialDocument, type VariantDocument } from './evaluator.js';

/** The problems of planning these variants on one seed; none when they plan. */
export function planningIssues(doc: Record<string, unknown>, file: string, variants: Record<string, VariantDocument>): readonly ValidationIssue[] {
  try {
    planExperiment(parseExperimentDocument(trialDocument(doc, variants, ['1']), file));
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues;
  }
}

/** The parameter whose value the probe variant sets at `path` (or inside it); -1 for none. */
export function parameterAt(path: string, variant: string, parameters: readonly SearchedParameter[]): number {
  return parameters.findIndex((p) =>
    p.paths.some((written) => {
      const source = variantSetPath(variant, written);
      return path === source || path.startsWith(`${source}.`);
    }),
  );
}
