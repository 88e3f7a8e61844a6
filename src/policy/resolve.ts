// Resolves an `agents[i].policy` spec (built-in or Tree) into a validated policy with its identity,
// compiled on demand (policy-dsl.md §1, §7). Problems in the spec are reported in the scenario's
// file under the spec's path; problems in a tree file name that file.

import { joinPath, underPath, type ValidationIssue } from '../input/issues.js';
import { sortIssues } from '../input/json-path.js';
import { builtinPolicy, type BuiltinPolicy } from './builtins.js';
import { compilePolicy } from './compile.js';
import type { CompiledPolicy } from './decision.js';
import type { PolicyDocument } from './document.js';
import { failureReactionOf, withFailureGuard } from './failure-reaction.js';
import { effectiveDocument, policyHash } from './identity.js';
import { FLOW_WINDOW_TICKS, FLOW_WINDOW_TICKS_MAX, INITIAL_LIQUIDITY_FRACTION } from './language.js';
import { policyFilePath, readPolicyFile } from './load-file.js';
import { compileSchema, type ErrorContext, isObject, policySchemaIssues } from './schema-check.js';
import { buildPolicySpecSchema } from './spec-schema.js';
import { SCHEMA_SHA256 as SPEC_SCHEMA_SHA256, validate as precompiledSpecValidator } from './spec-validator.generated.js';
import { schemaDigest } from '../input/schema-digest.js';
import type { ValidateFunction } from 'ajv';
import { nestingIssue, numericParameters, parametersUsed, policyDocumentIssues } from './validate.js';

export interface PolicySpecContext {
  /** The file the spec stands in (for messages), e.g. `scenarios/x.yaml` or `<inline>`. */
  readonly file: string;
  /** Directory that `file:` paths are relative to; null where files are not allowed (HTTP). */
  readonly baseDir: string | null;
  /** Path of the spec inside its document, e.g. `agents[2].policy`. */
  readonly path: string;
}

/** A policy that passed validation: its effective document and identity, compiled lazily. */
export interface ResolvedPolicy {
  /** policy_id of the effective document. */
  readonly name: string;
  /** SHA-256 (hex) of the effective document in RFC 8785 canonical JSON. */
  readonly hash: string;
  /** The effective document (parameters merged, `$schema` removed). */
  readonly document: unknown;
  compile(): CompiledPolicy;
}

export type PolicyResolution =
  | { readonly ok: true; readonly policy: ResolvedPolicy }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

const SPEC_CONTEXT: ErrorContext = {
  tagChoices: () => ({
    what: 'not a policy type',
    choices: ['Fifo', 'Deadline', 'LiquidityAware', 'LiquiditySplitting', 'Tree'],
  }),
  nodeIdAt: () => null,
};

let specValidator: ReturnType<typeof compileSchema> | null = null;

/**
 * Compiled policies by hash: equal effective documents share one compiled policy (§8). Bounded,
 * oldest first out, so a long-lived server creating many policies does not grow without end.
 */
const compiledByHash = new Map<string, CompiledPolicy>();
const COMPILED_CACHE_MAX = 256;

function compiledFor(document: PolicyDocument, hash: string): CompiledPolicy {
  let policy = compiledByHash.get(hash);
  if (policy === undefined) {
    policy = compilePolicy(document, hash);
    if (compiledByHash.size >= COMPILED_CACHE_MAX) {
      compiledByHash.delete(compiledByHash.keys().next().value!);
    }
    compiledByHash.set(hash, policy);
  }
  return policy;
}

function resolved(given: Record<string, unknown>, spec: Record<string, unknown>): ResolvedPolicy {
  const effective = failureReactionOf(spec) === 'hold' ? withFailureGuard(given) : given;
  const hash = policyHash(effective);
  const document = effective as unknown as PolicyDocument;
  return { name: document.policy_id, hash, document: effective, compile: () => compiledFor(document, hash) };
}

function failed(...groups: ReadonlyArray<readonly ValidationIssue[]>): PolicyResolution {
  return { ok: false, issues: sortIssues(groups.flat()) };
}

function resolveBuiltin(builtin: BuiltinPolicy, spec: Record<string, unknown>): PolicyResolution {
  const parameters: Record<string, number> = {};
  for (const key of builtin.keys) {
    const given = spec[key.name];
    parameters[key.name] = typeof given === 'number' ? given : key.default;
  }
  return { ok: true, policy: resolved(effectiveDocument(builtin.tree, parameters), spec) };
}

interface TreeSource {
  readonly doc: unknown;
  readonly file: string;
  /** Where the document stands in its file: the spec's `tree` inline, the root of a policy file. */
  readonly prefix: string;
}

/** Where a Tree spec's document comes from, or the issues that say why it cannot be read. */
function treeSource(spec: Record<string, unknown>, context: PolicySpecContext): TreeSource | { readonly issues: readonly ValidationIssue[] } {
  const specIssue = (path: string, code: string, message: string): { issues: ValidationIssue[] } => ({
    issues: [{ file: context.file, path, code, message, node_id: null }],
  });
  const hasFile = 'file' in spec;
  const hasTree = 'tree' in spec;
  if (hasFile === hasTree) {
    return specIssue(context.path, 'schema', 'a Tree policy needs exactly one of file (a policy file) or tree (an inline document)');
  }
  if (hasTree) return { doc: spec['tree'], file: context.file, prefix: joinPath(context.path, 'tree') };
  const given = spec['file'];
  if (typeof given !== 'string') return { issues: [] }; // the spec schema has reported it
  if (context.baseDir === null) {
    return specIssue(joinPath(context.path, 'file'), 'schema', 'policy files are not allowed here; give the tree inline (tree: {...})');
  }
  const path = policyFilePath(context.baseDir, given);
  const read = readPolicyFile(path);
  if (read.ok) return { doc: read.value, file: path, prefix: '' };
  // A missing file is the spec's problem; anything wrong inside the file is reported in that file.
  const missing = read.issues.find((issue) => issue.code === 'missing_file');
  if (missing !== undefined) return specIssue(joinPath(context.path, 'file'), 'missing_file', `cannot read policy file ${path}: no such file`);
  return { issues: read.issues };
}

/** Overrides that are well-formed (the spec schema reports the rest, which are not merged). */
function wellFormedOverrides(spec: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  const given = spec['parameters'];
  if (!isObject(given)) return out;
  for (const [name, value] of Object.entries(given)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    if (name === INITIAL_LIQUIDITY_FRACTION && !(value >= 0 && value <= 1)) continue;
    if (name === FLOW_WINDOW_TICKS && !(Number.isInteger(value) && value >= 1 && value <= FLOW_WINDOW_TICKS_MAX)) continue;
    out.set(name, value);
  }
  return out;
}

function resolveTree(spec: Record<string, unknown>, context: PolicySpecContext, specIssues: ValidationIssue[]): PolicyResolution {
  const source = treeSource(spec, context);
  if ('issues' in source) return failed(specIssues, source.issues);
  const { doc, file } = source;
  // Before anything walks the tree: a document nested beyond reason is refused, not recursed into.
  const tooDeep = nestingIssue(doc, file);
  if (tooDeep !== null) return failed(specIssues, underPath(source.prefix, [tooDeep]));
  const own = numericParameters(doc);
  const used = parametersUsed(doc);
  const merged = new Map(own);
  for (const [name, value] of wellFormedOverrides(spec)) {
    if (name === INITIAL_LIQUIDITY_FRACTION || name === FLOW_WINDOW_TICKS || own.has(name) || used.has(name)) {
      merged.set(name, value);
      continue;
    }
    specIssues.push({
      file: context.file,
      path: joinPath(joinPath(context.path, 'parameters'), name),
      code: 'unknown_param_override',
      message: `override "${name}" is neither declared in the policy's parameters nor read by any of its trees`,
      node_id: null,
    });
  }
  // Validate the document as it will run: the overrides merged over its own parameters.
  const rawParameters = isObject(doc) ? doc['parameters'] : undefined;
  const checked =
    isObject(doc) && (rawParameters === undefined || isObject(rawParameters))
      ? { ...doc, parameters: { ...(rawParameters ?? {}), ...Object.fromEntries(merged) } }
      : doc;
  const docIssues = underPath(source.prefix, policyDocumentIssues(checked, file));
  if (specIssues.length > 0 || docIssues.length > 0) return failed(specIssues, docIssues);
  return { ok: true, policy: resolved(effectiveDocument(doc as Record<string, unknown>, Object.fromEntries(merged)), spec) };
}

/**
 * The policy-spec validator: Ajv's standalone code generated from the schema while it is the
 * schema's (spec-validator.generated.ts), else the schema compiled here (issue 22: compiling it
 * cost every scenario load tens of ms).
 */
function specSchemaValidator(): ValidateFunction {
  const schema = buildPolicySpecSchema();
  return schemaDigest(schema) === SPEC_SCHEMA_SHA256 ? (precompiledSpecValidator as ValidateFunction) : compileSchema(schema);
}

export function resolvePolicySpec(spec: unknown, context: PolicySpecContext): PolicyResolution {
  specValidator ??= specSchemaValidator();
  const specIssues = underPath(context.path, policySchemaIssues(specValidator, spec, context.file, SPEC_CONTEXT));
  if (!isObject(spec)) return failed(specIssues);
  const type = spec['type'];
  if (type === 'Tree') return resolveTree(spec, context, specIssues);
  if (specIssues.length > 0) return failed(specIssues);
  const builtin = typeof type === 'string' ? builtinPolicy(type) : null;
  if (builtin === null) throw new Error(`unreachable: policy type ${String(type)} passed the schema`);
  return resolveBuiltin(builtin, spec);
}
