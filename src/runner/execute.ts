// Executes one run spec in this thread: the body of the sweep worker, also called directly by
// tests and by the bench's plain-loop baseline. Never throws for a run that fails; the failure
// becomes a `failed` outcome carrying its message.

import { type LoadedScenario, parseScenarioDocument } from '../config/scenario.js';
import type { EngineEvent } from '../engine/events.js';
import { runScenario, withOverrides } from './single-run.js';
import { okOutcome } from './outcome.js';
import { throughputCurve } from '../engine/throughput.js';
import { runErrorMessage } from './run-error.js';
import type { RunOutcome, RunSpec } from './run-spec.js';
import { tableBuffers } from '../store/column-table.js';

/**
 * Parsed scenarios by scenario_key. A sweep sends the same few documents (grid × variants) over
 * and over; validating and compiling policies once per document per worker keeps that cost out
 * of every run. Small, oldest out, so a worker's memory stays one run's worth.
 */
const parsed = new Map<string, LoadedScenario>();
const PARSED_MAX = 16;

function loadSpecScenario(spec: RunSpec): LoadedScenario {
  let loaded = parsed.get(spec.scenario_key);
  if (loaded === undefined) {
    const payments = spec.payments === undefined ? {} : { payments: spec.payments };
    loaded = parseScenarioDocument(JSON.parse(spec.scenario_json), { file: spec.scenario_file, baseDir: null, ...payments });
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
    parsed.set(spec.scenario_key, loaded);
  }
  return loaded;
}

export function executeRun(spec: RunSpec): RunOutcome {
  const startedAtMs = Date.now();
  const started = performance.now();
  try {
    const loaded = withOverrides(loadSpecScenario(spec), { seed: spec.seed, ...(spec.opening_balances !== undefined ? { opening_balances: spec.opening_balances } : {}) });
    const events: object[] | null = spec.outputs.events ? [] : null;
    const sink =
      events === null
        ? null
        : (e: EngineEvent): void => {
            events.push({ tick: e.tick, seq: e.seq, type: e.type, agent: e.agent, tx_id: e.tx, payload_json: JSON.stringify(e.data) });
          };
    const run = runScenario(loaded, {
      events: sink,
      agentTicks: spec.outputs.agent_ticks,
      transactions: spec.outputs.transactions,
      ...(spec.replay !== undefined ? { replay: spec.replay } : {}),
      ...(spec.ticks !== undefined ? { ticks: spec.ticks } : {}),
    });
    const throughput = spec.outputs.throughput === true ? throughputCurve(run.simulation.state) : null;
    const finished = { result: run.result, agentTicks: run.agentTicks, events, throughput, startedAtMs, wallMs: performance.now() - started };
    return okOutcome(spec.run_key, finished, spec.outputs);
  } catch (error) {
    return {
      run_key: spec.run_key,
      status: 'failed',
      error: runErrorMessage(error),
      summary: null,
      started_at_ms: startedAtMs,
      wall_ms: performance.now() - started,
      tables: {},
    };
  }
}

/** The ArrayBuffers behind an outcome's tables, for transfer to the coordinator. */
export function outcomeBuffers(outcome: RunOutcome): ArrayBuffer[] {
  return tableBuffers(outcome.tables);
}
