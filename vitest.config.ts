import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and small sweeps take seconds, not milliseconds, on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
