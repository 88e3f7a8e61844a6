// Ctrl-C for commands that run on the worker pool: the first stops cleanly (finished runs are
// committed, the command exits 130), a second quits at once (what was committed stays).

import { EXIT_INTERRUPTED } from './errors.js';

export async function withInterrupt<T>(talk: boolean, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    if (talk) process.stderr.write('\npaysim: interrupted; saving finished runs (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
