// Expansion of an experiment into run specs: seeds × `vary` grid × `variants` (runner.md §2).
// Each grid point × variant is one scenario document, validated once here — so a bad value or an
// unknown path is reported, with the vary key or variant `set` key it came from, before any run
// starts. The plan also carries the experiment's record (experiment-record.ts): what a revision
// of the experiment was run with.

import { dirname } from 'node:path';
import { joinPath, ValidationError, type ValidationIssue } from '../input/issues.js';
import { isRecord, sortIssues } from '../input/json-path.js';
import { paymentSpec, readSpecFile } from '../config/payments/attach.js';
import type { PaymentFileData } from '../config/payments/load.js';
import { readDocumentFile } from '../input/read.js';
import { type LoadedScenario, parseScenarioDocument } from '../config/scenario.js';
import { policyFilePath, readPolicyFile } from '../policy/load-file.js';
import { resolvePolicySpec } from '../policy/resolve.js';
import type { PolicyRecord, ScenarioRecord } from '../store/writer.js';
import { type ExperimentRecord, experimentRecord } from './experiment-record.js';
import { type Experiment, type Variant, variantSetPath, varyPath } from './experiment.js';
import { policyRecords, type RunIdentity, runIdentity, type RunIdentityInput, withRevision } from './run-record.js';
import { canonicalSha256, runConfigHash } from './run-key.js';
import { planSizeIssue } from './plan-limits.js';
import type { RunOutputs, RunSpec } from './run-spec.js';
import { scenarioRecord, withStoredSeed } from './scenario-document.js';
import { applyVaryPath } from './vary-path.js';

export interface PlannedRun {
  /** Position in the experiment's canonical order (grid point, variant, seed); shards split on it. */
  readonly index: number;
  readonly identity: RunIdentity;
  readonly spec: RunSpec;
}

/** What a run needs besides its identity: the document the worker runs and what it stores. */
export interface RunWork {
  readonly scenario_key: string;
  readonly scenario_json: string;
  readonly outputs: RunOutputs;
  readonly payments?: PaymentFileData;
  readonly opening_balances?: readonly number[];
}

/**
 * A run for the pool: its identity (and key) and the spec its worker gets, the fields they share
 * written once. Sweeps, frontiers and stress studies plan their runs through it.
 */
export function plannedRun(index: number, input: RunIdentityInput, work: RunWork): PlannedRun {
  const identity = runIdentity(input);
  const spec: RunSpec = {
    run_key: identity.run_key,
    experiment_id: input.experiment_id,
    variant: input.variant,
    seed: input.seed,
    scenario_file: input.scenario,
    ...work,
  };
  return { index, identity, spec };
}

export interface Plan {
  readonly experiment: Experiment;
  /** The revision the run keys are made for (1 until the store says otherwise, see withPlanRevision). */
  readonly revision: number;
  readonly runs: readonly PlannedRun[];
  /** Every policy the runs use, by content hash. */
  readonly policies: readonly PolicyRecord[];
  /** Every scenario document the runs use, by content hash. */
  readonly scenarios: readonly ScenarioRecord[];
  /** Number of distinct grid points × variants. */
  readonly combinations: number;
  readonly gridPoints: number;
  /** What this experiment is run with, to tell a changed configuration from a resumed one. */
  readonly record: ExperimentRecord;
}

/** A change a grid value or a variant's `set` made: where it was written, and what it touched. */
interface Write {
  /** The experiment path that wrote it (`vary."…"`, `variants.x.set."…"`). */
  readonly source: string;
  /** The value, for messages. */
  readonly label: unknown;
  readonly touched: readonly string[];
}

/**
 * The experiment's scenario as read, validated and inlined once: planning many sets of variants of
 * one scenario (an optimisation's trials) reuses it instead of reading the files again.
 */
export interface ScenarioBase {
  readonly scenarioFile: string;
  /** The document as written. */
  readonly written: Record<string, unknown>;
  /** Policy files inlined. */
  readonly inlined: Record<string, unknown>;
  /** Policy files read for it (path → content hash). */
  readonly policyFiles: ReadonlyMap<string, string>;
  readonly paymentFiles: PaymentFileCache;
}

export function scenarioBase(scenarioFile: string): ScenarioBase {
  const baseLoaded = loadBaseScenario(scenarioFile);
  const policyFiles = new Map<string, string>();
  const inlined = inlineScenarioPolicies(baseLoaded.doc, dirname(scenarioFile), policyFiles);
  return { scenarioFile, written: baseLoaded.doc, inlined, policyFiles, paymentFiles: new PaymentFileCache(scenarioFile, baseLoaded.loaded) };
}

/** Throws ValidationError with every problem found. `prepared`: the scenario read already (scenarioBase of the same file). */
export function planExperiment(experiment: Experiment, prepared: ScenarioBase | null = null): Plan {
  const tooLarge = planSizeIssue(experiment);
  if (tooLarge !== null) throw new ValidationError([tooLarge]);
  const issues: ValidationIssue[] = [];
  const scenarioFile = experiment.scenarioFile;
  const scenario = prepared !== null && prepared.scenarioFile === scenarioFile ? prepared : scenarioBase(scenarioFile);
  const written = scenario.written;
  const policyFiles = new Map(scenario.policyFiles);
  const base = scenario.inlined;
  const paymentFiles = scenario.paymentFiles;
  const variants = experiment.variants.map((variant) => ({
    variant,
    policies: variantPolicies(experiment, variant, base, issues, policyFiles),
  }));
  if (issues.length > 0) throw new ValidationError(sortIssues(issues));

  const runs: PlannedRun[] = [];
  const policies = new Map<string, PolicyRecord>();
  const scenarios = new Map<string, ScenarioRecord>();
  const seen = new Set<string>();
  let combinations = 0;
  let gridPoints = 0;
  for (const point of gridPointsOf(experiment)) {
    gridPoints += 1;
    for (const { variant, policies: lineUp } of variants) {
      const doc = structuredClone(base);
      setPolicies(doc, lineUp);
      const writes = applyVariant(doc, experiment, variant, issues);
      const gridWrites = writes === null ? null : applyPoint(doc, experiment, point, issues);
      if (writes === null || gridWrites === null) continue;
      if (!disjoint(experiment, variant, writes, gridWrites, issues)) continue;
      const payments = paymentFiles.forDocument(doc, experiment, issues);
      if (payments === null) continue;
      const loaded = validateCombination(doc, experiment, [...writes, ...gridWrites], issues, payments);
      if (loaded === null) continue;
      combinations += 1;
      const params = Object.fromEntries(experiment.axes.map((axis, i) => [axis.path, axis.labels[point[i]!]]));
      const stored = scenarioRecord(withStoredSeed(doc));
      // The payment file's digest is part of the worker's cache key: its cache must not mix two files' orders.
      const scenarioKey = payments.data === undefined ? stored.scenario_sha256 : canonicalSha256({ doc: stored.scenario_sha256, payments: payments.data.sha256 });
      scenarios.set(stored.scenario_sha256, stored);
      for (const p of policyRecords(loaded.policies)) policies.set(p.policy_sha256, p);
      // One canonical hash per document, not per seed: the seed is left out of it anyway.
      const configHash = runConfigHash(loaded);
      for (const seed of experiment.seeds) {
        const run = plannedRun(
          runs.length,
          {
            experiment_id: experiment.name,
            revision: 1,
            variant: variant.name,
            params,
            seed,
            loaded,
            config_hash: configHash,
            scenario: scenarioFile,
            scenario_sha256: stored.scenario_sha256,
          },
          {
            scenario_key: scenarioKey,
            scenario_json: stored.document_json,
            outputs: experiment.outputs,
            ...(payments.data === undefined ? {} : { payments: payments.data }),
          },
        );
        if (seen.has(run.identity.run_key)) continue; // a value listed twice: one run
        seen.add(run.identity.run_key);
        runs.push(run);
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(sortIssues(issues));
  return {
    experiment,
    revision: 1,
    runs,
    policies: [...policies.values()],
    scenarios: [...scenarios.values()],
    combinations,
    gridPoints,
    record: experimentRecord(experiment, written, policyFiles),
  };
}

/** The plan with its runs keyed for another revision of the experiment. */
export function withPlanRevision(plan: Plan, revision: number): Plan {
  if (revision === plan.revision) return plan;
  const runs = plan.runs.map((run) => {
    const identity = withRevision(run.identity, revision);
    return { ...run, identity, spec: { ...run.spec, run_key: identity.run_key } };
  });
  return { ...plan, revision, runs };
}

/**
 * A scenario file as one self-contained document for run specs: validated, policy files inlined.
 * Callers that build their own runs (paysim liquidity) start from it as the sweep does.
 */
export function loadRunnableScenario(file: string): { doc: Record<string, unknown>; payments: PaymentFileData | null } {
  const base = loadBaseScenario(file);
  return { doc: inlineScenarioPolicies(base.doc, dirname(file), new Map()), payments: base.loaded.payments ?? null };
}

/** The scenario as written, validated on its own first (its problems name its own file). */
function loadBaseScenario(file: string): { doc: Record<string, unknown>; loaded: LoadedScenario } {
  const doc = readDocumentFile(file);
  const loaded = parseScenarioDocument(doc, { file, baseDir: dirname(file) });
  return { doc: doc as Record<string, unknown>, loaded };
}

/**
 * Payment files by what determines their orders (the `payments` key, ticks_per_day, num_days):
 * read once per distinct combination — in practice once, with the base scenario — and handed
 * to every run spec that uses it.
 */
class PaymentFileCache {
  private readonly files = new Map<string, PaymentFileData>();

  constructor(
    private readonly scenarioFile: string,
    base: LoadedScenario,
  ) {
    if (base.payments) this.files.set(this.key(base.document), base.payments);
  }

  /** `{data}` for a document with a payment file, `{}` without; null when it cannot be read (issues added). */
  forDocument(doc: Record<string, unknown>, experiment: Experiment, issues: ValidationIssue[]): { data?: PaymentFileData } | null {
    const spec = paymentSpec(doc);
    if (spec === null) return {};
    const key = this.key(doc);
    let data = this.files.get(key);
    if (data === undefined) {
      try {
        const { payments: _file, ...withoutFile } = doc;
        const config = parseScenarioDocument(withoutFile, { file: this.scenarioFile, baseDir: null }).config;
        data = readSpecFile(spec, { file: this.scenarioFile, baseDir: dirname(this.scenarioFile) }, config);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues.map((issue) => ({ ...issue, message: `${issue.message} (in ${experiment.file})` })));
        return null;
      }
      this.files.set(key, data);
    }
    return { data };
  }

  private key(doc: unknown): string {
    const d = doc as { simulation?: Record<string, unknown>; payments?: unknown };
    return canonicalSha256({ payments: d.payments, tpd: d.simulation?.['ticks_per_day'], days: d.simulation?.['num_days'] });
  }
}

/**
 * Replaces `{type: Tree, file: F}` by `{type: Tree, tree: <F's content>}`: the worker gets one
 * self-contained document and reads no files. Resolution treats an inline tree exactly like the
 * same tree from a file, so the policy's hash is unchanged. Each file read is noted in `files`
 * (path → content hash) for the experiment record.
 */
function inlineSpec(spec: Record<string, unknown>, baseDir: string, files: Map<string, string>): Record<string, unknown> {
  if (spec['type'] !== 'Tree' || typeof spec['file'] !== 'string') return spec;
  const path = policyFilePath(baseDir, spec['file']);
  const read = readPolicyFile(path);
  if (!read.ok) throw new ValidationError(read.issues); // unreachable: resolution has read it already
  files.set(path, canonicalSha256(read.value));
  const { file: _file, ...rest } = spec;
  return { ...rest, tree: read.value };
}

function inlineScenarioPolicies(doc: Record<string, unknown>, baseDir: string, files: Map<string, string>): Record<string, unknown> {
  const agents = doc['agents'] as Array<Record<string, unknown>>;
  return {
    ...doc,
    agents: agents.map((agent) => (isRecord(agent['policy']) ? { ...agent, policy: inlineSpec(agent['policy'], baseDir, files) } : agent)),
  };
}

/** A variant's policy specs by agent index, checked and inlined; problems go to `issues`. */
function variantPolicies(
  experiment: Experiment,
  variant: Variant,
  base: Record<string, unknown>,
  issues: ValidationIssue[],
  files: Map<string, string>,
): Map<number, Record<string, unknown>> {
  const agents = base['agents'] as Array<Record<string, unknown>>;
  const ids = agents.map((a) => String(a['id']));
  const baseDir = dirname(experiment.file);
  const out = new Map<number, Record<string, unknown>>();
  for (const [agent, spec] of Object.entries(variant.lineUp)) {
    const path = joinPath(variant.lineUpPath, agent);
    const index = ids.indexOf(agent);
    if (index < 0) {
      issues.push({ file: experiment.file, path, code: 'unknown_agent', message: `no agent '${agent}' in the scenario (agents: ${ids.join(', ')})` });
      continue;
    }
    const resolved = resolvePolicySpec(spec, { file: experiment.file, baseDir, path });
    if (!resolved.ok) {
      issues.push(...resolved.issues);
      continue;
    }
    out.set(index, inlineSpec(spec, baseDir, files));
  }
  return out;
}

function setPolicies(doc: Record<string, unknown>, policies: ReadonlyMap<number, Record<string, unknown>>): void {
  const agents = doc['agents'] as Array<Record<string, unknown>>;
  for (const [index, spec] of policies) agents[index] = { ...agents[index]!, policy: structuredClone(spec) };
}

/** Grid points as index tuples into each axis's values, first axis slowest. */
function* gridPointsOf(experiment: Experiment): Generator<number[]> {
  const sizes = experiment.axes.map((axis) => axis.changes.length);
  const point = sizes.map(() => 0);
  for (;;) {
    yield point.slice();
    let axis = sizes.length - 1;
    while (axis >= 0 && point[axis]! + 1 >= sizes[axis]!) point[axis--] = 0;
    if (axis < 0) return;
    point[axis]! += 1;
  }
}

/** Applies a variant's `set` values; returns what each wrote, or null. */
function applyVariant(doc: Record<string, unknown>, experiment: Experiment, variant: Variant, issues: ValidationIssue[]): Write[] | null {
  const writes: Write[] = [];
  let ok = true;
  for (const set of variant.sets) {
    const source = variantSetPath(variant.name, set.path);
    const result = applyVaryPath(doc, set.segments, { kind: 'set', value: set.value });
    if (result.ok) writes.push({ source, label: set.value, touched: result.touched });
    else {
      ok = false;
      issues.push({ file: experiment.file, path: source, code: 'bad_path', message: result.message });
    }
  }
  return ok ? writes : null;
}

/** Applies every axis's value at `point`; returns what each wrote, or null. */
function applyPoint(doc: Record<string, unknown>, experiment: Experiment, point: readonly number[], issues: ValidationIssue[]): Write[] | null {
  const writes: Write[] = [];
  let ok = true;
  experiment.axes.forEach((axis, i) => {
    const result = applyVaryPath(doc, axis.segments, axis.changes[point[i]!]!);
    if (result.ok) writes.push({ source: varyPath(axis.path), label: axis.labels[point[i]!], touched: result.touched });
    else {
      ok = false;
      issues.push({ file: experiment.file, path: varyPath(axis.path), code: 'bad_path', message: result.message });
    }
  });
  return ok ? writes : null;
}

/** A variant and the grid must not write the same value: which one wins would be a guess. */
function disjoint(experiment: Experiment, variant: Variant, sets: readonly Write[], grid: readonly Write[], issues: ValidationIssue[]): boolean {
  for (const s of sets) {
    for (const g of grid) {
      const clash = s.touched.find((a) => g.touched.some((b) => related(a, b)));
      if (clash !== undefined) {
        issues.push({
          file: experiment.file,
          path: s.source,
          code: 'conflict',
          message: `variant '${variant.name}' sets ${clash}, which ${g.source} also varies (vary it, or set it, not both)`,
        });
        return false;
      }
    }
  }
  return true;
}

/**
 * Validates one grid point × variant. A problem at a path a vary key or a variant's `set` wrote
 * is reported at that key (`vary."agents[*].credit_limit": with 'abc': agents[0].credit_limit: …`);
 * others as they are.
 */
function validateCombination(
  doc: Record<string, unknown>,
  experiment: Experiment,
  writes: readonly Write[],
  issues: ValidationIssue[],
  payments: { data?: PaymentFileData },
): LoadedScenario | null {
  try {
    const preloaded = payments.data === undefined ? {} : { payments: payments.data };
    return parseScenarioDocument(doc, { file: experiment.scenarioFile, baseDir: null, ...preloaded });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) {
      const write = writes.find((w) => w.touched.some((p) => related(p, issue.path)));
      if (write === undefined) {
        if (!issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
        continue;
      }
      const message = `with ${JSON.stringify(write.label)}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`;
      if (!issues.some((i) => i.path === write.source && i.message === message)) {
        issues.push({ file: experiment.file, path: write.source, code: issue.code, message });
      }
    }
    return null;
  }
}

/** True when one path is the other or lies inside it. */
function related(a: string, b: string): boolean {
  const inside = (x: string, y: string): boolean => x === y || (y !== '' && (x.startsWith(`${y}.`) || x.startsWith(`${y}[`)));
  return inside(a, b) || inside(b, a);
}
