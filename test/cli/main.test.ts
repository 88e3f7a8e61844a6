// The lazy command table of src/cli/main.ts: which modules a command line loads, and that the
// table holds every command of src/cli/commands.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_NAMES, commandsFor, listingProgram } from '../../src/cli/main.js';

const COMMANDS_DIR = new URL('../../src/cli/commands/', import.meta.url);

describe('commandsFor', () => {
  it('loads nothing for --version before a command', () => {
    expect(commandsFor(['--version'])).toEqual([]);
    expect(commandsFor(['-V'])).toEqual([]);
    expect(commandsFor(['--debug', '--version'])).toEqual([]);
  });

  it('loads only the command named, also after help and global flags', () => {
    expect(commandsFor(['run', 'scenarios/minimal.yaml', '--json'])).toEqual(['run']);
    expect(commandsFor(['--debug', 'sweep', 'x.yaml'])).toEqual(['sweep']);
    expect(commandsFor(['help', 'serve'])).toEqual(['serve']);
    expect(commandsFor(['run', '--version'])).toEqual(['run']);
  });

  it('loads every command for help, no command and an unknown one', () => {
    expect(commandsFor([])).toEqual(COMMAND_NAMES);
    expect(commandsFor(['--help'])).toEqual(COMMAND_NAMES);
    expect(commandsFor(['help'])).toEqual(COMMAND_NAMES);
    expect(commandsFor(['nosuch'])).toEqual(COMMAND_NAMES);
  });
});

describe('the command table', () => {
  it('registers each name it lists, in help order', async () => {
    const program = await buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
    const one = await buildProgram(['schema']);
    expect(one.commands.map((c) => c.name())).toEqual(['schema']);
  });

  it('help from the listing is the help of the registered commands, byte for byte (else: update src/cli/command-listing.ts)', async () => {
    const listing = listingProgram();
    expect(listing).not.toBeNull();
    expect(listing!.helpInformation()).toBe((await buildProgram()).helpInformation());
  });

  it('lists every module of src/cli/commands that registers a command', () => {
    const registering = readdirSync(COMMANDS_DIR).filter((f) =>
      /export function register\w+\(program: Command\)/.test(readFileSync(new URL(f, COMMANDS_DIR), 'utf8')),
    );
    expect(registering.length).toBe(COMMAND_NAMES.length);
  });
});

describe('--version and the bench runner', () => {
  it('--version names both versions: the package’s and the engine’s', async () => {
    const { cli } = await import('../helpers/cli.js');
    const { ENGINE_VERSION } = await import('../../src/engine/version.js');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`paysim ${pkg.version} (engine ${ENGINE_VERSION})\n`);
  });

  it('npm run bench -- <typo> exits 2 naming the benches, having run nothing', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/index.ts', 'lsmm'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^bench: no bench named 'lsmm' \(one of engine, loading, lsm, .*, viewer\)\n$/);
  });
});

describe('--db', () => {
  it('is one shared option: every command that has it says the same', async () => {
    const program = await buildProgram();
    const all = program.commands.flatMap((c) => [c, ...c.commands]);
    const helps = all.flatMap((c) => c.options.filter((o) => o.long === '--db').map((o) => `${o.flags}: ${o.description}`));
    expect(helps.length).toBeGreaterThanOrEqual(13);
    expect(new Set(helps)).toEqual(new Set(['--db <file>: results store (default results/paysim.duckdb or $PAYSIM_DB)']));
  });
});
