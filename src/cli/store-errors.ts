// Store problems for the CLI. The file given is wrong (missing, in use, corrupt, another
// program's database, newer schema): bad input, exit 2. Writing failed part-way (disk full, I/O
// error): the job ran but failed, exit 1. Either way one line with the store's message.

import { StoreOpenError, StoreWriteError, writeFailure } from '../store/errors.js';
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from './errors.js';

export async function withStoreErrors<T>(work: () => Promise<T>, file?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreOpenError) throw new CliError(error.message, EXIT_BAD_INPUT);
    if (error instanceof StoreWriteError) throw new CliError(error.message, EXIT_FAILED);
    const failure = file === undefined ? null : writeFailure(file, error);
    if (failure !== null) throw new CliError(failure.message, EXIT_FAILED);
    throw error;
  }
}
