// What went wrong with a store file, told apart by DuckDB's messages: each problem gets its own
// message (and, in the CLI, its own exit code) instead of a raw database error. DuckDB reports
// all of these as "IO Error: …"; only the text says which.

/** A problem with the file itself, found on opening it: bad input (exit 2 in the CLI). */
export class StoreOpenError extends Error {
  constructor(
    message: string,
    /** `locked`, `corrupt`, `foreign`, `version`, `missing`, `config` or `io`. */
    readonly kind: string = 'io',
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** Writing failed part-way (disk full, I/O error): the job ran but failed (exit 1 in the CLI). */
export class StoreWriteError extends Error {
  constructor(
    message: string,
    /** `disk_full`, `corrupt`, `no_permission` or `io`. */
    readonly kind: string,
  ) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

// EFBIG: the file may grow no further (a size limit of the file system or of the process, `ulimit -f`).
const DISK_FULL = /no space left on device|ENOSPC|disk is full|disk full|quota exceeded|EDQUOT|file too large|EFBIG/i;
const CORRUPT =
  /not a valid DuckDB database file|corrupt database file|computed checksum .* does not match|could not read enough bytes from file|serialization error|failed to deserialize/i;
// Not /lock/i: that also matches "in block at location …" of a corrupt file.
const LOCKED = /could not set lock on file|conflicting lock/i;
const NO_PERMISSION = /permission denied|EACCES|EPERM|read-only file system|EROFS/i;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The StoreOpenError for a failure to open (or create: nothing is left behind then) `file`. */
export function openFailure(file: string, error: unknown, action: 'open' | 'create' = 'open'): StoreOpenError {
  const reason = firstLine(error);
  if (action === 'create') {
    const why = DISK_FULL.test(reason) ? 'the disk is full' : NO_PERMISSION.test(reason) ? 'permission denied' : 'it failed';
    const kind = DISK_FULL.test(reason) ? 'disk_full' : NO_PERMISSION.test(reason) ? 'no_permission' : 'io';
    return new StoreOpenError(`${file}: cannot create the store: ${why}; nothing was created (${reason})`, kind);
  }
  if (LOCKED.test(reason)) {
    return new StoreOpenError(`${file}: the store is in use by another process (DuckDB allows one process per file)`, 'locked');
  }
  if (CORRUPT.test(reason)) {
    return new StoreOpenError(
      `${file}: the store file is corrupt and cannot be opened (${reason}); restore it from a copy or use another --db`,
      'corrupt',
    );
  }
  if (DISK_FULL.test(reason)) return new StoreOpenError(`${file}: cannot open the store: the disk is full (${reason})`, 'disk_full');
  if (NO_PERMISSION.test(reason)) return new StoreOpenError(`${file}: cannot open the store: permission denied (${reason})`, 'no_permission');
  return new StoreOpenError(`${file}: cannot open the store (${reason})`);
}

/**
 * The StoreWriteError for a database failure while writing to `file`, or null when `error` is not
 * one (a bug, or a problem of the caller's own): that is passed on unchanged.
 */
export function writeFailure(file: string, error: unknown): StoreWriteError | null {
  if (error instanceof StoreWriteError) return error;
  const reason = firstLine(error);
  if (DISK_FULL.test(reason)) {
    return new StoreWriteError(`${file}: the disk is full; the store keeps only what was committed before (${reason})`, 'disk_full');
  }
  if (CORRUPT.test(reason)) return new StoreWriteError(`${file}: the store file is corrupt (${reason})`, 'corrupt');
  if (NO_PERMISSION.test(reason)) return new StoreWriteError(`${file}: cannot write the store: permission denied (${reason})`, 'no_permission');
  if (/^IO Error/i.test(reason)) return new StoreWriteError(`${file}: cannot write the store (${reason})`, 'io');
  return null;
}
