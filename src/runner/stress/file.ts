// Stress files (docs/stress.md): a `stress:` section naming the scenario, the participants that
// fail, how they fail and the seeds, so a study ships as a file (`experiments/stress-*.yaml`) and
// runs with `paysim stress FILE`. Checked by a JSON Schema (Ajv, worded like experiment files),
// then against the scenario by the planner; every problem names `file: stress.path`.

import { dirname, isAbsolute, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ajvIssues } from '../../input/ajv-issues.js';
import { ValidationError, type ValidationIssue } from '../../input/issues.js';
import { isRecord, sortIssues } from '../../input/json-path.js';
import { seedList } from '../experiment.js';
import { FAILURE_MODES, type FailureSetting, fileOrigin, type ParticipantChoice, type StressSpec } from './spec.js';

const PHRASES = new WeakMap<object, string>();
function phrased<T extends object>(node: T, phrase: string): T {
  PHRASES.set(node, phrase);
  return node;
}

const seed = phrased({ type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]+$' }, 'an integer seed 0 ≤ n < 2^64');
const ticks = (min: number): object => phrased({ type: 'integer', minimum: min }, `an integer number of ticks ≥ ${min}`);

const stressSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:paysim:schema:stress',
  type: 'object',
  additionalProperties: false,
  required: ['stress'],
  properties: {
    $schema: { type: 'string' },
    stress: {
      type: 'object',
      additionalProperties: false,
      required: ['scenario', 'failure'],
      properties: {
        scenario: phrased({ type: 'string', minLength: 1 }, 'a scenario file path, relative to the stress file'),
        experiment: phrased({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 100 }, 'a name of letters, digits, _ . - (starting with a letter or digit)'),
        description: { type: 'string' },
        participants: phrased(
          {
            type: ['string', 'array', 'object'],
            if: { type: 'string' },
            then: { const: 'all' },
            else: {
              if: { type: 'array' },
              then: { minItems: 1, items: { type: 'string', minLength: 1 } },
              else: { additionalProperties: false, required: ['top'], properties: { top: phrased({ type: 'integer', minimum: 1 }, 'an integer ≥ 1') } },
            },
          },
          'all, a list of participant ids, or {top: N}',
        ),
        failure: {
          type: 'object',
          additionalProperties: false,
          required: ['at_tick', 'mode'],
          properties: {
            at_tick: ticks(0),
            mode: phrased({ enum: [...FAILURE_MODES] }, FAILURE_MODES.join(', ')),
            duration: ticks(1),
            share: phrased({ type: 'number', minimum: 0, maximum: 1 }, 'a share 0 ≤ x ≤ 1'),
            announce_after: ticks(0),
            reject_incoming: { type: 'boolean' },
          },
        },
        seeds: phrased(
          {
            type: ['object', 'array'],
            if: { type: 'object' },
            then: {
              additionalProperties: false,
              required: ['from', 'count'],
              properties: { from: seed, count: phrased({ type: 'integer', minimum: 1, maximum: 10_000 }, 'an integer in 1..10000') },
            },
            else: phrased({ minItems: 1, uniqueItems: true, items: seed }, 'a non-empty list of distinct seeds'),
          },
          '{from: N, count: K} or a non-empty list of seeds',
        ),
        contagion: { type: 'boolean' },
      },
    },
  },
} as const;

let validator: ValidateFunction | null = null;

/** `reject_incoming: false` is the default, left out: the same study whether written or not (its runs' keys). */
function failureSetting(written: Omit<FailureSetting, 'reject_incoming'> & { reject_incoming?: boolean }): FailureSetting {
  const { reject_incoming: reject, ...rest } = written;
  return reject === true ? { ...rest, reject_incoming: true } : rest;
}

/** Whether a document is a stress file (has a `stress:` section) rather than a scenario. */
export function isStressDocument(doc: unknown): boolean {
  return isRecord(doc) && 'stress' in doc;
}

/** What a stress file sets; flags given on the command line override it. */
export interface StressFileSpec extends Omit<StressSpec, 'experiment' | 'seeds'> {
  readonly experiment: string | null;
  readonly seeds: readonly string[] | null;
}

export function readStressFile(doc: unknown, file: string): StressFileSpec {
  validator ??= new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, verbose: true }).compile(stressSchema);
  if (!validator(doc)) {
    const words = { root: stressSchema as unknown as Record<string, unknown>, defPhrases: {}, nodePhrases: PHRASES };
    throw new ValidationError(sortIssues(ajvIssues(validator.errors ?? [], doc, file, words)));
  }
  const s = (doc as { stress: Record<string, unknown> }).stress;
  const issues: ValidationIssue[] = [];
  const seeds = s['seeds'] === undefined ? null : seedList(s['seeds'], file, issues, 'stress.seeds');
  if (issues.length > 0) throw new ValidationError(issues);
  const scenario = s['scenario'] as string;
  const p = s['participants'];
  const participants: ParticipantChoice =
    p === undefined || p === 'all' ? { kind: 'all' } : Array.isArray(p) ? { kind: 'list', agents: p as string[] } : { kind: 'top', n: (p as { top: number }).top };
  return {
    scenarioFile: isAbsolute(scenario) ? scenario : join(dirname(file), scenario),
    experiment: typeof s['experiment'] === 'string' ? s['experiment'] : null,
    seeds,
    participants,
    failure: failureSetting(s['failure'] as FailureSetting),
    contagion: s['contagion'] === true,
    origin: fileOrigin(file),
  };
}
