// Store problems (missing file, file in use, newer schema) are bad input for the CLI: exit 2 with
// the store's message.

import { StoreOpenError } from '../store/open.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';

export async function withStoreErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreOpenError) throw new CliError(error.message, EXIT_BAD_INPUT);
    throw error;
  }
}
