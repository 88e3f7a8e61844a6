import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/sequencer.js';

/**
 * Files that replace modules (vi.mock) or stub globals, and one whose YAML parser must meet its
 * depth limit on a fresh stack: each runs in a fresh module graph. The rest share one graph per
 * worker, so the sources are loaded once per worker instead of once per file (measured: the
 * engine, policy, config, analysis and store files took 67 s of CPU time isolated, 40 s shared).
 * A new file that mocks must be added here.
 */
const ISOLATED = [
  'test/config/defaults.test.ts',
  'test/config/errors.test.ts',
  'test/config/events.test.ts',
  'test/config/hostile-input.test.ts',
  'test/config/policies.test.ts',
  'test/config/properties.test.ts',
  'test/config/read.test.ts',
  'test/config/reference-scenarios.test.ts',
  'test/store/integrity.test.ts',
];

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
    ],
  },
});
