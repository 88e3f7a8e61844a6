// The paysim CLI as a test meets it, two ways:
// - `cli(args)` runs it in this process (no `node --import tsx` start-up, which costs seconds of
//   CPU per call): output captured, exit code from process.exitCode. Most tests use this.
// - `paysim(args)` spawns the real process from source, for what only a process shows: its exit
//   status, signals, a kill -9. Keep these few.
import { type ChildProcess, spawn, type SpawnOptions, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./paysim-entry.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function paysim(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `paysim ARGS` as a process whose files may grow to at most `kib` KiB (`ulimit -f`): a
 * write past it fails with EFBIG, as a full disk fails with ENOSPC (Node ignores SIGXFSZ).
 */
export function paysimWithFileLimit(args: readonly string[], kib: number): CliResult {
  const result = spawnSync('bash', ['-c', `ulimit -f ${kib} && exec "$0" "$@"`, process.execPath, '--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `paysim ARGS` as a process from source, for tests that signal or kill it. */
export function spawnPaysim(args: readonly string[], stdio: SpawnOptions['stdio'] = 'ignore'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, stdio });
}

/**
 * Waits until the store's write-ahead log has grown `bytes` past the schema (runs' rows are being
 * committed), or the process has ended. No deadline: under load this only takes longer.
 */
export async function walGrowth(db: string, bytes: number, child: ChildProcess): Promise<void> {
  const wal = `${db}.wal`;
  const size = (): number => (existsSync(wal) ? statSync(wal).size : 0);
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));
  while (size() === 0 && running()) await tick();
  const schema = size();
  while (size() < schema + bytes && running()) await tick();
}

/** Runs `paysim ARGS` in this process with `env` added to the environment for the call. Calls must not overlap. */
export async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult & { readonly status: number }> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array): boolean => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  // As in a spawned process with piped output: no progress or "written to" lines for a terminal.
  const tty = [process.stdout.isTTY, process.stderr.isTTY];
  process.stdout.isTTY = false;
  process.stderr.isTTY = false;
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await main(['node', 'paysim', ...args]);
    return { status: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    [process.stdout.isTTY, process.stderr.isTTY] = tty as [boolean, boolean];
    process.exitCode = before;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
