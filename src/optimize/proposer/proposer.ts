// The search's `propose` for an external proposer: replays the proposals already stored for
// this optimisation (a resumed search asks nothing it asked before), else runs the command once
// with the history, checks the answer (validate.ts, then the scenario: candidate.ts), stores the
// proposal and its trees before the trial runs, and hands the search a candidate, an invalid or
// failed proposal (recorded as a trial that runs nothing), or the end. After `maxFailures`
// proposals in a row that ran nothing — failures, invalid answers, repeats — the search stops.

import type { DuckDBConnection } from '@duckdb/node-api';
import { isRecord } from '../../input/json-path.js';
import type { OptimizeSpec } from '../config.js';
import { Interrupted } from '../evaluator.js';
import type { RacingOptions } from '../racing.js';
import type { Propose, Proposal, Trial, TrialNote } from '../search.js';
import type { Assignment } from '../space.js';
import { readAnswerText } from './answer-text.js';
import { agentBreakdown } from './breakdown.js';
import { proposalVariant, scenarioProblems } from './candidate.js';
import type { ProposerSpec } from './config.js';
import { runProcess } from './process.js';
import { loadProposals, loadTree, type ProposalRow, saveProposal, saveTree } from '../../store/optimization-proposals.js';
import { type AgentBreakdown, buildRequest, parametersOf, treesOf, withTrees } from './protocol.js';
import { checkAnswer, problemText, treeHash } from './validate.js';

export interface ProposerContext {
  readonly connection: DuckDBConnection;
  readonly optimizationId: string;
  readonly experiment: string;
  readonly experimentDoc: Record<string, unknown>;
  readonly file: string;
  readonly spec: OptimizeSpec;
  readonly proposer: ProposerSpec;
  readonly start: Assignment;
  readonly racing: RacingOptions | null;
  /** The policies of the agents a proposal may change, as the scenario has them. */
  readonly policies: Readonly<Record<string, unknown>>;
  /** Variant → seed → run key of the runs observed so far. */
  readonly runKeys: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly signal?: AbortSignal;
}

/** What a proposal's row holds whatever its answer: who was asked, and how the process ended. */
type RowBase = Omit<ProposalRow, 'outcome' | 'response' | 'parameters' | 'trees' | 'rationale' | 'reason'>;

const IDLE: ReadonlySet<string> = new Set(['invalid', 'failed', 'repeat']);

export class ExternalProposer {
  private asked = 0;
  private readonly trees = new Map<string, unknown>();
  private readonly breakdowns = new Map<string, AgentBreakdown>();
  private readonly started = performance.now();

  private constructor(
    private readonly ctx: ProposerContext,
    private readonly stored: readonly ProposalRow[],
  ) {}

  /** Reads the proposals (and their trees) stored by earlier invocations of the same optimisation. */
  static async open(ctx: ProposerContext): Promise<ExternalProposer> {
    const stored = await loadProposals(ctx.connection, ctx.optimizationId);
    const proposer = new ExternalProposer(ctx, stored);
    // Candidates carry the incumbent's trees forward, so one hash stands in many rows: load each once.
    for (const hash of new Set(stored.flatMap((row) => Object.values(row.trees)))) proposer.trees.set(hash, await loadTree(ctx.connection, hash));
    return proposer;
  }

  /** A proposed tree by its hash. */
  readonly tree = (hash: string): unknown => {
    if (!this.trees.has(hash)) throw new Error(`no proposed tree ${hash}`);
    return this.trees.get(hash);
  };

  readonly propose: Propose = async (state) => {
    const idle = trailingIdle(state.trials);
    if (idle.length >= this.ctx.proposer.maxFailures) {
      const last = idle[idle.length - 1]!;
      return { kind: 'stop', stop: 'failures', reason: `${idle.length} proposals in a row ran nothing (last: ${last.status}: ${last.reason})` };
    }
    const number = this.asked++;
    const row = this.stored[number] ?? (await this.ask(number, state));
    return this.proposalOf(row);
  };

  private proposalOf(row: ProposalRow): Proposal {
    if (row.outcome === 'done') return { kind: 'stop', stop: 'done', reason: row.rationale ?? 'the proposer is done' };
    const note: TrialNote = { proposal: row.proposal, rationale: row.rationale, trees: row.trees };
    if (row.outcome === 'candidate') return { kind: 'candidate', assignment: withTrees(row.parameters, row.trees), note };
    return { kind: row.outcome, reason: row.reason ?? row.outcome, assignment: row.parameters, note };
  }

  /** Runs the command for proposal `number`, checks and stores its answer. */
  private async ask(number: number, state: Parameters<Propose>[0]): Promise<ProposalRow> {
    const { ctx } = this;
    for (const t of state.trials) await this.loadBreakdown(t);
    const request = buildRequest({
      optimizationId: ctx.optimizationId,
      experiment: ctx.experiment,
      proposal: number,
      parameters: ctx.spec.parameters,
      objective: ctx.spec.objective,
      constraints: ctx.spec.constraints,
      policyAgents: ctx.proposer.treeAgents,
      policies: ctx.policies,
      start: ctx.start,
      seeds: ctx.spec.seeds,
      racing: ctx.racing,
      maxEvaluations: ctx.spec.maxEvaluations,
      maxSeconds: ctx.spec.maxSeconds,
      secondsUsed: (performance.now() - this.started) / 1000,
      evaluations: state.evaluations,
      trials: state.trials,
      incumbent: state.incumbent,
      breakdown: (t) => this.breakdowns.get(breakdownKey(t)) ?? {},
      tree: this.tree,
    });
    const run = await runProcess(ctx.proposer.command, `${JSON.stringify(request)}\n`, {
      timeoutMs: ctx.proposer.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (run.aborted) throw new Interrupted();
    const base: RowBase = {
      proposal: number,
      trial: state.trials.length,
      command: ctx.proposer.command,
      stderrTail: run.stderrTail === '' ? null : run.stderrTail,
      exitCode: run.exitCode,
      signal: run.signal,
      seconds: run.seconds,
    };
    const stderr = run.stderrTail.trim() === '' ? '' : `; stderr: ${run.stderrTail.trim().slice(-300)}`;
    let row: ProposalRow;
    const parsed = run.failure === null ? readAnswerText(run.stdout) : null;
    if (run.failure !== null || parsed === null || !parsed.ok) {
      const why = run.failure ?? (parsed !== null && !parsed.ok ? parsed.error : 'no output');
      row = { ...base, outcome: 'failed', response: null, parameters: {}, trees: {}, rationale: null, reason: `proposer failed: ${why}${stderr}` };
    } else {
      row = await this.check(parsed.value, base, state);
    }
    await saveProposal(ctx.connection, ctx.optimizationId, row);
    return row;
  }

  /** The answer checked: a candidate the scenario accepts, or why not; its trees stored by hash. */
  private async check(value: unknown, base: RowBase, state: Parameters<Propose>[0]): Promise<ProposalRow> {
    const { ctx } = this;
    const incumbent = state.incumbent?.assignment ?? ctx.start;
    const answer = checkAnswer(value, { space: ctx.spec.parameters, treeAgents: ctx.proposer.treeAgents, base: parametersOf(incumbent) });
    // Every tree the answer holds is kept once by hash, valid or not: the record of what was proposed.
    const trees: Record<string, string> = {};
    let response: unknown = value;
    if (isRecord(value) && isRecord(value['policies'])) {
      const refs: Record<string, unknown> = {};
      for (const [agent, doc] of Object.entries(value['policies'])) {
        if (!isRecord(doc)) {
          refs[agent] = doc;
          continue;
        }
        const hash = treeHash(doc);
        this.trees.set(hash, doc);
        await saveTree(ctx.connection, hash, doc);
        trees[agent] = hash;
        refs[agent] = { tree_sha256: hash };
      }
      response = { ...value, policies: refs };
    }
    const common = { ...base, response, rationale: answer.rationale, trees };
    if (answer.kind === 'done') return { ...common, trial: null, outcome: 'done', parameters: {}, reason: null };
    if (answer.kind === 'invalid') return { ...common, outcome: 'invalid', parameters: answer.parameters, reason: `invalid proposal: ${problemText(answer.problems)}` };
    // Trees of agents the answer left alone stay as the incumbent has them.
    const chosen = { ...treesOf(incumbent), ...trees };
    const assignment = withTrees(answer.parameters, chosen);
    const problems = scenarioProblems(ctx.experimentDoc, ctx.file, ctx.spec.parameters, proposalVariant(ctx.spec.parameters, assignment, this.tree));
    if (problems.length > 0) return { ...common, outcome: 'invalid', parameters: answer.parameters, reason: `invalid proposal: ${problemText(problems)}` };
    return { ...common, outcome: 'candidate', parameters: answer.parameters, trees: chosen, reason: null };
  }

  private async loadBreakdown(t: Trial): Promise<void> {
    const key = breakdownKey(t);
    if (t.seeds.length === 0 || this.breakdowns.has(key)) return;
    const keys = this.ctx.runKeys.get(t.key);
    if (keys === undefined) return;
    const runs = t.seeds.map((s) => keys.get(s)).filter((k): k is string => k !== undefined);
    this.breakdowns.set(key, await agentBreakdown(this.ctx.connection, runs));
  }
}

const breakdownKey = (t: Trial): string => `${t.key}/${t.seeds.length}`;

/** The trials at the end of the history that a proposal made and that ran nothing. */
function trailingIdle(trials: readonly Trial[]): Trial[] {
  const out: Trial[] = [];
  for (let i = trials.length - 1; i >= 0; i--) {
    const t = trials[i]!;
    if (t.note === undefined || !IDLE.has(t.status)) break;
    out.unshift(t);
  }
  return out;
}
