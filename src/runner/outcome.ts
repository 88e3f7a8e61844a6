// A finished run's outcome: its summary and its result tables as typed columns (store/column-table.ts),
// packed into one buffer so that a worker hands them over as one transfer. Built here
// for every run, whether a sweep worker ran it or `paysim run` and the API did in-process.

import type { RunResult } from '../engine/results.js';
import type { AgentTickRecord } from '../engine/simulation.js';
import type { ThroughputRecord } from '../engine/throughput.js';
import { AGENT_DAYS, AGENT_TICKS, EVENTS, RUN_AGENTS, THROUGHPUT, TRANSACTIONS, type ResultTableName } from '../store/columns.js';
import { encodeTable } from './column-encode.js';
import { type ColumnTable, packTables } from '../store/column-table.js';
import type { RunOutcome, RunOutputs } from './run-spec.js';

export interface FinishedRun {
  readonly result: RunResult;
  readonly agentTicks?: readonly AgentTickRecord[] | null;
  /** Event rows (events table), when they were collected. */
  readonly events?: readonly object[] | null;
  /** The intraday throughput curve (throughput table), when it was computed. */
  readonly throughput?: readonly ThroughputRecord[] | null;
  readonly startedAtMs: number;
  readonly wallMs: number;
}

export function okOutcome(runKey: string, run: FinishedRun, outputs: RunOutputs): RunOutcome {
  const { agents, ...summary } = run.result.summary;
  const tables: Partial<Record<ResultTableName, ColumnTable>> = { run_agents: encodeTable(RUN_AGENTS, agents) };
  if (outputs.transactions) tables.transactions = encodeTable(TRANSACTIONS, run.result.transactions);
  if (outputs.agent_days) tables.agent_days = encodeTable(AGENT_DAYS, run.result.agent_days);
  if (outputs.agent_ticks && run.agentTicks) tables.agent_ticks = encodeTable(AGENT_TICKS, run.agentTicks);
  if (outputs.events && run.events) tables.events = encodeTable(EVENTS, run.events);
  if (outputs.throughput === true && run.throughput) tables.throughput = encodeTable(THROUGHPUT, run.throughput);
  return { run_key: runKey, status: 'ok', error: null, summary, started_at_ms: run.startedAtMs, wall_ms: run.wallMs, tables: packTables(tables) };
}
