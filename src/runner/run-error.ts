// A failed run's error as one line for the `runs.error` column and the sweep's failure summary.

import { ValidationError } from '../input/issues.js';
import { PolicyRunError } from '../policy/decision.js';

export function runErrorMessage(error: unknown): string {
  if (error instanceof PolicyRunError) {
    const node = error.nodeId ? `, node ${error.nodeId}` : '';
    return `policy error ${error.code} for agent ${error.agent} at tick ${error.tick} (${error.tree}${node}): ${error.message}`;
  }
  if (error instanceof ValidationError) return error.message.replace(/\n/g, '; ');
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
