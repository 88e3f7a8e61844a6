// Scenario loading: file → document → schema + semantic checks + policies → resolved config.

import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { canonicalJson } from '../input/canonical-json.js';
import type { EngineConfig } from '../engine/config.js';
import { INITIAL_LIQUIDITY_FRACTION } from '../policy/language.js';
import { resolvePolicySpec, type ResolvedPolicy } from '../policy/resolve.js';
import { ajvIssues } from '../input/ajv-issues.js';
import { buildEngineConfig, type ScenarioDocument } from './build.js';
import { moneyLimitIssues } from './money-limits.js';
import { joinPath, ValidationError, type ValidationIssue } from '../input/issues.js';
import { isRecord, sortIssues } from '../input/json-path.js';
import { readDocumentFile } from '../input/read.js';
import { schemaDigest } from '../input/schema-digest.js';
import { DEF_PHRASES, NODE_PHRASES, scenarioSchema } from './scenario-schema.js';
import { SCHEMA_SHA256, validate as precompiledValidator } from './scenario-validator.generated.js';
import { semanticIssues } from './semantic.js';
import { attachPayments } from './payments/attach.js';
import { preloadDocumentPayments } from './payments/parquet.js';
import type { PaymentFileData } from './payments/load.js';

export { scenarioSchema } from './scenario-schema.js';
export { readDocumentFile } from '../input/read.js';

export interface LoadedScenario {
  /** The resolved config the engine runs (defaults filled in, seed as a decimal string). */
  readonly config: EngineConfig;
  /** One resolved policy per agent, in configuration order. */
  readonly policies: readonly ResolvedPolicy[];
  /**
   * The document exactly as given (no defaults added, not copied): what the user wrote, for
   * storing next to results and for re-applying parameter variations.
   */
  readonly document: unknown;
  /**
   * SHA-256 (hex) of the RFC 8785 canonical JSON of `{config, policy_hashes}`, where
   * `policy_hashes` lists the policies' hashes in agent order: equal hashes, equal runs.
   */
  readonly configHash: string;
  /** The scenario's payment file as read (null or absent: it has none); shared with sweep workers. */
  readonly payments?: PaymentFileData | null;
}

export interface DocumentContext {
  /** The file name used in messages (`<inline>` for documents without one). */
  readonly file: string;
  /** Directory that policy `file:` paths are relative to; null where files are not allowed. */
  readonly baseDir: string | null;
  /** The document's payment file, already read (a sweep worker gets it from the coordinator). */
  readonly payments?: PaymentFileData;
}

/**
 * Reads, validates and resolves a scenario file, its payment file included (a Parquet one too,
 * which only an asynchronous reader can read): what every command loads a scenario file with.
 * The file is read and parsed once and validated once. Throws ValidationError listing every problem.
 */
export async function loadScenario(file: string): Promise<LoadedScenario> {
  const doc = readDocumentFile(file);
  await preloadDocumentPayments(doc, file);
  return parseScenarioDocument(doc, { file, baseDir: dirname(file) });
}

/**
 * As loadScenario, synchronously, for a scenario whose payment file (if any) is not Parquet or
 * was read already (tests, benches). Throws ValidationError listing every problem.
 */
export function loadScenarioFile(file: string): LoadedScenario {
  const doc = readDocumentFile(file);
  return parseScenarioDocument(doc, { file, baseDir: dirname(file) });
}

/** Validates and resolves a scenario document. Throws ValidationError listing every problem. */
export function parseScenarioDocument(doc: unknown, ctx: DocumentContext): LoadedScenario {
  const validate = scenarioValidator();
  const schemaOk = validate(doc);
  const schemaIssues = schemaOk ? [] : ajvIssues(validate.errors ?? [], doc, ctx.file, WORDS);
  const issues: ValidationIssue[] = [...schemaIssues, ...semanticIssues(doc, ctx.file)];
  const policies = resolvePolicies(doc, ctx, schemaIssues, issues);
  const fractions = policyLiquidityFractions(doc, policies, ctx.file, issues);
  if (issues.length > 0 || !schemaOk) throw new ValidationError(sortIssues(issues));
  const built = withPolicyFractions(buildEngineConfig(doc), fractions);
  const moneyIssues = moneyLimitIssues(built, ctx.file);
  if (moneyIssues.length > 0) throw new ValidationError(moneyIssues);
  const resolved = policies.filter((p): p is ResolvedPolicy => p !== null);
  const { config, policies: all, payments } = attachPayments(doc, { file: ctx.file, baseDir: ctx.baseDir, ...(ctx.payments ? { payments: ctx.payments } : {}) }, built, resolved);
  return { config, policies: all, document: doc, configHash: configHash(config, all), payments };
}

/** SHA-256 hex of the canonical JSON of the config and the policies' identities. */
export function configHash(config: EngineConfig, policies: readonly ResolvedPolicy[]): string {
  // A payment file counts by its digest, not its (typed-array) columns.
  const { scheduled_payments: scheduled, ...rest } = config;
  const hashed = scheduled ? { ...rest, scheduled_payments: scheduled.sha256 } : rest;
  const text = canonicalJson({ config: hashed, policy_hashes: policies.map((p) => p.hash) });
  if (text === undefined) throw new Error('configHash: config is not serialisable');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const WORDS = { root: scenarioSchema, defPhrases: DEF_PHRASES, nodePhrases: NODE_PHRASES };

/** The options the scenario schema is validated with (verbose: errors carry the offending value, which the messages quote). */
export const SCENARIO_AJV_OPTIONS = { allErrors: true, discriminator: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true } as const;

/** SHA-256 of the scenario schema's JSON: the precompiled validator is used only for this schema. */
export function scenarioSchemaDigest(): string {
  return schemaDigest(scenarioSchema);
}

let compiled: ValidateFunction<ScenarioDocument> | null = null;

/**
 * The scenario validator: Ajv's standalone code generated from the schema (loading it costs a few
 * ms; compiling the schema ~0.3 s of CPU at every command's start), or, should the generated
 * module be stale, the schema compiled here (Ajv itself is then loaded, only then).
 */
function scenarioValidator(): ValidateFunction<ScenarioDocument> {
  if (compiled === null) {
    if (SCHEMA_SHA256 === scenarioSchemaDigest()) {
      compiled = precompiledValidator as ValidateFunction<ScenarioDocument>;
    } else {
      const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Class };
      compiled = new Ajv2020(SCENARIO_AJV_OPTIONS).compile<ScenarioDocument>(scenarioSchema);
    }
  }
  return compiled;
}

/**
 * Resolves each agent's policy spec through the policy module, adding its issues to `issues`.
 * A spec the schema already rejected (bad outer `type`) is not passed on: its problem is reported
 * once, by the schema.
 */
function resolvePolicies(
  doc: unknown,
  ctx: DocumentContext,
  schemaIssues: readonly ValidationIssue[],
  issues: ValidationIssue[],
): Array<ResolvedPolicy | null> {
  const agents = isRecord(doc) && Array.isArray(doc['agents']) ? doc['agents'] : [];
  return agents.map((agent: unknown, i) => {
    const path = joinPath(joinPath('agents', i), 'policy');
    const spec = isRecord(agent) ? agent['policy'] : undefined;
    const rejected = schemaIssues.some((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
    if (!isRecord(spec) || rejected) return null;
    const result = resolvePolicySpec(spec, { file: ctx.file, baseDir: ctx.baseDir, path });
    if (result.ok) return result.policy;
    issues.push(...result.issues);
    return null;
  });
}

const FRACTION_PARAMETER = INITIAL_LIQUIDITY_FRACTION;

/**
 * A Tree policy with a parameter `initial_liquidity_fraction` sets the agent's share of its
 * liquidity pool (engine.md §9b). Its value must be in [0, 1]; a policy that declares it on an
 * agent without a pool, or next to the agent's own `initial_liquidity_fraction`, is an error
 * rather than a silent no-op. Returns the fraction per agent index (undefined: not set by policy).
 */
function policyLiquidityFractions(
  doc: unknown,
  policies: readonly (ResolvedPolicy | null)[],
  file: string,
  issues: ValidationIssue[],
): (number | undefined)[] {
  const agents = isRecord(doc) && Array.isArray(doc['agents']) ? doc['agents'] : [];
  return policies.map((policy, i) => {
    const parameters = policy !== null && isRecord(policy.document) ? policy.document['parameters'] : undefined;
    if (!isRecord(parameters) || !(FRACTION_PARAMETER in parameters)) return undefined;
    const agent: unknown = agents[i];
    const policyPath = joinPath(joinPath('agents', i), 'policy');
    const spec = isRecord(agent) ? agent['policy'] : undefined;
    const overridden = isRecord(spec) && isRecord(spec['parameters']) && FRACTION_PARAMETER in spec['parameters'];
    const path = overridden ? joinPath(joinPath(policyPath, 'parameters'), FRACTION_PARAMETER) : policyPath;
    const fail = (message: string): undefined => {
      issues.push({ file, path, message, code: 'semantic' });
      return undefined;
    };
    const value = parameters[FRACTION_PARAMETER];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      return fail(`the policy's ${FRACTION_PARAMETER} is ${String(value)} (expected a number from 0 to 1)`);
    }
    if (!isRecord(agent) || agent['liquidity_pool'] === undefined) {
      return fail(
        `the policy sets ${FRACTION_PARAMETER}, but the agent has no liquidity_pool (expected liquidity_pool on the agent, or a policy without that parameter)`,
      );
    }
    if (agent[FRACTION_PARAMETER] !== undefined) {
      return fail(`${FRACTION_PARAMETER} is set both by the policy and on the agent (expected one of the two)`);
    }
    return value;
  });
}

/** The agents' fractions as their policies set them (a default fraction of 1 stays implicit). */
function withPolicyFractions(config: EngineConfig, fractions: readonly (number | undefined)[]): EngineConfig {
  if (!fractions.some((f) => f !== undefined && f !== 1)) return config;
  return {
    ...config,
    agents: config.agents.map((agent, i) => {
      const fraction = fractions[i];
      return fraction === undefined || fraction === 1 ? agent : { ...agent, initial_liquidity_fraction: fraction };
    }),
  };
}
