// What liquidity analytics add to a run (issue 12 target: under 10 % of the 200-bank run): the
// 200-bank scenario with the LSM off, best of three, against the same run's bound-keeping work
// done again on its own (every order through recordOrderForBounds, then the run-level metrics).

import { loadScenarioFile } from '../src/config/scenario.js';
import { recordOrderForBounds } from '../src/engine/liquidity-bounds.js';
import { newDayMetrics } from '../src/engine/metrics.js';
import { runLiquidityMetrics } from '../src/engine/run-metrics.js';
import { throughputCurve } from '../src/engine/throughput.js';
import { table } from '../src/cli/format.js';
import { runScenario } from '../src/runner/single-run.js';

function best<T>(repeat: number, f: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value = f();
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    value = f();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, value };
}

export async function benchLiquidity(): Promise<void> {
  const loaded = loadScenarioFile('scenarios/large_scale_200_agents.yaml');
  const scenario = { ...loaded, config: { ...loaded.config, lsm_config: { ...loaded.config.lsm_config, enabled: false } } };
  const run = best(3, () => runScenario(scenario));
  const state = run.value.simulation.state;
  const agentDays = run.value.result.agent_days;
  const orders = state.txs.filter((tx) => tx.parentId < 0);
  const tpd = state.ticksPerDay;
  const bounds = best(5, () => {
    let day = newDayMetrics(state.numAgents);
    let current = 0;
    for (const tx of orders) {
      const d = Math.floor(tx.arrivalTick / tpd);
      if (d !== current) {
        day = newDayMetrics(state.numAgents);
        current = d;
      }
      recordOrderForBounds(day, tx.sender, tx.receiver, tx.amount);
    }
    return runLiquidityMetrics(state, agentDays);
  });
  const throughput = best(5, () => throughputCurve(state));
  const share = (ms: number): string => `${((ms / run.ms) * 100).toFixed(1)}%`;
  console.log(`Liquidity analytics on large_scale_200_agents (LSM off, ${orders.length} orders, run best of 3: ${run.ms.toFixed(0)} ms)`);
  console.log(
    table(
      ['work', 'ms', 'share of the run'],
      [
        ['bounds per order + run metrics (every run)', bounds.ms.toFixed(1), share(bounds.ms)],
        ['throughput curve (outputs.throughput only)', throughput.ms.toFixed(1), share(throughput.ms)],
      ],
    ),
  );
  console.log('Target: bounds add under 10 % to the 200-bank run.');
}
