import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One test file per core. (Vitest's default leaves one core free, which on a 2-core machine
    // runs the files one at a time.)
    maxWorkers: availableParallelism(),
    // …so a command a test runs (sweep, liquidity, replay, optimize) gets one worker thread by
    // default: with every core already running a test file, a pool of one thread per core only
    // competes for them, and each thread loads the sources through tsx and compiles the schemas
    // again (measured: README's commands took 52 s of CPU time with two threads, 43 s with one).
    env: { PAYSIM_WORKERS: '1' },
    // A guard against a hung test, not a time budget: no test relies on finishing within a time.
    // The slowest files (the docs commands) take a minute or two on a quiet 2-core machine; under load
    // tests only take longer, so the guard is far away.
    testTimeout: 1_200_000,
    sequence: { sequencer: LongFilesFirst },
    hookTimeout: 1_200_000,
  },
});
