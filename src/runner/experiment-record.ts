// The experiment record (docs/experiments.md, "Revisions"): what a revision of an experiment was
// run with — the scenario document as written (its seed left out: the experiment's seeds replace
// it), the content of every policy file it and its variants read, the variants as written and
// the vary paths. A sweep compares the record of the experiment file with the stored one of the
// latest revision; anything but more seeds, more grid values or new variants is a change, and
// changed runs are never stored next to unchanged ones without `--new-revision`. The engine
// version is part of the record: runs of two engines may differ, so they are never one revision.

import { relative, dirname } from 'node:path';
import { isRecord } from '../input/json-path.js';
import { ENGINE_VERSION } from '../engine/version.js';
import type { Experiment } from './experiment.js';

export interface ExperimentRecord {
  readonly scenario: { readonly file: string; readonly document: unknown };
  /** Policy file (relative to the experiment file's folder) → SHA-256 of its canonical content. */
  readonly policy_files: Readonly<Record<string, string>>;
  readonly variants: Readonly<Record<string, unknown>>;
  /** Vary path → its values as recorded in params (more values later is not a change). */
  readonly vary: Readonly<Record<string, readonly unknown[]>>;
  /** The engine that ran the revision; absent in records stored before it was recorded, all by engine 0.1.0. */
  readonly engine_version?: string;
}

/** The engine of every revision recorded before records carried it. */
const FIRST_RECORDED_ENGINE = '0.1.0';

export function experimentRecord(experiment: Experiment, scenario: Record<string, unknown>, policyFiles: ReadonlyMap<string, string>): ExperimentRecord {
  const home = dirname(experiment.file);
  const simulation = isRecord(scenario['simulation']) ? scenario['simulation'] : {};
  const { rng_seed: _seed, ...rest } = simulation;
  const doc = JSON.parse(experiment.specJson) as Record<string, unknown>;
  return {
    scenario: { file: relative(home, experiment.scenarioFile), document: { ...scenario, simulation: rest } },
    policy_files: Object.fromEntries([...policyFiles].map(([file, hash]) => [relative(home, file), hash]).sort(([a], [b]) => (a! < b! ? -1 : 1))),
    variants: isRecord(doc['variants']) ? doc['variants'] : { baseline: {} },
    vary: Object.fromEntries(experiment.axes.map((axis) => [axis.path, axis.labels])),
    engine_version: ENGINE_VERSION,
  };
}

const SHOWN = 8;

/** What differs between a stored record and a new one in ways that change runs; empty: none. */
export function recordChanges(stored: ExperimentRecord, now: ExperimentRecord): string[] {
  const out: string[] = [];
  const engineBefore = stored.engine_version ?? FIRST_RECORDED_ENGINE;
  const engineNow = now.engine_version ?? FIRST_RECORDED_ENGINE;
  if (engineBefore !== engineNow) out.push(`engine: its runs were made by paysim's engine ${engineBefore}, this is ${engineNow} (results can differ)`);
  const file = now.scenario.file;
  for (const d of diff(stored.scenario.document, now.scenario.document, '')) out.push(`scenario ${file}: ${d}`);
  for (const [policyFile, hash] of Object.entries(now.policy_files)) {
    const before = stored.policy_files[policyFile];
    if (before !== undefined && before !== hash) out.push(`policy file ${policyFile}: its content changed`);
  }
  for (const [name, spec] of Object.entries(now.variants)) {
    if (!(name in stored.variants)) continue; // a new variant: new runs, nothing mixed
    for (const d of diff(stored.variants[name], spec, '')) out.push(`variant ${name}: ${d}`);
  }
  const before = Object.keys(stored.vary).sort();
  const after = Object.keys(now.vary).sort();
  if (before.join('\u0000') !== after.join('\u0000')) {
    out.push(`vary: the grid's paths were ${list(before)}, now ${list(after)}`);
  }
  if (out.length > SHOWN) return [...out.slice(0, SHOWN), `… and ${out.length - SHOWN} more`];
  return out;
}

const list = (xs: readonly string[]): string => (xs.length === 0 ? '(none)' : xs.join(', '));

function joined(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`;
  return at === '' ? key : `${at}.${key}`;
}

const show = (x: unknown): string => (x === undefined ? '(absent)' : JSON.stringify(x).slice(0, 60));

/** Paths where two JSON values differ, as `path: old → new`. */
function diff(a: unknown, b: unknown, at: string): string[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diff(a[k], b[k], joined(at, k)));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => diff(x, b[i], joined(at, i)));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [`${at === '' ? '(whole document)' : at}: ${show(a)} → ${show(b)}`];
}
