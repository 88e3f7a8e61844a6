// Scenario loading and command start-up (issue 22), today beside the baseline commit: the
// 200-bank scenario loaded and validated (goal ≤ 200 ms), `paysim run --no-store` of it within
// 1.3 × its engine time, and `--help` and `validate` of a small file within 0.3 s. Each figure is
// the median of three fresh processes (loading is what a fresh command pays).

import { table } from '../src/cli/format.js';
import { type Build, builds, type Comparison, COMPARISON_HEADER, comparisonRows, machineLoad, median, paysimProcess, probe } from './versions.js';

const LARGE = 'scenarios/large_scale_200_agents.yaml';
const NATIONAL = 'scenarios/generated/national_5000.yaml';

function loadCase(build: Build, scenario: string) {
  return median(3, () => probe(build, ['load', scenario]), (r) => r.loadCpuMs);
}

function commandCase(target: string, args: readonly string[], both: { baseline: Build; today: Build }): Comparison[] {
  const baseline = median(3, () => paysimProcess(both.baseline, args), (r) => r.cpuMs);
  const today = median(3, () => paysimProcess(both.today, args), (r) => r.cpuMs);
  return [
    { target, measure: 'process CPU ms', baseline: baseline.cpuMs, today: today.cpuMs, goal: 300 },
    { target, measure: 'process wall ms', baseline: baseline.wallMs, today: today.wallMs, goal: null },
  ];
}

/** `paysim run --no-store --json`: the process's wall and CPU time against the engine's own wall time. */
function runOverhead(build: Build) {
  return median(3, () => {
    const p = paysimProcess(build, ['run', LARGE, '--no-store', '--json']);
    const engineMs = (JSON.parse(p.stdout) as { wall_ms: number }).wall_ms;
    return { ...p, engineMs, ratio: p.wallMs / engineMs };
  }, (r) => r.ratio);
}

export async function benchLoading(): Promise<void> {
  const both = builds();
  console.log(`measuring (${machineLoad()})`);
  const rows: Comparison[] = [];
  for (const [target, scenario, goal] of [
    ['200 banks: load + validate', LARGE, 200],
    ['5 000 banks: load + validate (with its payment file)', NATIONAL, null],
  ] as const) {
    const baseline = loadCase(both.baseline, scenario);
    const today = loadCase(both.today, scenario);
    rows.push(
      { target, measure: 'CPU ms', baseline: baseline.loadCpuMs, today: today.loadCpuMs, goal },
      { target, measure: 'wall ms', baseline: baseline.loadMs, today: today.loadMs, goal: null },
      { target, measure: 'module import ms', baseline: baseline.importMs, today: today.importMs, goal: null },
    );
  }
  rows.push(...commandCase('paysim --help', ['--help'], both));
  rows.push(...commandCase('paysim run --help', ['run', '--help'], both));
  rows.push(...commandCase('paysim validate scenarios/minimal.yaml', ['validate', 'scenarios/minimal.yaml'], both));
  const baseline = runOverhead(both.baseline);
  const today = runOverhead(both.today);
  rows.push(
    { target: 'paysim run 200 banks --no-store', measure: 'process CPU ms', baseline: baseline.cpuMs, today: today.cpuMs, goal: null },
    { target: 'paysim run 200 banks --no-store', measure: 'process wall ms', baseline: baseline.wallMs, today: today.wallMs, goal: null },
    { target: 'paysim run 200 banks --no-store', measure: 'engine wall ms', baseline: baseline.engineMs, today: today.engineMs, goal: null },
  );
  console.log(`Loading and start-up: today beside ${both.baseline.label}, median of 3 fresh processes (${machineLoad()})`);
  console.log(table(COMPARISON_HEADER, comparisonRows(rows)));
  console.log(
    `paysim run --no-store ÷ its engine time (wall): ${baseline.ratio.toFixed(2)} at ${both.baseline.label}, ${today.ratio.toFixed(2)} today (goal ≤ 1.3; ${today.ratio <= 1.3 ? 'met' : 'not met'})`,
  );
}
