// An experiment's `compare:` section names things that must exist: the baseline a variant, each
// metric a run metric, `by` agent and/or grid. Checked when the experiment is read (validate, sweep)
// so that they refuse what `paysim compare` and `paysim report` would.

import { ValidationError, type ValidationIssue } from '../input/issues.js';
import { isRecord } from '../input/json-path.js';
import type { Experiment } from '../runner/experiment.js';
import { metricInfo, RUN_METRICS } from './metrics.js';

/** What `compare --by` accepts: agent, grid, or both, comma-separated. */
export function isByOption(text: string): boolean {
  const parts = text.split(',').map((p) => p.trim());
  return parts.length > 0 && parts.every((p) => p === 'agent' || p === 'grid');
}

export function compareDefaultsIssues(experiment: Experiment): ValidationIssue[] {
  const { compare, file } = experiment;
  if (!isRecord(compare)) return [];
  const issues: ValidationIssue[] = [];
  const names = experiment.variants.map((v) => v.name);
  const baseline = compare['baseline'];
  if (typeof baseline === 'string' && !names.includes(baseline)) {
    issues.push({ file, path: 'compare.baseline', code: 'unknown_variant', message: `no variant named '${baseline}' (the variants: ${names.join(', ')})` });
  }
  const metrics = compare['metrics'];
  if (Array.isArray(metrics)) {
    metrics.forEach((m, i) => {
      if (typeof m === 'string' && metricInfo(m) === undefined) {
        issues.push({ file, path: `compare.metrics[${i}]`, code: 'unknown_metric', message: `unknown metric '${m}' (expected one of ${RUN_METRICS.map((x) => x.name).join(', ')})` });
      }
    });
  }
  const by = compare['by'];
  if (typeof by === 'string' && !isByOption(by)) {
    issues.push({ file, path: 'compare.by', code: 'bad_value', message: `expected 'agent', 'grid' or 'agent,grid', got '${by}'` });
  }
  return issues;
}

/** The experiment, or a ValidationError listing what its `compare:` section names that does not exist. */
export function withCheckedCompareDefaults(experiment: Experiment): Experiment {
  const issues = compareDefaultsIssues(experiment);
  if (issues.length > 0) throw new ValidationError(issues);
  return experiment;
}
