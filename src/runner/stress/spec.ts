// What a stress study is (`paysim stress`, docs/stress.md): the scenario's baseline day and, for
// each chosen participant, the same scenario with that participant failing, over seeds. Settings
// come from flags or from a stress file (`stress:` section); each remembers where it came from, so
// a problem is reported as `--flag: problem` or `file: stress.path: problem`.

import { joinPath, ValidationError, type ValidationIssue } from '../../input/issues.js';

export const FAILURE_MODES = ['operational', 'default', 'partial'] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

/** How each participant fails: the fields of the engine's `participant_failure` event but the agent. */
export interface FailureSetting {
  readonly at_tick: number;
  readonly mode: FailureMode;
  readonly duration?: number;
  readonly share?: number;
  readonly announce_after?: number;
  /** Default only, with an announcement: payments to it are rejected from the announcement on. Absent when false. */
  readonly reject_incoming?: true;
}

/** Which participants fail, one at a time: every one, a list, or the top N by the baseline's sent value. */
export type ParticipantChoice =
  | { readonly kind: 'all' }
  | { readonly kind: 'list'; readonly agents: readonly string[] }
  | { readonly kind: 'top'; readonly n: number };

/** The settings a problem can be about. */
export type SpecField = 'scenario' | 'participants' | 'top' | 'at_tick' | 'mode' | 'duration' | 'share' | 'announce_after' | 'reject_incoming' | 'seeds' | 'contagion';

/** Where a setting was given: a flag (`--at-tick`) or a path in a stress file. */
export type SpecOrigin = (field: SpecField, index?: number) => { readonly file: string; readonly path: string };

export interface StressSpec {
  readonly scenarioFile: string;
  readonly experiment: string;
  readonly seeds: readonly string[];
  readonly participants: ParticipantChoice;
  readonly failure: FailureSetting;
  /** Multi-day runs: a survivor that ends a day short of its obligations fails the next day in the same mode. */
  readonly contagion: boolean;
  readonly origin: SpecOrigin;
}

/** Flags name themselves: `--at-tick`, `--participants`, … (`top` is `--top`). */
export const FLAG_ORIGIN: SpecOrigin = (field) => ({ file: field === 'scenario' ? 'SCENARIO' : `--${field.replace(/_/g, '-')}`, path: '' });

/** Paths inside a stress file's `stress:` section. */
export function fileOrigin(file: string): SpecOrigin {
  return (field, index) => {
    const base = field === 'top' ? 'stress.participants.top' : ['at_tick', 'mode', 'duration', 'share', 'announce_after', 'reject_incoming'].includes(field) ? `stress.failure.${field}` : `stress.${field}`;
    return { file, path: index === undefined ? base : joinPath(base, index) };
  };
}

/** A problem with one setting, as a validation issue at its origin. */
export function settingIssue(origin: SpecOrigin, field: SpecField, message: string, index?: number): ValidationIssue {
  const at = origin(field, index);
  return { file: at.file, path: at.path, message, code: 'stress' };
}

/**
 * The failure setting's own checks, against the scenario's horizon (ticks in the run). The
 * participants are checked by the planner, which knows the scenario's agents.
 */
export function failureIssues(spec: StressSpec, totalTicks: number, numDays: number): ValidationIssue[] {
  const { failure, origin } = spec;
  const issues: ValidationIssue[] = [];
  const issue = (field: SpecField, message: string): void => {
    issues.push(settingIssue(origin, field, message));
  };
  if (!Number.isSafeInteger(failure.at_tick) || failure.at_tick < 0) issue('at_tick', `expected a tick ≥ 0, got ${String(failure.at_tick)}`);
  else if (failure.at_tick >= totalTicks) {
    issue('at_tick', `the failure at tick ${failure.at_tick} comes after the end of the run (ticks 0 to ${totalTicks - 1})`);
  }
  if (!(FAILURE_MODES as readonly string[]).includes(failure.mode)) issue('mode', `expected one of ${FAILURE_MODES.join(', ')}, got '${String(failure.mode)}'`);
  if (failure.duration !== undefined) {
    if (failure.mode === 'default') issue('duration', 'a default lasts for the rest of the run: duration is for operational and partial failures');
    else if (!Number.isSafeInteger(failure.duration) || failure.duration < 1) issue('duration', `expected a number of ticks ≥ 1, got ${String(failure.duration)}`);
  }
  if (failure.share !== undefined) {
    if (failure.mode !== 'partial') issue('share', 'share is for mode partial (the share of its orders by value a partly failed participant still releases)');
    else if (!Number.isFinite(failure.share) || failure.share < 0 || failure.share > 1) issue('share', `expected a share 0 ≤ x ≤ 1, got ${String(failure.share)}`);
  } else if (failure.mode === 'partial') issue('share', 'mode partial needs share: the share of its orders by value it still releases, 0 ≤ x ≤ 1');
  if (failure.announce_after !== undefined && (!Number.isSafeInteger(failure.announce_after) || failure.announce_after < 0)) {
    issue('announce_after', `expected a number of ticks ≥ 0, got ${String(failure.announce_after)}`);
  }
  // As the engine's event has it (config/semantic.ts), worded for the study's settings.
  if (failure.reject_incoming === true) {
    if (failure.mode !== 'default') issue('reject_incoming', `only a default rejects incoming payments (this failure is ${String(failure.mode)})`);
    else if (failure.announce_after === undefined) issue('reject_incoming', 'rejection starts when the failure is announced, and this one never is (no announce_after)');
  }
  if (spec.contagion && numDays < 2) issue('contagion', 'contagion needs a run of more than one day (a survivor short at the end of a day fails the next day)');
  return issues;
}

export function throwIfAny(issues: readonly ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(issues);
}
