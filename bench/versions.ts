// Side by side with the baseline: the speed benches of issue 22 time today's build and the build of
// the commit the work started from, on the same machine, in the same bench run, on identical
// inputs. The baseline is unpacked from git (git archive, no worktree) into a temp directory,
// gets its own dependencies (npm ci from its lockfile) and is compiled once; later runs reuse it.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** main when issue 22's speed work started. */
export const BASELINE_COMMIT = '1aa21fa';

const REPO = resolve('.');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

export interface Build {
  readonly label: string;
  readonly root: string;
}

/** Today's checkout, compiled afresh (dist/ may be stale), and the baseline commit's build. */
export function builds(): { readonly baseline: Build; readonly today: Build } {
  execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' });
  const root = join(tmpdir(), `paysim-bench-${BASELINE_COMMIT}`);
  if (!existsSync(join(root, 'dist/src/cli/main.js'))) {
    console.log(`building the baseline ${BASELINE_COMMIT} in ${root} (once)…`);
    mkdirSync(root, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${BASELINE_COMMIT} | tar -x -C "${root}"`], { cwd: REPO, stdio: 'inherit' });
    installDependencies(root);
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  }
  return { baseline: { label: BASELINE_COMMIT, root }, today: { label: 'today', root: REPO } };
}

/**
 * The baseline's own dependencies, from its lockfile: this checkout's node_modules no longer holds
 * every package the baseline imports (it used @stdlib/stats-wilcoxon), so sharing them left the
 * baseline uncompilable and its `--help` failing. Without the registry, shared ones are the fallback.
 */
function installDependencies(root: string): void {
  if (existsSync(join(root, 'node_modules'))) return;
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: root, stdio: 'inherit' });
  if (npm.status !== 0) {
    console.log('npm ci failed for the baseline: it shares this checkout\'s node_modules');
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  }
}

export interface ProbeResult {
  readonly importMs: number;
  readonly loadMs: number;
  readonly loadCpuMs: number;
  readonly totalCpuMs: number;
  readonly ms?: number;
  readonly cpuMs?: number;
  readonly settled?: number;
  readonly arrivals?: number;
  readonly settledValue?: number;
  readonly rssMb?: number;
}

/** Runs bench/probe.mjs against a build in a fresh process. */
export function probe(build: Build, args: readonly string[], nodeArgs: readonly string[] = []): ProbeResult {
  const out = execFileSync(process.execPath, [...nodeArgs, join(REPO, 'bench/probe.mjs'), build.root, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ProbeResult;
}

export interface ProcessCost {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly stdout: string;
}

/** Runs `paysim ARGS` of a build as a process; wall time, CPU time and peak memory from /usr/bin/time. */
export function paysimProcess(build: Build, args: readonly string[]): ProcessCost {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, join(build.root, 'bin/paysim.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (line === undefined) throw new Error(`paysim ${args.join(' ')} (${build.label}): no timing (status ${r.status}): ${r.stderr.slice(-500)}`);
  const [wall, user, sys, rss] = line.slice(5).split(' ').map(Number);
  return { wallMs: wall! * 1000, cpuMs: (user! + sys!) * 1000, maxRssMb: rss! / 1024, stdout: r.stdout };
}

/** The median of `repeat` measurements by `key` (each in a fresh process). */
export function median<T>(repeat: number, measure: () => T, key: (t: T) => number): T {
  const all = Array.from({ length: repeat }, measure).sort((a, b) => key(a) - key(b));
  return all[Math.floor((all.length - 1) / 2)]!;
}

/** One line saying how busy the machine was (figures under load are longer, ratios hold better). */
export function machineLoad(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

export interface Comparison {
  readonly target: string;
  readonly measure: string;
  readonly baseline: number;
  readonly today: number;
  /** Goal for `today` in the same unit; null: no goal, shown for context. */
  readonly goal: number | null;
}

/** The side-by-side table: baseline, today, the speed-up (baseline ÷ today) and whether the goal is met. */
export function comparisonRows(rows: readonly Comparison[]): string[][] {
  return rows.map((r) => [
    r.target,
    r.measure,
    r.baseline.toFixed(0),
    r.today.toFixed(0),
    `${(r.baseline / r.today).toFixed(2)}×`,
    r.goal === null ? '' : `≤ ${r.goal}`,
    r.goal === null ? '' : r.today <= r.goal ? 'met' : 'not met',
  ]);
}

export const COMPARISON_HEADER = ['target', 'measure', BASELINE_COMMIT, 'today', 'speed-up', 'goal', ''];
