// A measuring child for the side-by-side benches (bench/versions.ts): runs against one build of
// paysim (its root directory, with dist/ compiled) and prints one JSON line. Plain JavaScript, so
// the same file drives today's build and the baseline commit's build.
//
//   node bench/probe.mjs ROOT load SCENARIO                 load + validate once (a fresh process: cold)
//   node bench/probe.mjs ROOT engine SCENARIO LSM REPEAT    load, then the best of REPEAT runs
//
// LSM: "as" (as configured), "off", or an algorithm name. Times are wall and CPU milliseconds.

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [root, mode, scenario, lsm = 'as', repeatText = '1'] = process.argv.slice(2);
const dist = (path) => pathToFileURL(`${root}/dist/src/${path}`).href;

function cpuMs(since) {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

async function load(file) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  // The baseline reads Parquet payment files in a separate step; today's loading does it itself.
  const parquet = `${root}/dist/src/config/payments/parquet.js`;
  if (existsSync(parquet)) {
    const m = await import(dist('config/payments/parquet.js'));
    if (typeof m.preloadPaymentFiles === 'function') await m.preloadPaymentFiles([file]);
  }
  const { loadScenarioFile } = await import(dist('config/scenario.js'));
  const importMs = performance.now() - started;
  const t = performance.now();
  const cpuAfterImport = process.cpuUsage();
  const loaded = await loadScenarioFile(file);
  return { loaded, importMs, loadMs: performance.now() - t, loadCpuMs: cpuMs(cpuAfterImport), totalCpuMs: cpuMs(cpu) };
}

function withLsm(loaded, setting) {
  if (setting === 'as') return loaded;
  const lsmConfig = setting === 'off' ? { ...loaded.config.lsm_config, enabled: false } : { ...loaded.config.lsm_config, enabled: true, algorithm: setting };
  return { ...loaded, config: { ...loaded.config, lsm_config: lsmConfig } };
}

const { loaded, ...loading } = await load(scenario);
if (mode === 'load') {
  console.log(JSON.stringify(loading));
} else {
  const { runScenario } = await import(dist('runner/single-run.js'));
  const run = withLsm(loaded, lsm);
  let best = { ms: Infinity, cpuMs: Infinity };
  let summary = null;
  for (let i = 0; i < Number(repeatText); i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const result = runScenario(run, { transactions: false }).result;
    const ms = performance.now() - t;
    const c = cpuMs(cpu);
    // Best by CPU time: on a loaded machine wall time mostly measures the other processes.
    if (c < best.cpuMs) best = { ms, cpuMs: c };
    summary = result.summary;
  }
  console.log(JSON.stringify({ ...loading, ...best, settled: summary.settled, arrivals: summary.arrivals, settledValue: summary.settled_value, rssMb: process.memoryUsage().rss / 2 ** 20 }));
}
