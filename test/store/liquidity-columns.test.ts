// The liquidity columns of store migration 4: one settled-value column per settlement mechanism,
// and every column of the summary that the runs table promises has a source.
import { describe, expect, it } from 'vitest';
import { MECHANISMS } from '../../src/engine/metrics.js';
import { RUN_COLUMNS, summaryColumns } from '../../src/store/runs-columns.js';
import { runScenario } from '../../src/runner/single-run.js';
import { loadScenarioFile } from '../../src/config/scenario.js';

describe('runs: liquidity columns', () => {
  it('a settled_value_<mechanism> column for every mechanism', () => {
    const names = RUN_COLUMNS.map((c) => c.name);
    for (const m of MECHANISMS) expect(names, m).toContain(`settled_value_${m}`);
  });

  it('every liquidity column is filled from the run summary', () => {
    const { summary } = runScenario(loadScenarioFile('scenarios/high_stress_gridlock.yaml')).result;
    const row = summaryColumns(summary);
    expect(row['liquidity_upper_bound']).toBe(summary.liquidity_upper_bound);
    expect(row['liquidity_lower_bound']).toBe(summary.liquidity_lower_bound);
    expect(row['delay_indicator']).toBe(summary.delay_indicator);
    const byMechanism = MECHANISMS.reduce((s, m) => s + (row[`settled_value_${m}`] ?? 0), 0);
    // Settled value by mechanism counts settlements (split children their own amounts): with no
    // splits in this scenario it is the settled value of the payment orders.
    expect(byMechanism).toBe(summary.settled_value);
  });
});
