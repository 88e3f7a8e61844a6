// Expansion of an experiment into run specs: seeds × `vary` grid × `variants` (runner.md §2).
// Each grid point × variant is one scenario document, validated once here — so a bad value or an
// unknown path is reported, with the vary key it came from, before any run starts.

import { dirname } from 'node:path';
import { joinPath, ValidationError, type ValidationIssue } from '../config/issues.js';
import { isRecord, sortIssues } from '../config/json-path.js';
import { paymentSpec, readSpecFile } from '../config/payments/attach.js';
import type { PaymentFileData } from '../config/payments/load.js';
import { readDocumentFile } from '../config/read.js';
import { type LoadedScenario, parseScenarioDocument } from '../config/scenario.js';
import { policyFilePath, readPolicyFile } from '../policy/load-file.js';
import { resolvePolicySpec } from '../policy/resolve.js';
import type { PolicyRecord } from '../store/writer.js';
import { type Experiment, varyPath } from './experiment.js';
import type { RunIdentity } from './run-record.js';
import { canonicalSha256, runKey } from './run-key.js';
import type { RunSpec } from './run-spec.js';
import { planSizeIssue } from './plan-limits.js';
import { applyVaryPath } from './vary-path.js';

export interface PlannedRun {
  /** Position in the experiment's canonical order (grid point, variant, seed); shards split on it. */
  readonly index: number;
  readonly identity: RunIdentity;
  readonly spec: RunSpec;
}

export interface Plan {
  readonly experiment: Experiment;
  readonly runs: readonly PlannedRun[];
  /** Every policy the runs use, by content hash. */
  readonly policies: readonly PolicyRecord[];
  /** Number of distinct grid points × variants. */
  readonly combinations: number;
}

/** Throws ValidationError with every problem found. */
export function planExperiment(experiment: Experiment): Plan {
  const tooLarge = planSizeIssue(experiment);
  if (tooLarge !== null) throw new ValidationError([tooLarge]);
  const issues: ValidationIssue[] = [];
  const scenarioFile = experiment.scenarioFile;
  const baseLoaded = loadBaseScenario(scenarioFile);
  const base = inlineScenarioPolicies(baseLoaded.doc, dirname(scenarioFile));
  const paymentFiles = new PaymentFileCache(scenarioFile, baseLoaded.loaded);
  const variants = experiment.variants.map((variant) => ({
    name: variant.name,
    policies: variantPolicies(experiment, variant.name, variant.lineUp, base, issues),
  }));
  if (issues.length > 0) throw new ValidationError(sortIssues(issues));

  const runs: PlannedRun[] = [];
  const policies = new Map<string, PolicyRecord>();
  const seen = new Set<string>();
  let combinations = 0;
  for (const point of gridPoints(experiment)) {
    for (const variant of variants) {
      const doc = structuredClone(base);
      setPolicies(doc, variant.policies);
      const touched = applyPoint(doc, experiment, point, issues);
      if (touched === null) continue;
      const payments = paymentFiles.forDocument(doc, experiment, issues);
      if (payments === null) continue;
      const loaded = validateCombination(doc, experiment, point, touched, issues, payments);
      if (loaded === null) continue;
      combinations += 1;
      const params = Object.fromEntries(experiment.axes.map((axis, i) => [axis.path, axis.labels[point[i]!]]));
      // The payment file's digest is part of the key: a worker's cache must not mix two files' orders.
      const scenarioKey = canonicalSha256(payments.data === undefined ? doc : { doc, payments: payments.data.sha256 });
      const scenarioJson = JSON.stringify(doc);
      const runPolicies = loaded.policies.map((p, i) => ({ agent: loaded.config.agents[i]!.id, policy_sha256: p.hash }));
      for (const p of loaded.policies) {
        if (!policies.has(p.hash)) policies.set(p.hash, { policy_sha256: p.hash, name: p.name, document_json: JSON.stringify(p.document) });
      }
      for (const seed of experiment.seeds) {
        const key = runKey({ experiment_id: experiment.name, variant: variant.name, params, config_hash: loaded.configHash, seed });
        if (seen.has(key)) continue; // a value listed twice: one run
        seen.add(key);
        const identity: RunIdentity = {
          run_key: key,
          experiment_id: experiment.name,
          variant: variant.name,
          params,
          seed,
          config_hash: loaded.configHash,
          scenario: scenarioFile,
          policies: runPolicies,
        };
        const spec: RunSpec = {
          run_key: key,
          experiment_id: experiment.name,
          variant: variant.name,
          seed,
          scenario_key: scenarioKey,
          scenario_json: scenarioJson,
          scenario_file: scenarioFile,
          outputs: experiment.outputs,
          ...(payments.data === undefined ? {} : { payments: payments.data }),
        };
        runs.push({ index: runs.length, identity, spec });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(sortIssues(issues));
  return { experiment, runs, policies: [...policies.values()], combinations };
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
 * same tree from a file, so the policy's hash is unchanged.
 */
function inlineSpec(spec: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  if (spec['type'] !== 'Tree' || typeof spec['file'] !== 'string') return spec;
  const read = readPolicyFile(policyFilePath(baseDir, spec['file']));
  if (!read.ok) throw new ValidationError(read.issues); // unreachable: resolution has read it already
  const { file: _file, ...rest } = spec;
  return { ...rest, tree: read.value };
}

function inlineScenarioPolicies(doc: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  const agents = doc['agents'] as Array<Record<string, unknown>>;
  return {
    ...doc,
    agents: agents.map((agent) => (isRecord(agent['policy']) ? { ...agent, policy: inlineSpec(agent['policy'], baseDir) } : agent)),
  };
}

/** A variant's policy specs by agent index, checked and inlined; problems go to `issues`. */
function variantPolicies(
  experiment: Experiment,
  name: string,
  lineUp: Readonly<Record<string, Record<string, unknown>>>,
  base: Record<string, unknown>,
  issues: ValidationIssue[],
): Map<number, Record<string, unknown>> {
  const agents = base['agents'] as Array<Record<string, unknown>>;
  const ids = agents.map((a) => String(a['id']));
  const baseDir = dirname(experiment.file);
  const out = new Map<number, Record<string, unknown>>();
  for (const [agent, spec] of Object.entries(lineUp)) {
    const path = joinPath(joinPath('variants', name), agent);
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
    out.set(index, inlineSpec(spec, baseDir));
  }
  return out;
}

function setPolicies(doc: Record<string, unknown>, policies: ReadonlyMap<number, Record<string, unknown>>): void {
  const agents = doc['agents'] as Array<Record<string, unknown>>;
  for (const [index, spec] of policies) agents[index] = { ...agents[index]!, policy: structuredClone(spec) };
}

/** Grid points as index tuples into each axis's values, first axis slowest. */
function* gridPoints(experiment: Experiment): Generator<number[]> {
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

/** Applies every axis's value at `point`; returns the concrete paths each touched, or null. */
function applyPoint(doc: Record<string, unknown>, experiment: Experiment, point: readonly number[], issues: ValidationIssue[]): string[][] | null {
  const touched: string[][] = [];
  let ok = true;
  experiment.axes.forEach((axis, i) => {
    const result = applyVaryPath(doc, axis.segments, axis.changes[point[i]!]!);
    if (result.ok) touched.push([...result.touched]);
    else {
      ok = false;
      touched.push([]);
      issues.push({ file: experiment.file, path: varyPath(axis.path), code: 'bad_path', message: result.message });
    }
  });
  return ok ? touched : null;
}

/**
 * Validates one grid point × variant. A problem at a path a vary key wrote is reported at that
 * key (`vary."agents[*].credit_limit": with 'abc': agents[0].credit_limit: …`); others as they are.
 */
function validateCombination(
  doc: Record<string, unknown>,
  experiment: Experiment,
  point: readonly number[],
  touched: readonly string[][],
  issues: ValidationIssue[],
  payments: { data?: PaymentFileData },
): LoadedScenario | null {
  try {
    const preloaded = payments.data === undefined ? {} : { payments: payments.data };
    return parseScenarioDocument(doc, { file: experiment.scenarioFile, baseDir: null, ...preloaded });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) {
      const axis = experiment.axes.findIndex((_, i) => touched[i]!.some((p) => related(p, issue.path)));
      if (axis < 0) {
        issues.push(issue);
        continue;
      }
      const a = experiment.axes[axis]!;
      const label = JSON.stringify(a.labels[point[axis]!]);
      issues.push({
        file: experiment.file,
        path: varyPath(a.path),
        code: issue.code,
        message: `with ${label}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`,
      });
    }
    return null;
  }
}

/** True when one path is the other or lies inside it. */
function related(a: string, b: string): boolean {
  const inside = (x: string, y: string): boolean => x === y || (y !== '' && (x.startsWith(`${y}.`) || x.startsWith(`${y}[`)));
  return inside(a, b) || inside(b, a);
}
