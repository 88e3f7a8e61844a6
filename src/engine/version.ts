/** Bumped whenever a change can alter any run's results; part of every run key and of an experiment revision's record. 0.2.0: delay cost exact per payment (it could differ by a cent from 0.1.0's doubles). */
export const ENGINE_VERSION = '0.2.0';
