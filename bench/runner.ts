// The sweep's speed (runner.md §7): pool overhead, parallel efficiency, store ingest, the
// 1 000-run sweep, and peak memory for small and large sweeps. `benchRunner({workers})`.
//
// Every sweep here runs from source (tsx), as `npm run bench` does: worker start-up includes
// tsx's transpiling (~1 s), which is counted, since a user's sweep pays it too.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { table } from '../src/cli/format.js';
import { readDocumentFile } from '../src/input/read.js';
import { executeRun } from '../src/runner/execute.js';
import { loadExperimentFile } from '../src/runner/experiment.js';
import { planExperiment, type Plan } from '../src/runner/plan.js';
import { runRecord } from '../src/runner/run-record.js';
import type { RunOutcome } from '../src/runner/run-spec.js';
import { createPool } from '../src/runner/pool.js';
import { runSweep, type SweepReport } from '../src/runner/sweep.js';
import { openStore } from '../src/store/open.js';
import { StoreWriter } from '../src/store/writer.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'src/cli/main.ts');

interface Options {
  readonly workers?: number;
}

export async function benchRunner(options: Options = {}): Promise<void> {
  const workers = options.workers ?? flagWorkers() ?? availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'paysim-bench-runner-'));
  try {
    const demo1000 = experiment(dir, 'demo-1000', 'realistic_demo.yaml', 1000);
    const rows: string[][] = [];

    // 1 000 runs of realistic_demo with transactions stored (target < 15 s).
    const sweepN = await runSweep(plan(demo1000), { db: join(dir, 'n.duckdb'), workers });
    rows.push(['1 000 runs realistic_demo, --workers ' + workers, seconds(sweepN.wall_ms), rate(sweepN), '< 15 s']);

    // (a) Pool overhead: --workers 1 against the same runs in a plain loop in this process
    // (engine, Arrow encoding and store, one after the other). Both warm: the loop after a
    // first pass, the sweep on a pool whose worker has already run a sweep; the pool's start-up
    // is shown on its own line.
    const demo = plan(demo1000);
    await plainLoop(demo, join(dir, 'loop-warm.duckdb'));
    const loop = await plainLoop(demo, join(dir, 'loop.duckdb'));
    const startup = performance.now();
    const pool = createPool(1);
    await runSweep(plan(experiment(dir, 'warm', 'realistic_demo.yaml', 200)), { db: join(dir, 'warm.duckdb'), workers: 1, pool });
    const warmup = performance.now() - startup;
    const sweep1 = await runSweep(demo, { db: join(dir, 'one.duckdb'), workers: 1, pool });
    await pool.destroy();
    rows.push(['pool start-up + 200 warm-up runs', seconds(warmup), '', '']);
    rows.push(['plain loop, one thread (engine + store)', seconds(loop.ms), `${(1000 / (loop.ms / 1000)).toFixed(0)} runs/s`, '']);
    rows.push(['sweep --workers 1 (warm pool)', seconds(sweep1.wall_ms), rate(sweep1), '']);
    const overhead = loop.ms / sweep1.wall_ms;
    rows.push(['(a) pool overhead: sweep -w 1 / plain loop', '', overhead.toFixed(2) + '×', '≥ 0.95×']);

    // (b) Parallel efficiency: --workers N against N independent processes, each a --workers 1
    // sweep of 1/N of the runs (--shard i/N), side by side.
    const shards = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        childSweep(['sweep', demo1000, '--workers', '1', '--shard', `${i}/${workers}`, '--db', join(dir, `p${i}.duckdb`), '--json']),
      ),
    );
    const slowest = Math.max(...shards.map((s) => s.report.wall_ms));
    rows.push([`${workers} processes × --workers 1, 1/${workers} each`, seconds(slowest), `${(1000 / (slowest / 1000)).toFixed(1)} runs/s`, '']);
    const efficiency = 1000 / sweepN.wall_ms / (1000 / slowest);
    rows.push([`(b) parallel efficiency: sweep -w ${workers} / ${workers} processes`, '', efficiency.toFixed(2) + '×', '≥ 0.9×']);

    // Ingest: worker results (Arrow IPC bytes) → committed rows, large runs, nothing else running.
    const ingest = await ingestBench(join(dir, 'ingest.duckdb'));
    rows.push([
      `ingest, ${ingest.runs} runs of large_scale_200_agents`,
      seconds(ingest.ms),
      `${mrows(ingest.tx / (ingest.ms / 1000))} tx rows/s (${mrows(ingest.all / (ingest.ms / 1000))} all rows/s)`,
      '≥ 1 M tx rows/s',
    ]);
    const tx = sweepN.rows['transactions'] ?? 0;
    // In a sweep of small runs the coordinator's cost per run (decode, stage, commit) is what
    // bounds throughput on many cores: 1 / (this) runs/s.
    rows.push([
      `coordinator store time in the 1 000-run sweep (${tx} tx rows)`,
      seconds(sweepN.ingest_ms),
      `${(sweepN.ingest_ms / 1000).toFixed(2)} ms per run`,
      '',
    ]);

    // Memory: peak RSS of the whole sweep process (workers are threads of it).
    for (const count of [100, 2000, 10000]) {
      const file = experiment(dir, `mem-${count}`, 'realistic_demo.yaml', count);
      const child = await childSweep(['sweep', file, '--workers', String(workers), '--db', join(dir, `m${count}.duckdb`), '--json']);
      rows.push([`peak RSS / coordinator heap, ${count} runs`, seconds(child.report.wall_ms), `${mb(child.maxRssKb * 1024)} / ${mb(child.heapBytes)}`, 'bounded']);
    }
    const bigMem = experiment(dir, 'mem-large', 'large_scale_200_agents.yaml', workers * 2);
    const big = await childSweep(['sweep', bigMem, '--workers', String(workers), '--db', join(dir, 'mbig.duckdb'), '--json']);
    rows.push([`peak RSS / coordinator heap, ${workers * 2} large_scale runs`, seconds(big.report.wall_ms), `${mb(big.maxRssKb * 1024)} / ${mb(big.heapBytes)}`, '']);

    console.log(`workers: ${workers} (available cores: ${availableParallelism()})\n`);
    console.log(table(['measure', 'time', 'rate', 'target'], rows));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function flagWorkers(): number | undefined {
  const i = process.argv.indexOf('--workers');
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

function experiment(dir: string, name: string, scenario: string, seeds: number): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\nscenario: ${join(ROOT, 'scenarios', scenario)}\nseeds: {from: 1, count: ${seeds}}\n` +
      'outputs: {transactions: true, agent_days: true}\n',
  );
  return file;
}

function plan(file: string): Plan {
  return planExperiment(loadExperimentFile(file));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function rate(r: SweepReport): string {
  return `${((r.ok + r.failed.length) / (r.wall_ms / 1000)).toFixed(1)} runs/s`;
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

function mrows(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2)} M`;
}

/** The same runs without a pool: engine, encoding and store in turn, on this thread. */
async function plainLoop(p: Plan, db: string): Promise<{ ms: number }> {
  const started = performance.now();
  const store = await openStore(db);
  const writer = await StoreWriter.create(store);
  try {
    await writer.addPolicies(p.policies);
    for (const run of p.runs) {
      writer.stage(runRecord(run.identity, executeRun(run.spec)));
      if (writer.pendingRuns >= 1000 || writer.pendingRows >= 500_000) await writer.handOff();
    }
    await writer.flush();
  } finally {
    await writer.close();
    store.close();
  }
  return { ms: performance.now() - started };
}

/** Outcomes computed first; then only the ingest is timed, in batches as a sweep commits them. */
async function ingestBench(db: string): Promise<{ runs: number; ms: number; tx: number; all: number }> {
  const doc = readDocumentFile(join(ROOT, 'scenarios/large_scale_200_agents.yaml'));
  const outcomes: RunOutcome[] = [];
  for (let i = 0; i < 4; i++) {
    outcomes.push(
      executeRun({
        run_key: `ingest-${i}`,
        experiment_id: 'bench',
        variant: 'v',
        seed: String(i + 1),
        scenario_key: 'large',
        scenario_json: JSON.stringify(doc),
        scenario_file: 'large_scale_200_agents.yaml',
        outputs: { transactions: true, agent_days: true, agent_ticks: false, events: false },
      }),
    );
  }
  const store = await openStore(db);
  const writer = await StoreWriter.create(store);
  // Each outcome is stored three times under different keys: 12 runs, ~1.9 M transaction rows,
  // so that the measure is the steady state of the staging/commit pipeline, not its start.
  const repeats = 3;
  let ms = 0;
  try {
    const started = performance.now();
    for (let r = 0; r < repeats; r++) {
      for (const [i, outcome] of outcomes.entries()) {
        const key = `${outcome.run_key}-${r}`;
        const identity = { run_key: key, experiment_id: 'bench', revision: 1, variant: 'v', params: {}, seed: String(i + 1), config_hash: '', scenario: '', scenario_sha256: null, policies: [] };
        writer.stage(runRecord(identity, { ...outcome, run_key: key }));
        await writer.handOff();
      }
    }
    await writer.flush();
    ms = performance.now() - started;
  } finally {
    await writer.close();
    store.close();
  }
  const tx = writer.committedRows['transactions'] ?? 0;
  const all = Object.values(writer.committedRows).reduce((s, n) => s + n, 0);
  return { runs: outcomes.length * repeats, ms, tx, all };
}

/** Runs the CLI in a child process; returns its JSON report and its peak RSS. */
function childSweep(args: readonly string[]): Promise<{ report: SweepReport; maxRssKb: number; heapBytes: number }> {
  const script =
    `let heap = 0; setInterval(() => { heap = Math.max(heap, process.memoryUsage().heapUsed); }, 20).unref();` +
    `process.on('exit', () => process.stderr.write('\\nmaxrss ' + process.resourceUsage().maxRSS + ' heap ' + heap + '\\n'));` +
    `const m = await import(${JSON.stringify(CLI)}); await m.main(['node', 'paysim', ...process.argv.slice(1)]);`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const rss = /maxrss (\d+) heap (\d+)/.exec(err);
      if (code !== 0 || rss === null) reject(new Error(`child sweep failed (${code}): ${err}`));
      else resolvePromise({ report: JSON.parse(out) as SweepReport, maxRssKb: Number(rss[1]), heapBytes: Number(rss[2]) });
    });
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await benchRunner();
}
