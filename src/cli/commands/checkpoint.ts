// `paysim checkpoint save|load|list|delete`: engine checkpoints kept in the store (engine.md §10).
// `paysim run SCENARIO --from-checkpoint ID` resumes one.

import type { Command } from 'commander';
import { loadScenario } from '../../config/scenario.js';
import { createSimulation, withOverrides } from '../../runner/single-run.js';
import { adhocRunKey } from '../../runner/store-adhoc.js';
import { checkpointId, deleteCheckpoint, listCheckpoints, loadCheckpointState, saveCheckpoints } from '../../store/checkpoints.js';
import { openStore, resolveDbPath, type Store } from '../../store/open.js';
import { CliError, EXIT_FAILED } from '../errors.js';
import { dbOption, positiveInteger, scenarioOverrides } from '../flags.js';
import { table } from '../format.js';
import { checkRunSize } from '../run-limits.js';
import { withStoreErrors } from '../store-errors.js';

interface DbFlags {
  db?: string;
}

async function withStore<T>(flags: DbFlags, readOnly: boolean, work: (store: Store, db: string) => Promise<T>): Promise<T> {
  const db = resolveDbPath(flags.db);
  return withStoreErrors(async () => {
    const store = await openStore(db, { readOnly });
    try {
      return await work(store, db);
    } finally {
      store.close();
    }
  }, db);
}

export function registerCheckpoint(program: Command): void {
  const checkpoint = program.command('checkpoint').description('engine checkpoints in the store: save, load, list, delete');

  checkpoint
    .command('save')
    .description('run a scenario up to a tick and store its whole state there')
    .argument('<scenario>', 'scenario file')
    .requiredOption('--tick <n>', 'the tick to stop at (the state before tick n is processed)')
    .option('--seed <n>', 'RNG seed (replaces simulation.rng_seed)')
    .option('--days <n>', 'replaces simulation.num_days')
    .option('--description <text>', 'a note stored with the checkpoint')
    .addOption(dbOption())
    .action(async (file: string, flags: DbFlags & { tick: string; seed?: string; days?: string; description?: string }) => {
      const tick = positiveInteger('--tick', flags.tick);
      const scenario = withOverrides(await loadScenario(file), scenarioOverrides(flags));
      checkRunSize(file, scenario.config, tick);
      const simulation = createSimulation(scenario);
      if (tick >= simulation.totalTicks) {
        throw new CliError(`--tick: ${tick} is not before the end of the run (${simulation.totalTicks} ticks)`);
      }
      simulation.run(tick);
      const runKey = adhocRunKey(scenario);
      const id = checkpointId(runKey, tick);
      await withStore(flags, false, (store) =>
        saveCheckpoints(store.connection, [
          { checkpoint_id: id, run_key: runKey, tick, description: flags.description ?? null, state_json: JSON.stringify(simulation.checkpoint()) },
        ]),
      );
      process.stdout.write(`${id}\n`);
    });

  checkpoint
    .command('list')
    .description('list stored checkpoints')
    .option('--run <key>', 'only checkpoints of runs whose key starts with this')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (flags: DbFlags & { run?: string; json?: boolean }) => {
      const rows = await withStore(flags, true, (store) => listCheckpoints(store.connection, flags.run));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${table(
          ['checkpoint', 'run', 'tick', 'created', 'size', 'description'],
          rows.map((r) => [r.checkpoint_id, r.run_key.slice(0, 12), String(r.tick), r.created_at, `${(r.size_bytes / 1024).toFixed(0)} KB`, r.description ?? '']),
        )}\n`,
      );
    });

  checkpoint
    .command('load')
    .description('print a checkpoint’s state document (JSON); resume it with paysim run --from-checkpoint')
    .argument('<id>', 'checkpoint id')
    .addOption(dbOption())
    .action(async (id: string, flags: DbFlags) => {
      const state = await withStore(flags, true, (store) => loadCheckpointState(store.connection, id));
      if (state === null) throw new CliError(`no checkpoint '${id}' (see paysim checkpoint list)`);
      process.stdout.write(`${state}\n`);
    });

  checkpoint
    .command('delete')
    .description('delete a checkpoint')
    .argument('<id>', 'checkpoint id')
    .addOption(dbOption())
    .action(async (id: string, flags: DbFlags) => {
      const deleted = await withStore(flags, false, (store) => deleteCheckpoint(store.connection, id));
      if (!deleted) {
        process.stderr.write(`paysim: no checkpoint '${id}'\n`);
        process.exitCode = EXIT_FAILED;
      }
    });
}
