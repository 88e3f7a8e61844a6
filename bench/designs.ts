// Settlement designs (issue 11 target: no more than 1.5× the time of the same run with them off):
// the 200-bank scenario as shipped (LSM on), every agent's arrivals with a priority distribution,
// run with priority bands, FIFO queues and sender limits (a multilateral limit for every bank and
// a bilateral one towards its next bank) against the same run with those switches off. Best of 3.

import { loadScenarioFile } from '../src/config/scenario.js';
import type { AgentConfig, EngineConfig } from '../src/engine/config.js';
import { table } from '../src/cli/format.js';
import { runScenario } from '../src/runner/single-run.js';

function best(repeat: number, f: () => unknown): number {
  let ms = Infinity;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    f();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

export async function benchDesigns(): Promise<void> {
  const loaded = loadScenarioFile('scenarios/large_scale_200_agents.yaml');
  const withPriorities = (a: AgentConfig): AgentConfig =>
    a.arrival_config === null
      ? a
      : { ...a, arrival_config: { ...a.arrival_config, priority: { type: 'Categorical', values: [2, 5, 9], weights: [1, 3, 1] } } };
  const off: EngineConfig = { ...loaded.config, agents: loaded.config.agents.map(withPriorities) };
  const ids = off.agents.map((a) => a.id);
  const on: EngineConfig = {
    ...off,
    rtgs: { queue: 'fifo', priority_bands: true },
    agents: off.agents.map((a, i) => ({
      ...a,
      multilateral_limit: Math.max(0, a.opening_balance + a.credit_limit),
      bilateral_limits: { [ids[(i + 1) % ids.length]!]: Math.max(0, Math.floor(a.opening_balance / 4)) },
    })),
  };
  const results: Record<string, number> = {};
  const rows: string[][] = [];
  for (const [name, config] of [['off', off], ['bands + FIFO + limits', on]] as const) {
    const scenario = { ...loaded, config };
    let settled = 0;
    const ms = best(3, () => {
      settled = runScenario(scenario).result.summary.settled;
    });
    results[name] = ms;
    rows.push([name, ms.toFixed(0), String(settled)]);
  }
  console.log('Settlement designs on large_scale_200_agents (LSM on, priorities drawn; best of 3)');
  console.log(table(['designs', 'ms', 'settled'], rows));
  const ratio = results['bands + FIFO + limits']! / results['off']!;
  console.log(`on ÷ off = ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
}
