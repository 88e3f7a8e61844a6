// Shared helpers for config tests: a small valid scenario and the formatted issues of a document.

import { expect } from 'vitest';
import { formatIssue, ValidationError } from '../../src/input/issues.js';
import { parseScenarioDocument } from '../../src/config/scenario.js';

/** Two agents, A with arrivals; every optional block left out. */
export function baseDoc(): Record<string, unknown> & { agents: Array<Record<string, unknown>> } {
  return {
    simulation: { ticks_per_day: 10, num_days: 2, rng_seed: 42 },
    agents: [
      {
        id: 'BANK_A',
        opening_balance: 1_000_000,
        credit_limit: 500_000,
        policy: { type: 'Fifo' },
        arrival_config: {
          rate_per_tick: 0.5,
          amount_distribution: { type: 'Uniform', min: 1_000, max: 5_000 },
          counterparty_weights: { BANK_B: 1 },
          deadline_range: [5, 15],
        },
      },
      { id: 'BANK_B', opening_balance: 1_000_000, policy: { type: 'Fifo' } },
    ],
  };
}

/** The `file: path: message` lines a document is rejected with ([] when it loads). */
export function issueLines(doc: unknown, file = 'test.yaml'): string[] {
  try {
    parseScenarioDocument(doc, { file, baseDir: null });
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues.map(formatIssue);
  }
}

/** The lines a thrown ValidationError carries. */
export function thrownLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues.map(formatIssue);
  }
  throw new Error('expected a ValidationError');
}
