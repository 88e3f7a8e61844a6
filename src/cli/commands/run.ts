// `paysim run SCENARIO`: one run, a human summary (or --json), optional per-tick log and events.

import type { Command } from 'commander';
import { loadScenarioFile } from '../../config/scenario.js';
import { matchesFilter } from '../../engine/event-filter.js';
import type { EngineEvent } from '../../engine/events.js';
import type { Simulation } from '../../engine/simulation.js';
import { runScenario, type ScenarioOverrides, withOverrides } from '../../runner/single-run.js';
import { storeAdhocRun } from '../../runner/store-adhoc.js';
import { resolveDbPath } from '../../store/open.js';
import { withStoreErrors } from '../store-errors.js';
import { CliError } from '../errors.js';
import { positiveInteger } from '../flags.js';
import { parseEventFilter } from '../event-filter-option.js';
import { formatRunSummary } from '../run-summary.js';
import { TickLog } from '../tick-log.js';

interface RunFlags {
  seed?: string;
  ticks?: string;
  days?: string;
  json?: boolean;
  verbose?: boolean;
  events?: string | true;
  trace?: boolean;
  db?: string;
  store?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run one scenario and print settlement statistics, costs and final balances')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', 'RNG seed (replaces simulation.rng_seed; integer 0 ≤ n < 2^64)')
    .option('--ticks <n>', 'run exactly this many ticks')
    .option('--days <n>', 'run this many days (replaces simulation.num_days)')
    .option('--json', 'print the result as one JSON document (shape: docs/cli.md)')
    .option('--verbose', 'print a per-tick log on stderr')
    .option(
      '--events [filter]',
      'stream events as JSON lines on stdout; filter e.g. "type=settle|drop,agent=BANK_A,tx=12,from=10,to=20"',
    )
    .option('--trace', 'with --events: add the decision path to policy events')
    .option('--db <file>', 'results store (default results/paysim.duckdb or $PAYSIM_DB)')
    .option('--no-store', 'do not store the run')
    .action(async (scenario: string, flags: RunFlags) => {
      await runCommand(scenario, flags);
    });
}

async function runCommand(file: string, flags: RunFlags): Promise<void> {
  const eventFilter = flags.events === undefined ? null : parseEventFilter(flags.events);
  const ticks = flags.ticks === undefined ? undefined : positiveInteger('--ticks', flags.ticks);
  const loaded = loadScenarioFile(file);
  const overrides: { seed?: string; days?: number } = {};
  if (flags.seed !== undefined) overrides.seed = seedValue(flags.seed);
  if (flags.days !== undefined) overrides.days = positiveInteger('--days', flags.days);
  const tpd = loaded.config.simulation.ticks_per_day;
  const days = overrides.days ?? loaded.config.simulation.num_days;
  if (ticks !== undefined && ticks > tpd * days) overrides.days = Math.ceil(ticks / tpd);
  const scenario = withOverrides(loaded, overrides as ScenarioOverrides);

  const writeEvent =
    eventFilter === null
      ? null
      : (event: EngineEvent): void => {
          if (matchesFilter(event, eventFilter)) process.stdout.write(`${JSON.stringify(event)}\n`);
        };
  const tickLog = flags.verbose ? new TickLog((line) => process.stderr.write(`${line}\n`)) : null;
  const sink =
    writeEvent === null && tickLog === null
      ? null
      : (event: EngineEvent): void => {
          writeEvent?.(event);
          tickLog?.observe(event);
        };
  const run = runScenario(scenario, {
    ...(ticks !== undefined ? { ticks } : {}),
    events: sink,
    trace: flags.trace ?? false,
    ...(tickLog ? { onTick: (s: Simulation) => tickLog.endTick(s) } : {}),
  });
  const header = {
    scenario: file,
    seed: scenario.config.simulation.rng_seed,
    ticksPerDay: tpd,
    wallMs: run.wallMs,
  };
  if (flags.json) {
    const doc = {
      scenario: file,
      seed: header.seed,
      config_hash: scenario.configHash,
      wall_ms: Math.round(run.wallMs),
      summary: run.result.summary,
    };
    // With --events, stdout carries the event lines; the JSON document follows as the last line.
    process.stdout.write(`${JSON.stringify(doc, null, eventFilter === null ? 2 : undefined)}\n`);
  } else {
    const text = formatRunSummary(header, run.result.summary);
    // stdout carries results; when it carries events, the summary is people-talk on stderr.
    (eventFilter === null ? process.stdout : process.stderr).write(`${text}\n`);
  }
  if (flags.store !== false) {
    const db = resolveDbPath(flags.db);
    const stored = await withStoreErrors(() =>
      storeAdhocRun(db, { scenarioFile: file, loaded: scenario, result: run.result, wallMs: run.wallMs, ...(ticks !== undefined ? { ticks } : {}) }),
    );
    if (process.stderr.isTTY) process.stderr.write(`${stored.stored ? 'stored' : 'already stored'}: run ${stored.run_key.slice(0, 12)} in ${db}\n`);
  }
}

function seedValue(text: string): string {
  if (!/^\d+$/.test(text) || BigInt(text) >= 2n ** 64n) {
    throw new CliError(`--seed: expected an integer 0 ≤ n < 2^64, got '${text}'`);
  }
  return BigInt(text).toString();
}
