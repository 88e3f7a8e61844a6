// Scenario loading: file → document → schema + semantic checks + policies → resolved config.

import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import canonicalize from 'canonicalize';
import type { EngineConfig } from '../engine/config.js';
import { resolvePolicySpec, type ResolvedPolicy } from '../policy/resolve.js';
import { ajvIssues } from '../input/ajv-issues.js';
import { buildEngineConfig, type ScenarioDocument } from './build.js';
import { moneyLimitIssues } from './money-limits.js';
import { joinPath, ValidationError, type ValidationIssue } from '../input/issues.js';
import { isRecord, sortIssues } from '../input/json-path.js';
import { readDocumentFile } from '../input/read.js';
import { DEF_PHRASES, NODE_PHRASES, scenarioSchema } from './scenario-schema.js';
import { semanticIssues } from './semantic.js';
import { attachPayments } from './payments/attach.js';
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

/** Reads, validates and resolves a scenario file. Throws ValidationError listing every problem. */
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
  if (issues.length > 0 || !schemaOk) throw new ValidationError(sortIssues(issues));
  const built = buildEngineConfig(doc);
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
  const text = canonicalize({ config: hashed, policy_hashes: policies.map((p) => p.hash) });
  if (text === undefined) throw new Error('configHash: config is not serialisable');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const WORDS = { root: scenarioSchema, defPhrases: DEF_PHRASES, nodePhrases: NODE_PHRASES };

let compiled: ValidateFunction<ScenarioDocument> | null = null;

function scenarioValidator(): ValidateFunction<ScenarioDocument> {
  if (compiled === null) {
    // verbose: errors carry the offending value, which the messages quote.
    const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
    compiled = ajv.compile<ScenarioDocument>(scenarioSchema);
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
