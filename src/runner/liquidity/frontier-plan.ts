// The runs of a liquidity–delay frontier (docs/liquidity.md): for a variant (an LSM setting), a
// seed and an α, the scenario with each bank's opening balance at LB + α (UB − LB) of its own
// bounds for that seed, credit kept or zeroed. Planned as the sweep plans its runs (identity and
// self-contained spec), so the sweep machinery runs, stores and resumes them.

import type { PaymentFileData } from '../../config/payments/load.js';
import { LSM_ALGORITHMS, type LsmAlgorithm } from '../../engine/config.js';
import { type LoadedScenario, parseScenarioDocument } from '../../config/scenario.js';
import type { PlannedRun } from '../plan.js';
import { loadRunnableScenario, plannedRun } from '../plan.js';
import { policyRecords } from '../run-record.js';
import { canonicalSha256 } from '../run-key.js';
import { scenarioRecord, withStoredSeed } from '../scenario-document.js';
import type { RunOutputs } from '../run-spec.js';
import type { PolicyRecord, ScenarioRecord } from '../../store/writer.js';
import { type BankBounds, bankBounds, liquidityAt, sum } from './bank-bounds.js';

/** `scenario`: the LSM as the scenario sets it; `off`; or an LSM algorithm (LSM on). */
export const LSM_SETTINGS = ['scenario', 'off', ...LSM_ALGORITHMS] as const;
export type LsmSetting = (typeof LSM_SETTINGS)[number];

/**
 * `zero`: no credit, no collateral and no liquidity pool, so liquidity is the opening balance alone;
 * `keep`: as the scenario has them, on top of the opening balance.
 */
export type CreditMode = 'zero' | 'keep';

export interface FrontierSpec {
  readonly scenarioFile: string;
  readonly experiment: string;
  readonly seeds: readonly string[];
  readonly alphas: readonly number[];
  readonly credit: CreditMode;
  readonly lsm: readonly LsmSetting[];
  /** Store the intraday throughput curve of every run (table `throughput`). */
  readonly throughput: boolean;
}

/** What a planned run stands for. */
export interface FrontierPoint {
  readonly variant: LsmSetting;
  readonly seed: string;
  readonly alpha: number;
  /** Σ banks' opening balances at this α, and Σ of their upper bounds (cents). */
  readonly liquidity: number;
  readonly upper: number;
}

/** Frontier runs store what the frontier reads, not every payment: a 200-bank frontier stays small. */
const OUTPUTS: RunOutputs = { transactions: false, agent_days: true, agent_ticks: false, events: false };

interface VariantBase {
  readonly doc: Record<string, unknown>;
  readonly loaded: LoadedScenario;
  /** What the workers get: this document once, each run's opening balances beside it. */
  readonly sent: { readonly key: string; readonly json: string };
}

export class FrontierPlanner {
  readonly policies: readonly PolicyRecord[];
  readonly bounds = new Map<string, BankBounds>();
  /** The self-contained documents of the runs planned so far, by hash (`scenario_documents`). */
  readonly scenarios = new Map<string, ScenarioRecord>();
  private readonly variants = new Map<LsmSetting, VariantBase>();
  private readonly payments: PaymentFileData | null;

  constructor(readonly spec: FrontierSpec) {
    const base = loadRunnableScenario(spec.scenarioFile);
    this.payments = base.payments;
    const preloaded = base.payments === null ? {} : { payments: base.payments };
    for (const setting of spec.lsm) {
      const doc = variantDocument(base.doc, setting, spec.credit);
      const sent = scenarioRecord(withStoredSeed(doc));
      this.variants.set(setting, {
        doc,
        loaded: parseScenarioDocument(doc, { file: spec.scenarioFile, baseDir: null, ...preloaded }),
        // The payment file's digest is part of the worker's cache key, as in the sweep's plan.
        sent: { key: this.payments === null ? sent.scenario_sha256 : canonicalSha256({ doc: sent.scenario_sha256, payments: this.payments.sha256 }), json: sent.document_json },
      });
    }
    const first = this.variants.get(spec.lsm[0]!)!.loaded;
    // The bounds depend on the payment orders only: the same for every LSM setting.
    for (const seed of spec.seeds) this.bounds.set(seed, bankBounds(first, seed));
    this.policies = policyRecords([...this.variants.values()].flatMap((v) => v.loaded.policies));
  }

  /** The runs for these α values of one variant (every seed), and what each stands for. */
  plan(variant: LsmSetting, alphas: readonly number[]): Array<{ run: PlannedRun; point: FrontierPoint }> {
    const base = this.variants.get(variant)!;
    const out: Array<{ run: PlannedRun; point: FrontierPoint }> = [];
    for (const alpha of alphas) {
      for (const seed of this.spec.seeds) {
        const bounds = this.bounds.get(seed)!;
        const balances = liquidityAt(bounds, alpha);
        const doc = structuredClone(base.doc);
        (doc['agents'] as Array<Record<string, unknown>>).forEach((agent, i) => {
          agent['opening_balance'] = balances[i]!;
        });
        const loaded = { ...base.loaded, config: { ...base.loaded.config, agents: base.loaded.config.agents.map((a, i) => ({ ...a, opening_balance: balances[i]! })) } };
        const stored = scenarioRecord(withStoredSeed(doc));
        this.scenarios.set(stored.scenario_sha256, stored);
        const run = plannedRun(
          out.length,
          {
            experiment_id: this.spec.experiment,
            revision: 1,
            variant,
            params: { alpha, credit: this.spec.credit },
            seed,
            loaded,
            scenario: this.spec.scenarioFile,
            scenario_sha256: stored.scenario_sha256,
          },
          {
            scenario_key: base.sent.key,
            scenario_json: base.sent.json,
            outputs: { ...OUTPUTS, throughput: this.spec.throughput },
            opening_balances: balances,
            ...(this.payments === null ? {} : { payments: this.payments }),
          },
        );
        out.push({ run, point: { variant, seed, alpha, liquidity: sum(balances), upper: sum(bounds.upper) } });
      }
    }
    return out;
  }
}

/** The scenario document for one LSM setting and credit mode (opening balances are set per run). */
function variantDocument(base: Record<string, unknown>, setting: LsmSetting, credit: CreditMode): Record<string, unknown> {
  const doc = structuredClone(base);
  if (setting !== 'scenario') {
    const lsm = (doc['lsm_config'] as Record<string, unknown> | undefined) ?? {};
    doc['lsm_config'] =
      setting === 'off' ? { ...lsm, enabled: false } : { ...lsm, enabled: true, algorithm: setting satisfies LsmAlgorithm };
  }
  if (credit === 'zero') {
    for (const agent of doc['agents'] as Array<Record<string, unknown>>) {
      agent['credit_limit'] = 0;
      agent['posted_collateral'] = 0;
      agent['collateral_capacity'] = 0;
      // A pool brings liquidity from outside each morning (engine.md §9b): with it the frontier
      // would measure pool + opening balance (the two-bank game settled everything at every α).
      // An empty pool keeps the document valid whatever initial_liquidity_fraction says.
      if (agent['liquidity_pool'] !== undefined) agent['liquidity_pool'] = 0;
    }
  }
  return doc;
}
