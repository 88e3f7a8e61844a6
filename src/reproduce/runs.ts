// An experiment's runs in this process, for `paysim reproduce`: the experiment is read and planned
// by the sweep's own machinery (runner/experiment.ts, runner/plan.ts: vary grid × variants × seeds,
// every combination validated), and each planned run is executed as a sweep worker would (the
// document parsed once per scenario key, the seed replaced) — without the worker pool and the
// store, whose start-up and writes would cost more than these small games do.

import { type LoadedScenario, parseScenarioDocument } from '../config/scenario.js';
import type { RunSummary } from '../engine/results.js';
import { type Experiment, loadExperimentFile, parseExperimentDocument } from '../runner/experiment.js';
import { planExperiment, type PlannedRun } from '../runner/plan.js';
import { runScenario, withOverrides } from '../runner/single-run.js';

export interface RunRow {
  readonly variant: string;
  /** The grid point: vary path → value. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: string;
  readonly summary: RunSummary;
}

/** Every run of the experiment file, in the plan's order. */
export function runExperimentFile(file: string): RunRow[] {
  return runExperiment(loadExperimentFile(file));
}

/** Every run of an experiment document (paths in it relative to `file`). */
export function runExperimentDocument(doc: Record<string, unknown>, file: string): RunRow[] {
  return runExperiment(parseExperimentDocument(doc, file));
}

function runExperiment(experiment: Experiment): RunRow[] {
  const plan = planExperiment(experiment);
  const parsed = new Map<string, LoadedScenario>();
  return plan.runs.map((run) => ({
    variant: run.identity.variant,
    params: run.identity.params,
    seed: run.identity.seed,
    summary: executePlanned(run, parsed),
  }));
}

/** One planned run (a sweep's or a liquidity frontier's), its document parsed once per scenario key in `parsed`. */
export function executePlanned(run: PlannedRun, parsed: Map<string, LoadedScenario>): RunSummary {
  const { spec } = run;
  let loaded = parsed.get(spec.scenario_key);
  if (loaded === undefined) {
    const payments = spec.payments === undefined ? {} : { payments: spec.payments };
    loaded = parseScenarioDocument(JSON.parse(spec.scenario_json), { file: spec.scenario_file, baseDir: null, ...payments });
    parsed.set(spec.scenario_key, loaded);
  }
  const balances = spec.opening_balances === undefined ? {} : { opening_balances: spec.opening_balances };
  return runScenario(withOverrides(loaded, { seed: spec.seed, ...balances }), { transactions: false }).result.summary;
}

/** One agent's total cost in a run summary. */
export function agentCost(summary: RunSummary, agent: string): number {
  const row = summary.agents.find((a) => a.agent === agent);
  if (row === undefined) throw new Error(`no agent ${agent} in the run`);
  return row.total_cost;
}
