// Experiment files (runner.md §2): read, schema-check and resolve into a typed Experiment. Every
// problem is reported at once, naming the experiment file and the path inside it; the scenario
// and policy files it names are read here too, so a missing one is caught before any run.

import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import canonicalize from 'canonicalize';
import { ajvIssues } from '../input/ajv-issues.js';
import { joinPath, ValidationError, type ValidationIssue } from '../input/issues.js';
import { isRecord, sortIssues } from '../input/json-path.js';
import { readDocumentFile } from '../input/read.js';
import { EXPERIMENT_NODE_PHRASES, experimentSchema } from './experiment-schema.js';
import { DEFAULT_OUTPUTS, type RunOutputs } from './run-spec.js';
import { parseVaryPath, type PathSegment, type VaryChange } from './vary-path.js';

/** Experiment name reserved for runs stored by `paysim run`. */
export const ADHOC_EXPERIMENT = 'adhoc';

export interface VaryAxis {
  /** The path as written (the key under `vary`). */
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly changes: readonly VaryChange[];
  /** What each change records in `runs.params_json`: the value, or `{scale: factor}`. */
  readonly labels: readonly unknown[];
}

/** A value a variant sets (`set:`), at a path of the same syntax as `vary` keys. */
export interface VariantSet {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly value: unknown;
}

export interface Variant {
  readonly name: string;
  /** Agent id → policy spec, as written (paths in it are relative to the experiment file). */
  readonly lineUp: Readonly<Record<string, Record<string, unknown>>>;
  /** Scenario values the variant sets (applied before the grid point's). */
  readonly sets: readonly VariantSet[];
  /** The issue path of the line-up (`variants.x` in the shorthand, `variants.x.policies` else). */
  readonly lineUpPath: string;
}

/** The experiment's defaults for `paysim compare` and `paysim report` (flags override them). */
export interface CompareDefaults {
  readonly baseline?: string;
  readonly metrics?: readonly string[];
  readonly by?: string;
}

export interface Experiment {
  readonly file: string;
  readonly name: string;
  readonly description: string | null;
  /** The scenario file, resolved against the experiment file's folder. */
  readonly scenarioFile: string;
  readonly seeds: readonly string[];
  readonly axes: readonly VaryAxis[];
  readonly variants: readonly Variant[];
  readonly outputs: RunOutputs;
  /** The experiment document as canonical JSON (RFC 8785), and its SHA-256. */
  readonly specJson: string;
  readonly specSha256: string;
  /** The `compare:` section as written (checked by analysis/compare-defaults.ts). */
  readonly compare: unknown;
}

/** `vary."agents[*].credit_limit"`: vary keys contain dots, so the path quotes them. */
export function varyPath(key: string): string {
  return `vary.${JSON.stringify(key)}`;
}

const U64_MAX = 2n ** 64n - 1n;

export function loadExperimentFile(file: string): Experiment {
  return parseExperimentDocument(readDocumentFile(file), file);
}

/**
 * An experiment from a document already in memory (another command may build one): `file` names
 * it in messages, and the scenario and policy files it names are relative to its folder.
 */
export function parseExperimentDocument(doc: unknown, file: string): Experiment {
  const issues = schemaIssues(doc, file);
  if (!isRecord(doc)) throw new ValidationError(sortIssues(issues));
  // The checks below run even when the schema found problems (each only where its part is
  // well-formed), so that one pass reports everything.
  const broken = (path: string): boolean => issues.some((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  const baseDir = dirname(file);
  const name = doc['name'];
  if (name === ADHOC_EXPERIMENT) {
    issues.push({ file, path: 'name', code: 'reserved', message: `'${ADHOC_EXPERIMENT}' is reserved for runs stored by \`paysim run\`` });
  }
  const scenario = doc['scenario'];
  const scenarioFile = typeof scenario === 'string' ? (isAbsolute(scenario) ? scenario : join(baseDir, scenario)) : '';
  if (typeof scenario === 'string' && (!existsSync(scenarioFile) || !statSync(scenarioFile).isFile())) {
    issues.push({ file, path: 'scenario', code: 'missing_file', message: `scenario file not found: ${scenarioFile}` });
  }
  const seeds = broken('seeds') ? [] : seedList(doc['seeds'], file, issues);
  const axes = varyAxes(doc['vary'], file, issues);
  const variants = broken('variants') ? [] : variantList(doc['variants'], file, issues);
  if (issues.length > 0) throw new ValidationError(sortIssues(issues));
  const specJson = canonicalize(doc)!;
  return {
    file,
    name: name as string,
    description: typeof doc['description'] === 'string' ? doc['description'] : null,
    scenarioFile,
    seeds,
    axes,
    variants,
    outputs: { ...DEFAULT_OUTPUTS, ...(isRecord(doc['outputs']) ? (doc['outputs'] as Partial<RunOutputs>) : {}) },
    specJson,
    specSha256: createHash('sha256').update(specJson, 'utf8').digest('hex'),
    compare: doc['compare'],
  };
}

let validator: ValidateFunction | null = null;

function schemaIssues(doc: unknown, file: string): ValidationIssue[] {
  validator ??= new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    verbose: true,
  }).compile(experimentSchema);
  if (validator(doc)) return [];
  const words = { root: experimentSchema as unknown as Record<string, unknown>, defPhrases: {}, nodePhrases: EXPERIMENT_NODE_PHRASES };
  return ajvIssues(validator.errors ?? [], doc, file, words).map((issue) => ({ ...issue, path: quoteVaryKey(issue.path, doc) }));
}

/** `vary.agents[*].credit_limit` (as the generic path writer joins it) → `vary."agents[*].credit_limit"`. */
function quoteVaryKey(path: string, doc: unknown): string {
  if (!path.startsWith('vary.') || !isRecord(doc) || !isRecord(doc['vary'])) return path;
  const keys = Object.keys(doc['vary']).sort((a, b) => b.length - a.length);
  for (const key of keys) {
    const plain = `vary.${key}`;
    if (path === plain || path.startsWith(`${plain}.`) || path.startsWith(`${plain}[`)) {
      return varyPath(key) + path.slice(plain.length);
    }
  }
  return path;
}

/**
 * Seeds of `{from, count}` or a list (the schema has checked the form) as digit strings; a seed
 * past 2^64 − 1 or a repeated one is an issue at `at` (`seeds`, `optimize.confirm_seeds`, …).
 */
export function seedList(value: unknown, file: string, issues: ValidationIssue[], at = 'seeds'): string[] {
  const check = (raw: unknown, path: string): bigint | null => {
    const n = BigInt(raw as number | string);
    if (n > U64_MAX) {
      issues.push({ file, path, code: 'schema', message: `${String(raw)} is too large (expected a seed 0 ≤ n < 2^64)` });
      return null;
    }
    return n;
  };
  if (Array.isArray(value)) {
    const seeds = value.map((raw, i) => check(raw, joinPath(at, i)));
    const unique = new Set(seeds.map(String));
    if (unique.size !== seeds.length) issues.push({ file, path: at, code: 'schema', message: 'seeds repeat (expected distinct seeds)' });
    return seeds.filter((s): s is bigint => s !== null).map(String);
  }
  const spec = value as { from: number | string; count: number };
  const from = check(spec.from, joinPath(at, 'from'));
  if (from === null) return [];
  if (from + BigInt(spec.count) - 1n > U64_MAX) {
    issues.push({ file, path: joinPath(at, 'count'), code: 'schema', message: `${spec.count} seeds from ${String(spec.from)} go past 2^64 − 1` });
    return [];
  }
  return Array.from({ length: spec.count }, (_, i) => String(from + BigInt(i)));
}

function varyAxes(value: unknown, file: string, issues: ValidationIssue[]): VaryAxis[] {
  if (!isRecord(value)) return [];
  const axes: VaryAxis[] = [];
  for (const [path, spec] of Object.entries(value)) {
    const segments = parseVaryPath(path);
    if (typeof segments === 'string') {
      issues.push({ file, path: varyPath(path), code: 'bad_path', message: segments });
      continue;
    }
    if (!Array.isArray(spec) && !(isRecord(spec) && Array.isArray(spec['scale']))) continue; // the schema said why
    if (Array.isArray(spec)) {
      axes.push({ path, segments, changes: spec.map((v) => ({ kind: 'set', value: v })), labels: spec });
    } else {
      const factors = (spec as { scale: number[] }).scale;
      axes.push({
        path,
        segments,
        changes: factors.map((factor) => ({ kind: 'scale', factor })),
        labels: factors.map((factor) => ({ scale: factor })),
      });
    }
  }
  return axes;
}

/** Keys that mark a variant written in full (`{set: …, policies: …}`) rather than as a line-up. */
const VARIANT_KEYS = ['set', 'policies'];

export function isFullVariant(spec: Record<string, unknown>): boolean {
  return Object.keys(spec).some((k) => VARIANT_KEYS.includes(k));
}

function variantList(value: unknown, file: string, issues: ValidationIssue[]): Variant[] {
  if (!isRecord(value)) return [{ name: 'baseline', lineUp: {}, sets: [], lineUpPath: joinPath('variants', 'baseline') }];
  return Object.entries(value).map(([name, raw]) => {
    const spec = raw as Record<string, unknown>;
    const at = joinPath('variants', name);
    if (!isFullVariant(spec)) return { name, lineUp: spec as Record<string, Record<string, unknown>>, sets: [], lineUpPath: at };
    const sets: VariantSet[] = [];
    for (const [path, setValue] of Object.entries(isRecord(spec['set']) ? spec['set'] : {})) {
      const segments = parseVaryPath(path);
      if (typeof segments === 'string') issues.push({ file, path: variantSetPath(name, path), code: 'bad_path', message: segments });
      else sets.push({ path, segments, value: setValue });
    }
    const lineUp = (isRecord(spec['policies']) ? spec['policies'] : {}) as Record<string, Record<string, unknown>>;
    return { name, lineUp, sets, lineUpPath: joinPath(at, 'policies') };
  });
}

/** `variants.lsm_off.set."lsm_config.enabled"`: set keys contain dots, so the path quotes them. */
export function variantSetPath(variant: string, key: string): string {
  return `${joinPath(joinPath('variants', variant), 'set')}.${JSON.stringify(key)}`;
}
