// The rows of an external proposer's proposals (store migration 7, docs/optimize.md): each proposal written when it arrives, before its
// trial runs, so that after a kill -9 the same command replays it instead of asking again (an
// LLM would answer differently, and would cost again); and each proposed tree once by hash.

import type { DuckDBConnection } from '@duckdb/node-api';
import { parseParamsJson } from './params.js';

export type Outcome = 'candidate' | 'invalid' | 'failed' | 'done';

export interface ProposalRow {
  readonly proposal: number;
  /** The trial it becomes (the next trial's index); null for `done`. */
  readonly trial: number | null;
  readonly command: string;
  readonly outcome: Outcome;
  /** The answer as parsed, every policy tree replaced by {"tree_sha256": …}; null when there was none. */
  readonly response: unknown;
  /** The trial's whole parameter set (what the answer gave, the incumbent's for the rest). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Agent → tree hash of the trees the answer gave. */
  readonly trees: Readonly<Record<string, string>>;
  readonly rationale: string | null;
  readonly reason: string | null;
  readonly stderrTail: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly seconds: number | null;
}

export async function saveTree(c: DuckDBConnection, hash: string, document: unknown): Promise<void> {
  await c.run('INSERT INTO optimization_trees VALUES ($1, $2) ON CONFLICT DO NOTHING', [hash, JSON.stringify(document)]);
}

export async function loadTree(c: DuckDBConnection, hash: string): Promise<unknown> {
  const rows = (await c.runAndReadAll('SELECT document_json FROM optimization_trees WHERE tree_sha256 = $1', [hash])).getRowsJS();
  if (rows.length === 0) throw new Error(`optimization_trees has no tree ${hash}`);
  return JSON.parse(String(rows[0]![0]));
}

export async function saveProposal(c: DuckDBConnection, id: string, row: ProposalRow): Promise<void> {
  await c.run(`INSERT OR REPLACE INTO optimization_proposals VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now()::TIMESTAMP)`, [
    id,
    row.proposal,
    row.trial,
    row.command,
    row.outcome,
    row.response === null ? null : JSON.stringify(row.response),
    JSON.stringify(row.parameters),
    JSON.stringify(row.trees),
    row.rationale,
    row.reason,
    row.stderrTail,
    row.exitCode,
    row.signal,
    row.seconds,
  ]);
}

/** The stored proposals of an optimisation, in order. */
export async function loadProposals(c: DuckDBConnection, id: string): Promise<ProposalRow[]> {
  const reader = await c.runAndReadAll(
    `SELECT proposal, trial, command, outcome, response_json, params_json, trees_json, rationale, reason, stderr_tail, exit_code, signal, seconds
     FROM optimization_proposals WHERE optimization_id = $1 ORDER BY proposal`,
    [id],
  );
  return reader.getRowsJS().map((r) => ({
    proposal: Number(r[0]),
    trial: r[1] === null ? null : Number(r[1]),
    command: String(r[2]),
    outcome: String(r[3]) as Outcome,
    response: r[4] === null ? null : (JSON.parse(String(r[4])) as unknown),
    parameters: parseParamsJson(r[5]),
    trees: JSON.parse(String(r[6] ?? '{}')) as Record<string, string>,
    rationale: r[7] === null ? null : String(r[7]),
    reason: r[8] === null ? null : String(r[8]),
    stderrTail: r[9] === null ? null : String(r[9]),
    exitCode: r[10] === null ? null : Number(r[10]),
    signal: r[11] === null ? null : String(r[11]),
    seconds: r[12] === null ? null : Number(r[12]),
  }));
}
