// How failures reach the user: a one-line message per problem on stderr and an exit code
// (interfaces.md: 0 ok, 1 the job ran but failed, 2 bad input, 130 interrupted). Stacks only with --debug.

import { StoreQueryError } from '../analysis/store-reader.js';
import { ValidationError, formatIssues } from '../input/issues.js';
import { InvariantError, MoneyRangeError } from '../engine/assert.js';
import { CheckpointMismatchError } from '../engine/checkpoint.js';
import { PolicyRunError } from '../policy/decision.js';
import { RunnerInputError } from '../runner/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERRUPTED = 130;

/** An error meant for the user, with the exit code it deserves. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Prints the error for a person and returns the exit code. */
export function reportError(error: unknown, debug: boolean): number {
  const write = (line: string): void => {
    process.stderr.write(`paysim: ${line}\n`);
  };
  let code = EXIT_FAILED;
  if (error instanceof ValidationError) {
    for (const line of formatIssues(error.issues)) write(line);
    code = EXIT_BAD_INPUT;
  } else if (error instanceof CliError) {
    write(error.message);
    code = error.exitCode;
  } else if (error instanceof CheckpointMismatchError || error instanceof StoreQueryError || error instanceof RunnerInputError) {
    write(error.message);
    code = EXIT_BAD_INPUT;
  } else if (error instanceof MoneyRangeError || error instanceof InvariantError) {
    // The run started and cannot go on: its own message says what, for which agent, at which tick.
    write(error.message);
    code = EXIT_FAILED;
  } else if (error instanceof PolicyRunError) {
    write(
      `policy error ${error.code} for agent ${error.agent} at tick ${error.tick} ` +
        `(${error.tree}${error.nodeId ? `, node ${error.nodeId}` : ''}): ${error.message}`,
    );
    code = EXIT_FAILED;
  } else if (error instanceof Error) {
    write(debug ? (error.stack ?? error.message) : `${error.message} (run with --debug for details)`);
  } else {
    write(String(error));
  }
  if (debug && error instanceof Error && !(error instanceof CliError) && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  return code;
}
