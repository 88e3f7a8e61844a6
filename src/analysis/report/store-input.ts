// Everything a report draws, read from the store for one revision of an experiment: `paysim
// report` and GET /experiments/{name}/charts read the same rows the same way.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { FrontierRun } from '../liquidity/frontier.js';
import { readFrontierRuns, readThroughput } from '../liquidity/store-rows.js';
import type { AgentMetricRow, RunMetricRow } from '../pairing.js';
import { readAgentRows, readRuns, readSettledCounts } from '../store-reader.js';
import type { ThroughputPoint } from './liquidity-charts.js';
import type { SettledCount } from './report-data.js';

export interface StoredReportRows {
  /** Finished runs of the revision. */
  readonly runs: readonly RunMetricRow[];
  readonly failed: number;
  readonly agents: readonly AgentMetricRow[];
  readonly settled: readonly SettledCount[];
  /** Frontier runs and throughput of the whole experiment (as `paysim liquidity` stores them). */
  readonly frontier: readonly FrontierRun[];
  readonly throughput: readonly ThroughputPoint[];
}

export async function readReportRows(c: DuckDBConnection, experimentId: string, revision: number): Promise<StoredReportRows> {
  const { runs, failed } = await readRuns(c, experimentId, revision);
  return {
    runs,
    failed,
    agents: await readAgentRows(c, experimentId, revision),
    settled: await readSettledCounts(c, experimentId, revision),
    frontier: await readFrontierRuns(c, experimentId),
    throughput: await readThroughput(c, experimentId),
  };
}
