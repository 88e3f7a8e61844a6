// The `paysim` command line: one commander program, one file per command under commands/.
//
// Commands are loaded lazily: a command's module (and what it pulls in: DuckDB, fastify, Vega, the
// policy compiler) is imported only when that command runs. `paysim --version` loads none, `paysim
// run` loads only run's; help and an unknown command load them all so commander can list them and
// suggest the nearest name.

import { Command, CommanderError, Help } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_VERSION } from '../engine/version.js';
import { COMMAND_LISTING } from './command-listing.js';
import { projectRoot } from '../input/project-root.js';
import { EXIT_BAD_INPUT, reportError } from './errors.js';

type Register = (program: Command) => void;

/** Every command, in the order help lists them, with the function that registers it. */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register>]> = [
  ['run', async () => (await import('./commands/run.js')).registerRun],
  ['checkpoint', async () => (await import('./commands/checkpoint.js')).registerCheckpoint],
  ['validate', async () => (await import('./commands/validate.js')).registerValidate],
  ['schema', async () => (await import('./commands/schema.js')).registerSchema],
  ['sweep', async () => (await import('./commands/sweep.js')).registerSweep],
  ['sql', async () => (await import('./commands/sql.js')).registerSql],
  ['query', async () => (await import('./commands/query.js')).registerQuery],
  ['merge', async () => (await import('./commands/merge.js')).registerMerge],
  ['export', async () => (await import('./commands/export.js')).registerExport],
  ['compare', async () => (await import('./commands/compare.js')).registerCompare],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['replay', async () => (await import('./commands/replay.js')).registerReplay],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['serve', async () => (await import('./commands/serve.js')).registerServe],
  ['generate', async () => (await import('./commands/generate.js')).registerGenerate],
  ['liquidity', async () => (await import('./commands/liquidity.js')).registerLiquidity],
  ['optimize', async () => (await import('./commands/optimize.js')).registerOptimize],
  ['stress', async () => (await import('./commands/stress.js')).registerStress],
  ['reproduce', async () => (await import('./commands/reproduce.js')).registerReproduce],
];

export const COMMAND_NAMES: readonly string[] = COMMANDS.map(([name]) => name);

/** Options of the program itself; `--debug` is the only one that takes no part in choosing a command. */
const VERSION_FLAGS = new Set(['-V', '--version']);

/**
 * The commands a command line needs registered: the one it names (also after `help`), none for
 * `--version` before any command, all of them otherwise (help, no command, an unknown one).
 */
export function commandsFor(args: readonly string[]): readonly string[] {
  const words = args.filter((a) => !a.startsWith('-'));
  const first = args.find((a) => !a.startsWith('-') || VERSION_FLAGS.has(a));
  if (first !== undefined && VERSION_FLAGS.has(first)) return [];
  const named = words[0] === 'help' ? words[1] : words[0];
  return named !== undefined && COMMAND_NAMES.includes(named) ? [named] : COMMAND_NAMES;
}

/** The program with the given commands registered (default: all). */
export async function buildProgram(names: readonly string[] = COMMAND_NAMES): Promise<Command> {
  const program = baseProgram();
  const wanted = COMMANDS.filter(([name]) => names.includes(name));
  // Imported together, registered in help order.
  const registers = await Promise.all(wanted.map(([, load]) => load()));
  for (const register of registers) register(program);
  return program;
}

/**
 * The program for help, no command or an unknown command, which need every command's name, term
 * and description only: from the listing, without importing the commands. Null when the listing
 * lacks a command (then every command is loaded).
 */
export function listingProgram(): Command | null {
  if (!COMMAND_NAMES.every((name) => COMMAND_LISTING.has(name))) return null;
  const program = baseProgram().configureHelp({
    // The listed term, or commander's own (for its implicit `help` command).
    subcommandTerm: (cmd) => COMMAND_LISTING.get(cmd.name())?.[0] ?? new Help().subcommandTerm(cmd),
  });
  for (const name of COMMAND_NAMES) program.command(name).description(COMMAND_LISTING.get(name)![1]);
  return program;
}

function baseProgram(): Command {
  return new Command('paysim')
    .description('Deterministic RTGS payment-system simulator with a parallel Monte Carlo runner')
    .version(versionText(), '-V, --version', 'print the package version and the engine version (part of every run key)')
    .option('--debug', 'show stack traces for unexpected errors')
    .showHelpAfterError()
    .exitOverride();
}

/**
 * Both versions, named: the package's (package.json, what npm installs) and the engine's, which
 * changes only when results can change and is part of every run key (engine/version.ts).
 */
export function versionText(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return `paysim ${String(pkg.version)} (engine ${ENGINE_VERSION})`;
}

export async function main(argv: readonly string[]): Promise<void> {
  let program: Command | null = null;
  try {
    const names = commandsFor(argv.slice(2));
    program = (names === COMMAND_NAMES ? listingProgram() : null) ?? (await buildProgram(names));
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a bad flag or argument is bad input.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
      return;
    }
    const debug = program === null ? argv.includes('--debug') : Boolean(program.opts<{ debug?: boolean }>().debug);
    process.exitCode = reportError(error, debug);
  }
}
