// The runs of a stress study, planned as the sweep plans its runs (identity, key and a
// self-contained document per run) so that the sweep machinery runs, stores and resumes them.
//
// Every run of a study shares one grid point, the failure setting (`params`: at_tick, mode, …), so
// `paysim compare --baseline baseline --candidate fail:B0001` pairs a failure with the baseline
// seed for seed. Variants: `baseline`, and `fail:AGENT` for AGENT's failure. A contagion round
// k ≥ 1 is variant `fail:AGENT@roundk`: the same first failure plus the survivors that ended an
// earlier day short, each failing at the start of the next day. Being a variant at the same grid
// point, every round pairs with the baseline in `paysim compare`.

import type { PaymentFileData } from '../../config/payments/load.js';
import { type LoadedScenario, parseScenarioDocument } from '../../config/scenario.js';
import type { PolicyRecord, ScenarioRecord } from '../../store/writer.js';
import type { PlannedRun } from '../plan.js';
import { loadRunnableScenario, plannedRun } from '../plan.js';
import { policyRecords } from '../run-record.js';
import { canonicalSha256 } from '../run-key.js';
import type { RunOutputs } from '../run-spec.js';
import { scenarioRecord, withStoredSeed } from '../scenario-document.js';
import { failureIssues, type FailureSetting, settingIssue, type StressSpec, throwIfAny } from './spec.js';

export const BASELINE_VARIANT = 'baseline';

/**
 * The experiment revision a study's runs belong to. Revision 1 expressed a failure as an `outage`
 * event, before the engine had `participant_failure`; its runs have other keys (another scenario
 * document), so a study re-run in a store holding them would store a second set beside them.
 * As revision 2, the study's runs are apart: `paysim compare` reads the latest revision, and the
 * study reads only the runs it planned.
 */
export const STRESS_REVISION = 2;
const FAIL_PREFIX = 'fail:';

/** The variant of a participant's failure: `fail:AGENT`, and `fail:AGENT@roundK` for contagion round K ≥ 1. */
export function failureVariant(agent: string, round = 0): string {
  return `${FAIL_PREFIX}${agent}${round > 0 ? `@round${round}` : ''}`;
}

/** A participant failing, and from which tick (a contagion failure starts a later day). */
export interface Failure {
  readonly agent: string;
  readonly at_tick: number;
}

/** Stress runs store what the study reads: per-agent days and totals, not every payment. */
const OUTPUTS: RunOutputs = { transactions: false, agent_days: true, agent_ticks: false, events: false, throughput: false };

export class StressPlanner {
  readonly agents: readonly string[];
  readonly ticksPerDay: number;
  readonly numDays: number;
  readonly totalTicks: number;
  /** The self-contained documents of the runs planned so far, by hash (`scenario_documents`). */
  readonly scenarios = new Map<string, ScenarioRecord>();
  private readonly baseDoc: Record<string, unknown>;
  private readonly payments: PaymentFileData | null;
  private readonly baseLoaded: LoadedScenario;
  private readonly policyRecords = new Map<string, PolicyRecord>();
  /** Per document hash: the parsed scenario and what the workers get. */
  private readonly documents = new Map<string, { loaded: LoadedScenario; key: string; json: string; sha256: string }>();
  private nextIndex = 0;

  constructor(readonly spec: StressSpec) {
    const base = loadRunnableScenario(spec.scenarioFile);
    this.baseDoc = base.doc;
    this.payments = base.payments;
    this.baseLoaded = parseScenarioDocument(base.doc, { file: spec.scenarioFile, baseDir: null, ...(base.payments === null ? {} : { payments: base.payments }) });
    const sim = this.baseLoaded.config.simulation;
    this.agents = this.baseLoaded.config.agents.map((a) => a.id);
    this.ticksPerDay = sim.ticks_per_day;
    this.numDays = sim.num_days;
    this.totalTicks = sim.ticks_per_day * sim.num_days;
    const issues = failureIssues(spec, this.totalTicks, this.numDays);
    const known = new Set(this.agents);
    const choice = spec.participants;
    if (choice.kind === 'list') {
      choice.agents.forEach((agent, i) => {
        if (!known.has(agent)) issues.push(settingIssue(spec.origin, 'participants', `unknown participant '${agent}' (the scenario's agents: ${listed(this.agents)})`, i));
      });
    }
    if (choice.kind === 'top' && (!Number.isSafeInteger(choice.n) || choice.n < 1 || choice.n > this.agents.length)) {
      issues.push(settingIssue(spec.origin, 'top', `expected a number of participants from 1 to ${this.agents.length} (the scenario's agents), got ${String(choice.n)}`));
    }
    throwIfAny(issues);
  }

  get policies(): PolicyRecord[] {
    return [...this.policyRecords.values()];
  }

  /** The baseline run of each seed. */
  baseline(): PlannedRun[] {
    return this.plan(BASELINE_VARIANT, []);
  }

  /** The runs of one failure scenario (round 0: `failures` is the participant alone), every seed. */
  failure(agent: string, failures: readonly Failure[], round: number, seeds: readonly string[] = this.spec.seeds): PlannedRun[] {
    return this.plan(failureVariant(agent, round), failures, seeds);
  }

  /** The grid point every run of the study shares: the failure setting. */
  params(): Record<string, unknown> {
    return { ...this.spec.failure };
  }

  private plan(variant: string, failures: readonly Failure[], seeds: readonly string[] = this.spec.seeds): PlannedRun[] {
    const document = this.document(failures);
    return seeds.map((seed) =>
      plannedRun(
        this.nextIndex++,
        {
          experiment_id: this.spec.experiment,
          revision: STRESS_REVISION,
          variant,
          params: this.params(),
          seed,
          loaded: document.loaded,
          scenario: this.spec.scenarioFile,
          scenario_sha256: document.sha256,
        },
        {
          scenario_key: document.key,
          scenario_json: document.json,
          outputs: OUTPUTS,
          ...(this.payments === null ? {} : { payments: this.payments }),
        },
      ),
    );
  }

  /** The scenario with these failures added to its scenario events, parsed once per distinct set. */
  private document(failures: readonly Failure[]): { loaded: LoadedScenario; key: string; json: string; sha256: string } {
    const doc = structuredClone(this.baseDoc);
    const events = Array.isArray(doc['scenario_events']) ? (doc['scenario_events'] as unknown[]) : [];
    doc['scenario_events'] = [...events, ...failures.map((f) => this.failureEvent(f))];
    const stored = scenarioRecord(withStoredSeed(doc));
    let found = this.documents.get(stored.scenario_sha256);
    if (found === undefined) {
      const loaded =
        failures.length === 0
          ? this.baseLoaded
          : parseScenarioDocument(doc, { file: this.spec.scenarioFile, baseDir: null, ...(this.payments === null ? {} : { payments: this.payments }) });
      for (const record of policyRecords(loaded.policies)) this.policyRecords.set(record.policy_sha256, record);
      // The payment file's digest is part of the worker's cache key, as in the sweep's plan.
      const key = this.payments === null ? stored.scenario_sha256 : canonicalSha256({ doc: stored.scenario_sha256, payments: this.payments.sha256 });
      found = { loaded, key, json: stored.document_json, sha256: stored.scenario_sha256 };
      this.documents.set(stored.scenario_sha256, found);
      this.scenarios.set(stored.scenario_sha256, stored);
    }
    return found;
  }

  /** The scenario with these failures, as the runs of that failure set run it (for detail runs in this process). */
  scenarioWith(failures: readonly Failure[]): LoadedScenario {
    return this.document(failures).loaded;
  }

  /** The scenario event of one participant's failure (docs/stress.md, "What a failure is"). */
  failureEvent(failure: Failure): Record<string, unknown> {
    return failureEvent(failure, this.spec.failure);
  }
}

/**
 * The engine's `participant_failure` event for a failure in the study's setting (docs/engine.md,
 * "Participant failures"). A contagion failure starts at the start of a day (its own `at_tick`) in
 * the same mode. Keys in a fixed order and absent fields left out, so the same setting always
 * gives the same document (and the same run keys: a study resumes).
 */
export function failureEvent(failure: Failure, setting: FailureSetting): Record<string, unknown> {
  return {
    at_tick: failure.at_tick,
    type: 'participant_failure',
    agent: failure.agent,
    mode: setting.mode,
    ...(setting.duration === undefined ? {} : { duration: setting.duration }),
    ...(setting.share === undefined ? {} : { share: setting.share }),
    ...(setting.announce_after === undefined ? {} : { announce_after: setting.announce_after }),
    ...(setting.reject_incoming === true ? { reject_incoming: true } : {}),
  };
}

function listed(ids: readonly string[]): string {
  return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')}, … (${ids.length})`;
}
