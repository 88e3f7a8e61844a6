// `paysim optimize`: reads the experiment and its optimize: section, checks everything before a
// run starts (the section, then probe trials at each parameter's ends and the start planned like
// any sweep), then searches (or iterates best responses), stores every trial, confirms the winner
// on fresh seeds against the baseline with compare's paired statistics, and writes it out.

import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import canonicalize from 'canonicalize';
import { type PairedStats, pairedStats } from '../analysis/paired.js';
import { ValidationError, type ValidationIssue } from '../input/issues.js';
import { isRecord } from '../input/json-path.js';
import { readDocumentFile } from '../input/read.js';
import { type Experiment, parseExperimentDocument } from '../runner/experiment.js';
import { createPool } from '../runner/pool.js';
import { openStore } from '../store/open.js';
import { type ConstraintSpec, constraintLabel, type OptimizeSpec, OPTIMIZE, resolveOptimize, type SearchedParameter } from './config.js';
import { type EquilibriumResult, iteratedBestResponse, type Player } from './equilibrium.js';
import { Interrupted, StoreEvaluator, trialVariant, type VariantDocument, type Whose } from './evaluator.js';
import { makeMethod, plannedPoints } from './methods.js';
import { parameterAt, planningIssues } from './probe.js';
import { type Constraint, type Evaluate, search, type SearchResult, startPoint, type Trial } from './search.js';
import { type Assignment, assignmentAt, assignmentKey, type Parameter, roundFloats } from './space.js';
import { beginOptimization, finishOptimization, saveTrial } from '../store/optimization-trials.js';
import { writeWinnerFiles } from './winner-file.js';
import { proposalVariant, scenarioPolicies } from './proposer/candidate.js';
import { type ProposerFlags, type ProposerSpec, resolveProposer } from './proposer/config.js';
import { ExternalProposer } from './proposer/proposer.js';
import { treesOf } from './proposer/protocol.js';

export interface Prepared {
  readonly file: string;
  readonly doc: Record<string, unknown>;
  readonly experiment: Experiment;
  readonly spec: OptimizeSpec;
  readonly optimizationId: string;
  /** The external proposer that makes the trials instead of the method, if any. */
  readonly proposer: ProposerSpec | null;
  /** Its starting point: the searched agents' policies as the scenario has them. */
  readonly policies: Readonly<Record<string, unknown>>;
}

/** Reads and checks everything; throws ValidationError (exit 2) before any run. */
export function prepareOptimization(file: string, proposerFlags: ProposerFlags = {}): Prepared {
  const raw = readDocumentFile(file);
  const experiment = parseExperimentDocument(raw, file);
  const doc = raw as Record<string, unknown>;
  const scenario = readDocumentFile(experiment.scenarioFile) as Record<string, unknown>;
  const agents = new Map<string, boolean>(
    (Array.isArray(scenario['agents']) ? scenario['agents'] : []).filter(isRecord).map((a) => [String(a['id']), isRecord(a['policy']) && a['policy']['type'] === 'Tree']),
  );
  const spec = resolveOptimize(doc, file, agents);
  const proposer = resolveProposer(doc, file, spec, [...agents.keys()], proposerFlags);
  probe(doc, file, spec);
  const section = canonicalize(doc[OPTIMIZE])!;
  // A proposer's command is part of the optimisation's identity (another command, another search).
  const by = proposer === null ? '' : `\u0000proposer\u0000${proposer.command}`;
  const hash = createHash('sha256').update(`${experiment.specSha256}\u0000${section}${by}`).digest('hex').slice(0, 12);
  const policies = proposer === null ? {} : scenarioPolicies(experiment.scenarioFile, scenario, proposer.treeAgents);
  return { file, doc, experiment, spec, optimizationId: `${experiment.name}:${hash}`, proposer, policies };
}

/** The start assignment: the given values, the middle of each range for the rest. */
export function startAssignment(spec: OptimizeSpec): Assignment {
  const middle = assignmentAt(spec.parameters, spec.parameters.map(() => 0.5));
  return roundFloats({ ...middle, ...(spec.start ?? {}) });
}

/**
 * Plans (never runs) trials at the start and at every parameter's ends: a path that does not
 * exist, a Tree parameter the policy does not declare, or a value the scenario refuses is
 * reported at the parameter (`optimize.parameters[i]`) before anything runs.
 */
function probe(doc: Record<string, unknown>, file: string, spec: OptimizeSpec): void {
  const probes: Record<string, VariantDocument> = { 'probe-start': trialVariant(spec.parameters, startAssignment(spec)) };
  spec.parameters.forEach((p, i) => {
    const ends = p.type === 'choice' ? p.values : [p.low, p.high];
    ends.forEach((value, k) => (probes[`probe-${i}-${k}`] = { set: Object.fromEntries(p.paths.map((path) => [path, value])) }));
  });
  const found = planningIssues(doc, file, probes);
  if (found.length === 0) return;
  const issues = found.map((issue) => atParameter(issue, spec.parameters, Object.keys(probes)));
  const unique = issues.filter((x, i) => issues.findIndex((y) => y.path === x.path && y.message === x.message) === i);
  throw new ValidationError(unique);
}

function atParameter(issue: ValidationIssue, parameters: readonly SearchedParameter[], probes: readonly string[]): ValidationIssue {
  for (const name of probes) {
    const i = parameterAt(issue.path, name, parameters);
    if (i >= 0) return { ...issue, path: `${OPTIMIZE}.parameters[${i}]`, message: `${parameters[i]!.path}: ${issue.message}` };
    if (issue.path.startsWith(`variants.${name}`)) return { ...issue, path: `${OPTIMIZE}.parameters`, message: issue.message };
  }
  return issue;
}

export interface RunOptions {
  readonly db: string;
  readonly workers: number;
  readonly signal?: AbortSignal;
  /** Overrides the section's racing (`--no-racing`). */
  readonly racing?: boolean;
  /** The experiment changed since its runs were stored: a new revision (`--new-revision`, as for sweep). */
  readonly newRevision?: boolean;
  /** Where the winner's file goes (default: beside the store, optimize/<experiment>-<hash>.json). */
  readonly out?: string;
  readonly onTrial?: (trial: Trial, where: { round: number | null; agent: string | null }) => void;
}

export interface Confirmation {
  readonly seeds: number;
  readonly baseline: string;
  readonly winner: string;
  /** Confirmation runs (baseline and winner on each fresh seed) and how many of them ran now (the rest were stored). */
  readonly runs_requested: number;
  readonly runs_executed: number;
  /**
   * Search mode: whether the winner's mean on the fresh seeds is better than the baseline's (in the
   * objective's direction); false means the search's winner did not hold up. Null in equilibrium
   * mode, where an equilibrium is what the agents reach, not a claim to beat the baseline.
   */
  readonly confirmed: boolean | null;
  /** The objective; in equilibrium mode the system's value of the objective metric. */
  readonly stats: PairedStats;
  /** Equilibrium mode: each searched agent's own objective. */
  readonly by_agent: Readonly<Record<string, PairedStats>> | null;
}

export interface OptimizationReport {
  readonly optimization_id: string;
  readonly experiment: string;
  readonly revision: number;
  readonly mode: 'search' | 'equilibrium';
  readonly method: string;
  readonly objective: string;
  readonly trials: ReadonlyArray<Trial & { round: number | null; agent: string | null; runs_executed: number }>;
  /** Runs requested by the search's trials (trial × seed, cached repeats free). */
  readonly evaluations: number;
  /** Of those, the runs executed in this invocation (the rest were stored). */
  readonly search_runs_executed: number;
  /** Every run executed in this invocation: the search's and the confirmation's. */
  readonly runs_executed: number;
  /** The winner's (or equilibrium's) parameters that sit on a bound of the search box. */
  readonly on_boundary: readonly BoundaryHit[];
  readonly stopped: string;
  readonly best: Trial | null;
  readonly equilibrium: EquilibriumResult | null;
  readonly confirmation: Confirmation | null;
  readonly winner_file: string | null;
  /** Agent → the policy file written for it (agents whose Tree parameters were searched). */
  readonly policy_files: Readonly<Record<string, string>>;
}

/** A parameter of the result at a bound of its range: the optimum may lie outside the box searched. */
export interface BoundaryHit {
  readonly parameter: string;
  readonly value: number;
  readonly bound: 'lower' | 'upper';
  readonly bounds: readonly [number, number];
}

/** The real and integer parameters of `assignment` that sit on their lower or upper bound. */
export function boundaryHits(space: readonly Parameter[], assignment: Assignment): BoundaryHit[] {
  const hits: BoundaryHit[] = [];
  for (const p of space) {
    const value = assignment[p.name];
    if (p.type === 'choice' || typeof value !== 'number' || p.low === p.high) continue;
    const bound = value <= p.low ? 'lower' : value >= p.high ? 'upper' : null;
    if (bound !== null) hits.push({ parameter: p.name, value, bound, bounds: [p.low, p.high] });
  }
  return hits;
}

export async function runOptimization(prepared: Prepared, options: RunOptions): Promise<OptimizationReport> {
  const { spec, experiment } = prepared;
  const racing = options.racing === false ? null : spec.racing;
  const store = await openStore(options.db);
  const pool = createPool(options.workers);
  const evaluator = new StoreEvaluator({
    store,
    experimentDoc: prepared.doc,
    file: prepared.file,
    specJson: experiment.specJson,
    specSha256: experiment.specSha256,
    pool,
    workers: options.workers,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.newRevision ? { newRevision: true } : {}),
  });
  let optimizationId = prepared.optimizationId;
  let begun = false;
  const objectiveLabel = `${spec.objective.metric}${spec.objective.agent ? ` of ${spec.objective.agent}` : spec.mode === 'equilibrium' ? ' (each agent its own)' : ''} (${spec.objective.direction} is better)`;
  const trials: Array<OptimizationReport['trials'][number]> = [];
  const onTrial = async (trial: Trial, where: { round: number | null; agent: string | null }): Promise<void> => {
    // The runs this trial's variant executed in this invocation (equilibrium mode may have run
    // them ahead, in a batch with other trials'); a repeat's were its first occurrence's.
    const executed = trial.status === 'repeat' ? 0 : evaluator.runsExecuted(trial.key);
    trials.push({ ...trial, ...where, runs_executed: executed });
    const v = trial.versus;
    await saveTrial(store.connection, optimizationId, {
      index: trials.length - 1,
      ...where,
      variant: trial.key,
      params: trial.assignment,
      seeds: trial.seeds,
      values: trial.values,
      mean: trial.mean,
      incumbent: v?.incumbent ?? null,
      mean_difference: v?.mean_difference ?? null,
      ci: v?.ci ?? null,
      p_worse: v?.p_worse ?? null,
      status: trial.status,
      reason: trial.reason,
      evaluations: trial.evaluations,
      runs_executed: executed,
    });
    options.onTrial?.(trial, where);
  };
  let external: ExternalProposer | null = null;
  // A proposed tree runs as the agent's policy; without a proposer a trial is its parameters.
  const variantOf = (a: Assignment): VariantDocument => (external === null ? trialVariant(spec.parameters, a) : proposalVariant(spec.parameters, a, external.tree));
  const evaluateFor = (metric: string, agents: Whose, constraints: readonly ConstraintSpec[]): Evaluate => async (t, seeds) =>
    evaluator.observe(t.key, variantOf(t.assignment), seeds, { metric, agents }, constraints);
  const bounds = (cs: readonly ConstraintSpec[]): Constraint[] => cs.map((c) => ({ label: constraintLabel(c), min: c.min, max: c.max }));
  try {
    // Before anything is written: a changed experiment is refused (exit 2) unless --new-revision.
    const first = startAssignment(spec);
    const revision = await evaluator.settleRevision({ [assignmentKey(first)]: trialVariant(spec.parameters, first) }, spec.seeds);
    // A later revision's optimisation is another one: its trials never overwrite the first's.
    if (revision > 1) optimizationId = `${optimizationId}-r${revision}`;
    begun = true;
    await beginOptimization(store.connection, {
      optimization_id: optimizationId,
      experiment_id: experiment.name,
      mode: spec.mode,
      method: prepared.proposer === null ? spec.method : 'proposer',
      objective: objectiveLabel,
      spec_json: canonicalize(prepared.doc[OPTIMIZE])!,
    });
    const start = startAssignment(spec);
    let result: SearchResult | null = null;
    let equilibrium: EquilibriumResult | null = null;
    if (prepared.proposer !== null) {
      external = await ExternalProposer.open({
        connection: store.connection,
        optimizationId,
        experiment: experiment.name,
        experimentDoc: prepared.doc,
        file: prepared.file,
        spec,
        proposer: prepared.proposer,
        start,
        racing,
        policies: prepared.policies,
        runKeys: evaluator.runKeys,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    if (spec.mode === 'search') {
      result = await search({
        space: spec.parameters,
        ...(external === null ? { method: makeMethod(spec.method, spec.parameters, startPoint(spec.parameters, start), spec.seed) } : { propose: external.propose }),
        seeds: spec.seeds,
        direction: spec.objective.direction,
        constraints: bounds(spec.constraints),
        maxEvaluations: spec.maxEvaluations,
        maxMs: spec.maxSeconds === null ? null : spec.maxSeconds * 1000,
        racing,
        start,
        evaluate: evaluateFor(spec.objective.metric, spec.objective.agent === null ? null : [spec.objective.agent], spec.constraints),
        onTrial: (t) => onTrial(t, { round: null, agent: null }),
      });
    } else {
      // A player is an agent or a class; its objective is its members' sum (an agent's own value).
      const binding = new Map<string, readonly ConstraintSpec[]>();
      const players: Player[] = spec.agents.map((name) => {
        const members = membersOf(spec, name);
        // A player's best response must meet the system's constraints and its members' own, not the others'.
        const own = spec.constraints.filter((c) => c.agent === null || members.includes(c.agent));
        binding.set(name, own);
        return {
          agent: name,
          space: spec.parameters.filter((p) => (p.class ?? p.agent) === name),
          direction: spec.objective.direction,
          constraints: bounds(own),
          evaluate: evaluateFor(spec.objective.metric, members, own),
        };
      });
      equilibrium = await iteratedBestResponse({
        players,
        start,
        method: (player, at) => makeMethod(spec.method, player.space, at, spec.seed),
        seeds: spec.seeds,
        tolerance: spec.tolerance,
        maxRounds: spec.rounds,
        maxEvaluations: spec.maxEvaluations,
        racing,
        order: spec.order,
        // Without a proposer, a grid's points are known before its search runs: they are run in one batch.
        plannedPoints: (player) => plannedPoints(spec.method, player.space),
        batch: (requests) =>
          evaluator.observeMany(
            requests.flatMap((r) =>
              r.profiles.map((profile) => ({
                variant: assignmentKey(profile),
                doc: variantOf(profile),
                objective: { metric: spec.objective.metric, agents: membersOf(spec, r.player.agent) },
                constraints: binding.get(r.player.agent)!,
                seeds: r.seeds,
              })),
            ),
          ),
        onTrial: (where, t) => onTrial(t, where),
      });
    }
    const best = result?.best ?? null;
    // In equilibrium mode the profile reached is confirmed whatever stopped the rounds (the report says what did).
    const winner = best !== null ? { key: best.key, assignment: best.assignment } : equilibrium !== null && equilibrium.status !== 'infeasible' ? { key: assignmentKey(equilibrium.profile), assignment: equilibrium.profile } : null;
    const searchRunsExecuted = evaluator.executed;
    const confirmation = winner !== null && spec.confirmSeeds.length > 0 ? await confirm(evaluator, prepared, winner.key, variantOf(winner.assignment), equilibrium !== null ? spec.agents : []) : null;
    const report: OptimizationReport = {
      optimization_id: optimizationId,
      experiment: experiment.name,
      revision: evaluator.revision,
      mode: spec.mode,
      method: prepared.proposer === null ? spec.method : 'proposer',
      objective: objectiveLabel,
      trials,
      evaluations: result?.evaluations ?? equilibrium?.evaluations ?? 0,
      search_runs_executed: searchRunsExecuted,
      runs_executed: evaluator.executed,
      on_boundary: winner === null ? [] : boundaryHits(spec.parameters, winner.assignment),
      stopped: result?.stopped ?? equilibrium?.status ?? 'method',
      best,
      equilibrium,
      confirmation,
      winner_file: null,
      policy_files: {},
    };
    const out = options.out ?? defaultOut(options.db, optimizationId);
    const final = winner === null ? report : { ...report, winner_file: out, policy_files: await writeWinner(evaluator, prepared, report, winner, out, variantOf) };
    await finishOptimization(store.connection, optimizationId, 'finished', summary(final, winner?.key ?? null), evaluator.revision);
    return final;
  } catch (error) {
    if (begun) await finishOptimization(store.connection, optimizationId, 'stopped', { error: String(error) }, evaluator.revision).catch(() => undefined);
    // The id to resume by: a later revision's (`…-rN`) is only known here.
    if (error instanceof Interrupted) error.optimizationId = optimizationId;
    throw error;
  } finally {
    await evaluator.close();
    await pool.destroy();
    store.close();
  }
}

/**
 * The winner and the baseline on the fresh confirmation seeds, compared as `paysim compare` does:
 * the objective (in equilibrium mode the system's value of the metric) and, for each of `agents`,
 * that agent's own.
 */
async function confirm(evaluator: StoreEvaluator, prepared: Prepared, key: string, winner: VariantDocument, agents: readonly string[]): Promise<Confirmation> {
  const { spec, doc } = prepared;
  const variants = isRecord(doc['variants']) ? doc['variants'] : {};
  const baseline: VariantDocument = isRecord(variants['baseline']) ? (variants['baseline'] as VariantDocument) : {};
  const before = evaluator.executed;
  const keys = await evaluator.ensure({ baseline, [key]: winner }, spec.confirmSeeds);
  const runs = { runs_requested: keys.size * spec.confirmSeeds.length, runs_executed: evaluator.executed - before };
  const compare = async (agent: string | null): Promise<PairedStats> => {
    const whose = agent === null ? null : membersOf(spec, agent);
    const base = await evaluator.metric(keys.get('baseline')!, spec.objective.metric, whose);
    const win = await evaluator.metric(keys.get(key)!, spec.objective.metric, whose);
    const pairs = spec.confirmSeeds.map((seed) => ({ key: seed, seed, baseline: base.get(seed)!, candidate: win.get(seed)! }));
    return pairedStats(pairs, spec.objective.direction);
  };
  const byAgent: Record<string, PairedStats> = {};
  for (const agent of agents) byAgent[agent] = await compare(agent);
  const stats = await compare(spec.objective.agent);
  return {
    seeds: spec.confirmSeeds.length,
    baseline: 'baseline',
    winner: key,
    ...runs,
    confirmed: spec.mode === 'search' ? stats.mean_improvement > 0 : null,
    stats,
    by_agent: agents.length > 0 ? byAgent : null,
  };
}

function defaultOut(db: string, id: string): string {
  return `${dirname(db)}/optimize/${id.replace(/[^A-Za-z0-9_.-]/g, '-')}.json`;
}

/** The winner's file and its agents' policy files (the documents one of the winner's stored runs ran). */
async function writeWinner(
  evaluator: StoreEvaluator,
  prepared: Prepared,
  report: OptimizationReport,
  winner: { readonly key: string; readonly assignment: Assignment },
  out: string,
  variantOf: (a: Assignment) => VariantDocument,
): Promise<Record<string, string>> {
  const { spec } = prepared;
  const { key: trial, assignment } = winner;
  // Stored already (a search seed of the winner): this finds its run, it runs nothing.
  const variant = variantOf(assignment);
  const runKey = (await evaluator.ensure({ [trial]: variant }, spec.seeds.slice(0, 1))).get(trial)!.get(spec.seeds[0]!)!;
  const c = report.confirmation;
  return writeWinnerFiles(
    out,
    {
      optimization_id: report.optimization_id,
      experiment: report.experiment,
      experiment_file: prepared.file,
      revision: report.revision,
      mode: report.mode,
      method: report.method,
      objective: report.objective,
      trial,
      assignment,
      search: report.best ? { seeds: report.best.seeds.length, mean: report.best.mean } : null,
      confirmation: c ? { seeds: c.seeds, confirmed: c.confirmed, stats: c.stats, by_agent: c.by_agent } : null,
      equilibrium: report.equilibrium ? { status: report.equilibrium.status, rounds: report.equilibrium.rounds, regret: report.equilibrium.regret } : null,
      ...(prepared.proposer === null
        ? {}
        : { variant, proposer: { command: prepared.proposer.command, rationale: report.best?.note?.rationale ?? null }, proposedTrees: Object.keys(treesOf(assignment)) }),
    },
    spec.parameters,
    await evaluator.policyDocuments(runKey),
  );
}

/** The stored result; `winner` is the trial confirmed and written out (none for an infeasible equilibrium). */
function summary(r: OptimizationReport, winner: string | null): unknown {
  return {
    winner,
    best: r.best ? { variant: r.best.key, parameters: r.best.assignment, mean: r.best.mean } : null,
    evaluations: r.evaluations,
    search_runs_executed: r.search_runs_executed,
    runs_executed: r.runs_executed,
    on_boundary: r.on_boundary,
    stopped: r.stopped,
    equilibrium: r.equilibrium ? { profile: r.equilibrium.profile, status: r.equilibrium.status, regret: r.equilibrium.regret, path: r.equilibrium.path } : null,
    confirmation: r.confirmation ? { ...r.confirmation.stats, winner: r.confirmation.winner, confirmed: r.confirmation.confirmed, by_agent: r.confirmation.by_agent } : null,
    winner_file: r.winner_file,
    policy_files: r.policy_files,
  };
}

/** The agents whose objectives a player sums: a class's members, or the agent itself. */
function membersOf(spec: OptimizeSpec, player: string): readonly string[] {
  return spec.classes[player] ?? [player];
}
