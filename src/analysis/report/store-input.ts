// Everything a report draws, read from the store for one revision of an experiment: `paysim
// report` and GET /experiments/{name}/charts read the same rows the same way.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { FrontierRun } from '../../runner/liquidity/figures.js';
import { readFrontierRuns, readThroughput } from '../liquidity/store-rows.js';
import type { AgentMetricRow, RunMetricRow } from '../pairing.js';
import { readAgentRows, readRuns, readSettledCounts } from '../store-reader.js';
import type { ThroughputPoint } from '../liquidity/store-rows.js';
import type { SettledCount } from '../store-reader.js';
import { readOptimizations } from '../optimize/store-rows.js';
import { type OptimizationView, optimizationView, winnerRuns } from '../optimize/view.js';

export interface StoredReportRows {
  /** Finished runs of the revision. */
  readonly runs: readonly RunMetricRow[];
  readonly failed: number;
  readonly agents: readonly AgentMetricRow[];
  readonly settled: readonly SettledCount[];
  /** Frontier runs and throughput of the whole experiment (as `paysim liquidity` stores them). */
  readonly frontier: readonly FrontierRun[];
  readonly throughput: readonly ThroughputPoint[];
  /** The revision's optimisations (`paysim optimize`); when there are any, `runs` and `agents` are the baseline's and the winners' only. */
  readonly optimizations: readonly OptimizationView[];
}

export async function readReportRows(c: DuckDBConnection, experimentId: string, revision: number): Promise<StoredReportRows> {
  const { runs: all, failed } = await readRuns(c, experimentId, revision);
  const optimizations = (await readOptimizations(c, experimentId, revision)).map(optimizationView);
  // An optimised experiment's trials are drawn in its optimisation sections; the comparison is of the baseline and the winners.
  const { runs, agents } = winnerRuns(all, await readAgentRows(c, experimentId, revision), optimizations);
  return {
    runs,
    failed,
    agents,
    optimizations,
    settled: await readSettledCounts(c, experimentId, revision),
    frontier: await readFrontierRuns(c, experimentId),
    throughput: await readThroughput(c, experimentId),
  };
}
