// The Piscina worker entry: a batch of run specs in, their run outcomes out, every outcome's
// result buffer transferred (Piscina.move; stack.md: copying an 8 MB result back is 3× slower).
// Deliberately thin: all logic lives in src/runner/execute.ts, which tests call directly. Never
// touches DuckDB.

import { move, transferableSymbol, valueSymbol } from 'piscina';
import { executeRun, outcomeBuffers } from '../src/runner/execute.js';
import type { RunOutcome, RunSpec } from '../src/runner/run-spec.js';

export default function runWorker(specs: readonly RunSpec[]): RunOutcome[] {
  const outcomes = specs.map(executeRun);
  // A transferable wrapper: Piscina sends the value and moves every listed buffer (`move` on a
  // plain object or a single typed array would move at most one buffer).
  const movable = { [transferableSymbol]: outcomes.flatMap(outcomeBuffers), [valueSymbol]: outcomes } as const;
  return move(movable) as unknown as RunOutcome[];
}
