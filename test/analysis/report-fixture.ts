// A small experiment made in this process for the report tests: realistic_demo under three
// variants (Fifo as baseline, hold-until-deadline, Fifo again) on a two-point grid of credit
// limits, 8 seeds each — enough rows for every chart, quick to run.
import { agentMetricRows, runMetricRow } from '../../src/analysis/run-rows.js';
import type { AgentMetricRow, RunMetricRow } from '../../src/analysis/pairing.js';
import { buildReportData } from '../../src/analysis/report/build.js';
import type { ReportData } from '../../src/analysis/report/report-data.js';
import type { SettledCount } from '../../src/analysis/store-reader.js';
import { decide } from '../../src/analysis/verdict.js';
import type { LoadedScenario } from '../../src/config/scenario.js';
import { runScenario, withOverrides } from '../../src/runner/single-run.js';
import { allAgents, policy, range, scenario } from './helpers.js';

function scaleCredit(loaded: LoadedScenario, scale: number): LoadedScenario {
  const agents = loaded.config.agents.map((a) => ({ ...a, credit_limit: Math.round(a.credit_limit * scale) }));
  return { ...loaded, config: { ...loaded.config, agents } };
}

export interface FixtureRows {
  readonly runs: RunMetricRow[];
  readonly agents: AgentMetricRow[];
  readonly settled: SettledCount[];
}

export function fixtureRows(seeds = range(1, 8)): FixtureRows {
  const demo = scenario('realistic_demo.yaml');
  const variants: Array<[string, LoadedScenario]> = [
    ['baseline', allAgents(demo, policy({ type: 'Fifo' }))],
    ['hold', allAgents(demo, policy({ type: 'Tree', file: 'hold_until_deadline.json' }))],
    ['fifo_again', allAgents(demo, policy({ type: 'Fifo' }))],
  ];
  const out: FixtureRows = { runs: [], agents: [], settled: [] };
  for (const scale of [0.5, 1]) {
    const params_json = JSON.stringify({ 'agents[*].credit_limit': { scale } });
    for (const [variant, loaded] of variants) {
      for (const seed of seeds) {
        const run_key = `${variant}/${scale}/${seed}`;
        const result = runScenario(withOverrides(scaleCredit(loaded, scale), { seed: String(seed) })).result;
        out.runs.push(runMetricRow({ run_key, variant, seed: String(seed), params_json }, result.summary));
        out.agents.push(...agentMetricRows(run_key, result.summary));
        const byTick = new Map<number, number>();
        for (const t of result.transactions) {
          if (t.parent_id === null && t.settled_tick !== null) byTick.set(t.settled_tick, (byTick.get(t.settled_tick) ?? 0) + 1);
        }
        for (const [tick, settled] of byTick) out.settled.push({ run_key, tick, settled });
      }
    }
  }
  return out;
}

export function fixtureReport(rows: FixtureRows = fixtureRows()): ReportData {
  const { verdict } = decide({ runs: rows.runs, agents: rows.agents, baseline: 'baseline', candidate: 'hold', metric: 'total_cost' });
  return buildReportData({
    title: 'report-fixture',
    description: 'Fifo vs hold-until-deadline on realistic_demo, credit limits ×0.5 and ×1',
    generator: 'paysim test',
    runs: rows.runs,
    agents: rows.agents,
    settled: rows.settled,
    metrics: ['total_cost', 'cost_delay', 'settlement_rate'],
    // The report's own tests check the pooled comparison; per grid point: report.test.ts.
    pool: true,
    verdict,
  });
}
