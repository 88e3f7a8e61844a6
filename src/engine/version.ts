/** Bumped whenever a change can alter any run's results; part of every run key. */
export const ENGINE_VERSION = '0.1.0';
