// Engine speed on the reference scenarios: one run each, in this process (issue targets: the
// 200-bank, 2 000-tick scenario in under 5 s without LSM; with LSM under 5 s, goal 2 s).

import { loadScenarioFile } from '../src/config/scenario.js';
import type { LoadedScenario } from '../src/config/scenario.js';
import { runScenario } from '../src/runner/single-run.js';
import { table } from '../src/cli/format.js';

const SCENARIOS = [
  'scenarios/minimal.yaml',
  'scenarios/realistic_demo.yaml',
  'scenarios/high_stress_gridlock.yaml',
  'scenarios/18_agent_3_policy_simulation.yaml',
  'scenarios/large_scale_200_agents.yaml',
];

function lsmOff(loaded: LoadedScenario): LoadedScenario {
  return { ...loaded, config: { ...loaded.config, lsm_config: { ...loaded.config.lsm_config, enabled: false } } };
}

/** Best of `repeat` runs (the first run also pays for JIT warm-up). */
function timeRun(loaded: LoadedScenario, repeat: number) {
  let best = Infinity;
  let result = runScenario(loaded);
  for (let i = 0; i < repeat; i++) {
    const run = runScenario(loaded);
    if (run.wallMs < best) {
      best = run.wallMs;
      result = run;
    }
  }
  return { ms: best, summary: result.result.summary };
}

export async function benchEngine(): Promise<void> {
  const rows: string[][] = [];
  for (const file of SCENARIOS) {
    const loaded = loadScenarioFile(file);
    const large = file.includes('large_scale');
    const variants: [string, LoadedScenario][] = [['as configured', loaded]];
    if (large || loaded.config.lsm_config.enabled) variants.push(['LSM off', lsmOff(loaded)]);
    for (const [label, scenario] of variants) {
      const { ms, summary } = timeRun(scenario, large ? 2 : 5);
      rows.push([
        file.replace('scenarios/', ''),
        label,
        scenario.config.lsm_config.enabled ? scenario.config.lsm_config.algorithm : 'off',
        String(summary.ticks),
        String(summary.arrivals),
        ms.toFixed(0),
        Math.round((summary.ticks / ms) * 1000).toLocaleString('en-US'),
        Math.round((summary.arrivals / ms) * 1000).toLocaleString('en-US'),
        `${(summary.settlement_rate * 100).toFixed(1)}%`,
        `${(summary.settlement_rate_value * 100).toFixed(1)}%`,
      ]);
    }
  }
  console.log('Engine: one run per scenario, best of several, one process');
  console.log(
    table(['scenario', 'variant', 'lsm', 'ticks', 'payments', 'ms', 'ticks/s', 'payments/s', 'settled', 'by value'], rows),
  );
  console.log('Targets: large_scale_200_agents under 5 000 ms with LSM off and on (goal 2 000 ms with LSM).');
}
