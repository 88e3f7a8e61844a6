// Errors of the runner that are the user's to fix (a changed experiment, a run that cannot be
// replayed): every front end (CLI exit 2, API 400) reports them as bad input, with their message.

export class RunnerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunnerInputError';
  }
}

/** A sweep would store runs of a changed configuration next to those of the old one. */
export class ExperimentChangedError extends RunnerInputError {
  constructor(
    message: string,
    readonly changes: readonly string[],
  ) {
    super(message);
    this.name = 'ExperimentChangedError';
  }
}

/** A stored run cannot be replayed (nothing to rebuild it from, or it no longer matches). */
export class ReplayError extends RunnerInputError {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}
