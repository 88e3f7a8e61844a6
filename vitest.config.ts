import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/sequencer.js';

/** Every test file under test/, as a path relative to the repository. */
function testFiles(dir = 'test'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? testFiles(path) : path.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Files that replace modules or stub globals (found by their `vi.mock(`, `vi.stubEnv(`, … calls,
 * so a new one is isolated without being listed), and one whose YAML parser must meet its depth
 * limit on a fresh stack: each runs in a fresh module graph. The rest share one graph per worker,
 * so the sources are loaded once per worker instead of once per file (measured: the engine,
 * policy, config, analysis and store files took 67 s of CPU time isolated, 40 s shared).
 */
const ISOLATED = testFiles().filter(
  (file) => file === 'test/config/hostile-input.test.ts' || /\bvi\.(mock|doMock|unmock|stubEnv|stubGlobal|spyOn|useFakeTimers|resetModules)\(/.test(readFileSync(file, 'utf8')),
);

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
