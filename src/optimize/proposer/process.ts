// Runs a proposer command once: the request on its stdin, its stdout collected, the tail of its
// stderr kept for the record. A fresh process per proposal (docs/optimize.md): nothing carries
// over between proposals but the history paysim sends, so a proposer that crashed or hung costs
// one proposal, never the search. The command runs through /bin/sh in its own process group, so
// that on a timeout (or Ctrl-C) the whole group — the shell and whatever it started — is killed.

import { spawn } from 'node:child_process';

export interface ProcessOptions {
  readonly timeoutMs: number;
  /** More stdout than this is a failure (a runaway proposer must not fill the memory). */
  readonly maxStdoutBytes?: number;
  readonly signal?: AbortSignal;
}

export interface ProcessOutcome {
  readonly stdout: string;
  /** The last STDERR_TAIL characters of stderr. */
  readonly stderrTail: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Why the process gave no usable output, in words; null when it exited 0 in time. */
  readonly failure: string | null;
  readonly seconds: number;
  /** The run was cut short by the caller's signal (paysim interrupted). */
  readonly aborted: boolean;
}

export const STDERR_TAIL = 2000;
const MAX_STDOUT = 8 * 1024 * 1024;
/** How long the pipes may stay open and silent after the proposer process ended. */
const DRAIN_MS = 1000;

export function runProcess(command: string, input: string, options: ProcessOptions): Promise<ProcessOutcome> {
  const started = performance.now();
  const maxStdout = options.maxStdoutBytes ?? MAX_STDOUT;
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let failure: string | null = null;
    let aborted = false;
    const killGroup = (): void => {
      // The group may be gone already (ESRCH): nothing to kill.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already ended */
        }
      }
    };
    const stop = (why: string): void => {
      failure ??= why;
      killGroup();
    };
    const timer = setTimeout(() => stop(`no answer within ${options.timeoutMs / 1000} s (timeout; the process group was killed)`), options.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      stop('interrupted');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxStdout) return stop(`more than ${maxStdout} bytes on stdout`);
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A proposer that exits without reading its input closes the pipe: not our failure to report.
    child.stdin.on('error', () => undefined);
    let settled = false;
    let ended: { code: number | null; signal: string | null } | null = null;
    let drain: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      options.signal?.removeEventListener('abort', onAbort);
      // Whatever the proposer left running in the background goes with it.
      killGroup();
      // A process that left the group (setsid) may still hold the pipes: stop reading them.
      child.stdout.destroy();
      child.stderr.destroy();
      const code = ended?.code ?? null;
      const signal = ended?.signal ?? null;
      if (failure === null && signal !== null) failure = `killed by signal ${signal}`;
      if (failure === null && code !== 0) failure = `exited with code ${code}`;
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderrTail: err,
        exitCode: code,
        signal,
        failure,
        seconds: (performance.now() - started) / 1000,
        aborted,
      });
    };
    // The answer is the proposer process's, so its end decides, not the pipe's: a child it left
    // behind holding stdout (in its group or not) neither turns an answer into a timeout nor keeps
    // a timed-out proposal waiting. After the process ends, its group is killed and what it wrote
    // is read until the pipes close or stay quiet for DRAIN_MS.
    const quietDrain = (): void => {
      clearTimeout(drain);
      drain = setTimeout(finish, DRAIN_MS);
    };
    child.on('exit', (code, signal) => {
      ended = { code, signal };
      killGroup();
      quietDrain();
    });
    child.stdout.on('data', () => {
      if (ended !== null) quietDrain();
    });
    child.on('error', (error) => {
      stop(`could not start: ${error.message}`);
      finish();
    });
    child.on('close', finish);
    child.stdin.end(input);
  });
}
