// `paysim run SCENARIO`: one run, a human summary (or --json), optional per-tick log and events.

import type { Command } from 'commander';
import { loadScenario } from '../../config/scenario.js';
import { matchesFilter } from '../../engine/event-filter.js';
import type { EngineEvent } from '../../engine/events.js';
import type { Simulation } from '../../engine/simulation.js';
import { runScenario, withOverrides } from '../../runner/single-run.js';
import { runConfigHash } from '../../runner/run-key.js';
import type { Checkpoint } from '../../engine/checkpoint.js';
import { resolveDbPath } from '../../store/db-path.js';
import { checkpointId } from '../../store/checkpoints.js';
import { CliError } from '../errors.js';
import { dbOption, integerFlag, positiveInteger, scenarioOverrides } from '../flags.js';
import { parseEventFilter } from '../event-filter-option.js';
import { formatRunSummary, summaryJson } from '../run-summary.js';
import { checkRunSize } from '../run-limits.js';
import { TickLog } from '../tick-log.js';
import { describeDesigns } from '../../engine/designs.js';

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
  checkpointEvery?: string;
  fromCheckpoint?: string;
  checkInvariants?: boolean;
  agents?: string;
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
    .option('--agents <n>', 'print at most n rows of the agents table: the n agents with the largest total cost (default: every agent)')
    .option('--verbose', 'print a per-tick log on stderr')
    .option(
      '--events [filter]',
      'stream events as JSON lines on stdout; filter e.g. "type=settle|drop,agent=BANK_A,tx=12,from=10,to=20"',
    )
    .option('--trace', 'with --events: add the decision path to policy events')
    .addOption(dbOption())
    .option('--no-store', 'do not store the run')
    .option('--checkpoint-every <n>', "store the whole engine state every n ticks in the store's checkpoints table, with the run (ids <run>@<tick>; resume one with --from-checkpoint ID, list them with paysim checkpoint list)")
    .option('--check-invariants', 'check the engine invariants (conservation, every payment in one place, limits, integer money) after every tick; slower')
    .option('--from-checkpoint <id>', 'resume from a stored checkpoint of this scenario (see paysim checkpoint list)')
    .action(async (scenario: string, flags: RunFlags) => {
      await runCommand(scenario, flags);
    });
}

async function runCommand(file: string, flags: RunFlags): Promise<void> {
  const eventFilter = flags.events === undefined ? null : parseEventFilter(flags.events);
  const ticks = flags.ticks === undefined ? undefined : positiveInteger('--ticks', flags.ticks);
  const agentRows = flags.agents === undefined ? undefined : integerFlag('--agents', flags.agents, 'a number of agents ≥ 0', 0);
  const loaded = await loadScenario(file);
  const overrides = scenarioOverrides(flags);
  const tpd = loaded.config.simulation.ticks_per_day;
  const days = overrides.days ?? loaded.config.simulation.num_days;
  if (ticks !== undefined && ticks > tpd * days) overrides.days = Math.ceil(ticks / tpd);
  const scenario = withOverrides(loaded, overrides);
  checkRunSize(file, scenario.config, ticks);
  const checkpointEvery =
    flags.checkpointEvery === undefined ? null : positiveInteger('--checkpoint-every', flags.checkpointEvery);
  if (checkpointEvery !== null && flags.store === false) {
    throw new CliError('--checkpoint-every: checkpoints are kept in the store; drop --no-store');
  }
  const db = resolveDbPath(flags.db);
  // The store (DuckDB, Arrow: most of a second to load) only when the run reads or writes it.
  const store = flags.store === false && flags.fromCheckpoint === undefined ? null : await storeModules();
  const fromCheckpoint =
    flags.fromCheckpoint === undefined ? undefined : await store!.withStoreErrors(() => readCheckpoint(db, flags.fromCheckpoint!));
  // A store that cannot take the run (in use, read-only, corrupt, changed by hand) is found before
  // the simulation, not after it.
  if (store !== null && flags.store !== false) await store.withStoreErrors(() => store.checkStoreOpens(db), db);
  const checkpoints: Checkpoint[] = [];

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
  const onTick =
    tickLog === null && checkpointEvery === null
      ? undefined
      : (s: Simulation): void => {
          tickLog?.endTick(s);
          if (checkpointEvery !== null && s.tick % checkpointEvery === 0 && !s.done) checkpoints.push(s.checkpoint());
        };
  const run = runScenario(scenario, {
    ...(ticks !== undefined ? { ticks } : {}),
    events: sink,
    trace: flags.trace ?? false,
    checkInvariants: flags.checkInvariants ?? false,
    // Transaction records are built only for the store; nothing else here reads them.
    transactions: flags.store !== false,
    ...(onTick ? { onTick } : {}),
    ...(fromCheckpoint !== undefined ? { fromCheckpoint } : {}),
  });
  const header = {
    scenario: file,
    seed: scenario.config.simulation.rng_seed,
    ticksPerDay: tpd,
    wallMs: run.wallMs,
    designs: describeDesigns(scenario.config),
    ...(agentRows !== undefined ? { agentRows } : {}),
  };
  if (flags.json) {
    const doc = {
      scenario: file,
      seed: header.seed,
      config_hash: runConfigHash(scenario),
      wall_ms: Math.round(run.wallMs),
      summary: summaryJson(run.result.summary),
    };
    // With --events, stdout carries the event lines; the JSON document follows as the last line.
    process.stdout.write(`${JSON.stringify(doc, null, eventFilter === null ? 2 : undefined)}\n`);
  } else {
    const text = formatRunSummary(header, run.result.summary);
    // stdout carries results; when it carries events, the summary is people-talk on stderr.
    (eventFilter === null ? process.stdout : process.stderr).write(`${text}\n`);
  }
  if (store !== null && flags.store !== false) {
    const { withStoreErrors, storeAdhocRun } = store;
    const stored = await withStoreErrors(() =>
      storeAdhocRun(db, { scenarioFile: file, loaded: scenario, result: run.result, wallMs: run.wallMs, ...(ticks !== undefined ? { ticks } : {}) }),
    db);
    process.stderr.write(`${stored.stored ? 'stored' : 'already stored'}: run ${stored.run_key.slice(0, 12)} in ${db}\n`);
    if (checkpoints.length > 0) {
      await withStoreErrors(() => storeCheckpoints(db, stored.run_key, checkpoints), db);
      process.stderr.write(`${checkpointsText(stored.run_key, checkpoints.map((c) => c.tick))}\n`);
    }
  }
}

/** What --checkpoint-every stored, said always (a long list by its ends). */
export function checkpointsText(runKey: string, ticks: readonly number[]): string {
  const ids = ticks.map((tick) => checkpointId(runKey, tick));
  const shown = ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')}, …, ${ids.slice(-2).join(', ')}`;
  return (
    `stored ${ids.length} checkpoint(s) of the whole engine state at ticks ${ticks[0]}…${ticks[ticks.length - 1]}: ${shown} ` +
    `(resume with --from-checkpoint ID; paysim checkpoint list --run ${runKey.slice(0, 12)})`
  );
}

async function storeModules() {
  const [{ storeAdhocRun }, { withStoreErrors }, { checkStoreOpens }] = await Promise.all([
    import('../../runner/store-adhoc.js'),
    import('../store-errors.js'),
    import('../../store/open.js'),
  ]);
  return { storeAdhocRun, withStoreErrors, checkStoreOpens };
}

/** A stored checkpoint's state; an unknown id is bad input. */
async function readCheckpoint(db: string, id: string): Promise<Checkpoint> {
  const [{ openStore }, { loadCheckpointState }] = await Promise.all([import('../../store/open.js'), import('../../store/checkpoints.js')]);
  const store = await openStore(db, { readOnly: true });
  try {
    const state = await loadCheckpointState(store.connection, id);
    if (state === null) throw new CliError(`--from-checkpoint: no checkpoint '${id}' in ${db} (see paysim checkpoint list)`);
    return JSON.parse(state) as Checkpoint;
  } finally {
    store.close();
  }
}

async function storeCheckpoints(db: string, runKey: string, checkpoints: readonly Checkpoint[]): Promise<void> {
  const [{ openStore }, { saveCheckpoints }] = await Promise.all([import('../../store/open.js'), import('../../store/checkpoints.js')]);
  const store = await openStore(db);
  try {
    await saveCheckpoints(
      store.connection,
      checkpoints.map((c) => ({
        checkpoint_id: checkpointId(runKey, c.tick),
        run_key: runKey,
        tick: c.tick,
        description: null,
        state_json: JSON.stringify(c),
      })),
    );
  } finally {
    store.close();
  }
}
