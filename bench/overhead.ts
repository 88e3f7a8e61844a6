// What a run costs beyond its engine in the searches researchers run (issue 22, item 3): for each
// command, the CPU of the whole process (coordinator, workers and DuckDB's threads) ÷ runs, less
// the engine's own time per run, for this build and for the build of commit 1aa21fa (before the
// work of issue 22), on the same machine in one run. Target: ≤ 5 ms a run.
//
// Both builds run compiled (dist/), each command in a child process whose CPU is read at its exit
// (process.cpuUsage covers every thread). The baseline is built once into the temp folder from
// `git archive 1aa21fa` with this checkout's node_modules (`--baseline DIR` names another build;
// `--no-baseline` skips it). Each command runs a 2-bank day over and over: the two-bank liquidity
// game (scenarios/castro_two_bank_game.yaml), whose engine time is measured here on its own.
//
// `npm run bench -- overhead` (`--runs N` scales the sweep; the others follow).

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { table } from '../src/cli/format.js';
import { loadScenarioFile } from '../src/config/scenario.js';
import { runScenario, withOverrides } from '../src/runner/single-run.js';

const ROOT = resolve(import.meta.dirname, '..');
const BASELINE_COMMIT = '1aa21fa';
const GAME = join(ROOT, 'scenarios/castro_two_bank_game.yaml');
const TARGET_MS = 5;

interface Measure {
  readonly command: string;
  readonly runs: number;
  readonly args: (dir: string) => string[];
  /** Measured only in builds that have this file (a command added after the baseline). */
  readonly needs?: string;
}

export async function benchOverhead(): Promise<void> {
  const runs = flagNumber('--runs') ?? 2000;
  const dir = mkdtempSync(join(tmpdir(), 'paysim-bench-overhead-'));
  try {
    const current = currentBuild();
    const baseline = process.argv.includes('--no-baseline') ? null : (flagString('--baseline') ?? baselineBuild());
    const engineMs = engineCpuPerRun(GAME, 500);
    const measures = commands(dir, runs);
    const rows: string[][] = [];
    for (const m of measures) {
      process.stderr.write(`overhead: ${m.command} (${m.runs} runs) …\n`);
      const now = m.needs === undefined || existsSync(join(current, m.needs)) ? await cpuOf(current, m.args(join(dir, 'now'))) : null;
      const before = baseline !== null && (m.needs === undefined || existsSync(join(baseline, m.needs))) ? await cpuOf(baseline, m.args(join(dir, 'before'))) : null;
      const per = (cpu: number | null): number | null => (cpu === null ? null : cpu / m.runs - engineMs);
      const a = per(now);
      const b = per(before);
      rows.push([
        m.command,
        String(m.runs),
        b === null ? '–' : `${ms(before! / m.runs)} / ${ms(b)}`,
        a === null ? 'not in this build' : `${ms(now! / m.runs)} / ${ms(a)}`,
        a !== null && b !== null ? `${(b / a).toFixed(1)}×` : '–',
        `≤ ${TARGET_MS} ms`,
      ]);
    }
    console.log(`2-bank runs (castro_two_bank_game), engine ${engineMs.toFixed(3)} ms CPU a run; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`baseline: ${baseline ?? 'skipped'} (commit ${BASELINE_COMMIT}); this build: ${current}`);
    console.log(table(['command', 'runs', `${BASELINE_COMMIT}: CPU / overhead per run`, 'now: CPU / overhead per run', 'overhead ratio', 'target'], rows));
    console.log('overhead = whole-process CPU (coordinator, workers, DuckDB) ÷ runs − engine CPU per run; start-up included.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function commands(dir: string, runs: number): Measure[] {
  const sweepFile = join(dir, 'sweep.yaml');
  writeFileSync(sweepFile, `name: overhead-sweep\nscenario: ${GAME}\nseeds: {from: 1, count: ${runs}}\n`);
  // A search of the game's 21 × 21 grid, one trial at a time as a method asks for them.
  const levels = 21;
  const optimizeFile = join(dir, 'optimize.yaml');
  writeFileSync(
    optimizeFile,
    [
      'name: overhead-optimize',
      `scenario: ${GAME}`,
      'seeds: [1]',
      'outputs: {transactions: false, agent_days: false}',
      'optimize:',
      '  method: grid',
      '  parameters:',
      `    - {name: fraction_A, path: "agents[BANK_A].initial_liquidity_fraction", type: real, bounds: [0, 1], levels: ${levels}}`,
      `    - {name: fraction_B, path: "agents[BANK_B].initial_liquidity_fraction", type: real, bounds: [0, 1], levels: ${levels}}`,
      '  objective: {metric: total_cost}',
      '  seeds: [1]',
      '  racing: false',
      '',
    ].join('\n'),
  );
  // A frontier of the game: 21 α values × seeds, LSM as the scenario has it (off).
  const seeds = Math.max(1, Math.round(runs / 21));
  return [
    { command: 'sweep', runs, args: (db) => ['sweep', sweepFile, '--db', `${db}-sweep.duckdb`, '--workers', '1'] },
    { command: 'optimize (grid search)', runs: levels * levels, args: (db) => ['optimize', optimizeFile, '--db', `${db}-optimize.duckdb`, '--workers', '1', '--json'] },
    { command: 'liquidity (frontier)', runs: 21 * seeds, args: (db) => ['liquidity', GAME, '--step', '0.05', '--seeds', `1-${seeds}`, '--db', `${db}-liquidity.duckdb`, '--workers', '1', '--json'] },
  ];
}

/** This checkout's compiled CLI, rebuilt first when a source is newer than it. */
function currentBuild(): string {
  const main = join(ROOT, 'dist/src/cli/main.js');
  const built = existsSync(main) ? statSync(main).mtimeMs : 0;
  if (newest(join(ROOT, 'src')) > built || newest(join(ROOT, 'workers')) > built) {
    console.log('building this checkout (npm run build) …');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  return ROOT;
}

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

/** The build of the baseline commit, made once in the temp folder (its sources, our node_modules). */
function baselineBuild(): string {
  const dir = join(tmpdir(), `paysim-baseline-${BASELINE_COMMIT}`);
  if (existsSync(join(dir, 'dist/src/cli/main.js'))) return dir;
  console.log(`building commit ${BASELINE_COMMIT} in ${dir} …`);
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${BASELINE_COMMIT} | tar -x -C "${dir}"`]);
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'ignore' });
  return dir;
}

/** CPU of the engine alone per run of the scenario (ms), seeds 1…n, best of three passes. */
function engineCpuPerRun(file: string, n: number): number {
  const loaded = loadScenarioFile(file);
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) runScenario(withOverrides(loaded, { seed: String(i + 1) }));
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / n);
  }
  return best;
}

/** Runs a build's CLI in a child process; its whole CPU (ms) at exit. */
function cpuOf(build: string, args: readonly string[]): Promise<number> {
  const script =
    `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu_us ' + (u.user + u.system) + '\\n'); });` +
    `const m = await import(${JSON.stringify(join(build, 'dist/src/cli/main.js'))}); await m.main(['node', 'paysim', ...process.argv.slice(1)]);`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', ...args], { cwd: build, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const cpu = /cpu_us (\d+)/.exec(err);
      if (code !== 0 || cpu === null) reject(new Error(`${args[0]} failed (${code}) in ${build}: ${err.slice(-2000)}`));
      else resolvePromise(Number(cpu[1]) / 1000);
    });
  });
}

function ms(x: number): string {
  return `${x.toFixed(2)} ms`;
}

function flagNumber(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

function flagString(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await benchOverhead();
}
