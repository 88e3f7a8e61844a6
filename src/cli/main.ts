// The `paysim` command line: one commander program, one file per command under commands/.

import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '../engine/version.js';
import { registerCheckpoint } from './commands/checkpoint.js';
import { registerRun } from './commands/run.js';
import { registerSchema } from './commands/schema.js';
import { registerSweep } from './commands/sweep.js';
import { registerSql } from './commands/sql.js';
import { registerQuery } from './commands/query.js';
import { registerMerge } from './commands/merge.js';
import { registerExport } from './commands/export.js';
import { registerValidate } from './commands/validate.js';
import { registerCompare } from './commands/compare.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerServe } from './commands/serve.js';
import { registerLiquidity } from './commands/liquidity.js';
import { EXIT_BAD_INPUT, reportError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('paysim')
    .description('Deterministic RTGS payment-system simulator with a parallel Monte Carlo runner')
    .version(ENGINE_VERSION, '-V, --version')
    .option('--debug', 'show stack traces for unexpected errors')
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  registerCheckpoint(program);
  registerValidate(program);
  registerSchema(program);
  registerSweep(program);
  registerSql(program);
  registerQuery(program);
  registerMerge(program);
  registerExport(program);
  registerCompare(program);
  registerReplay(program);
  registerReport(program);
  registerServe(program);
  registerLiquidity(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a bad flag or argument is bad input.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
      return;
    }
    const debug = Boolean(program.opts<{ debug?: boolean }>().debug);
    process.exitCode = reportError(error, debug);
  }
}
