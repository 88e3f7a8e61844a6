// What a store file is, read from its first bytes before DuckDB opens it: a SQLite database, or a
// DuckDB file shorter than its own header says. DuckDB would try to load an extension for the
// first, and would open the second and write to it, leaving a file that later cannot be read.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StoreOpenError } from './errors.js';

/** DuckDB's file layout: a main header with the magic at byte 8, then two database headers. */
const HEADER_SIZE = 4096;
const MAGIC_OFFSET = 8;
const DATA_START = 3 * HEADER_SIZE;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** A problem with the store file `file`, or null when it is missing, empty or looks whole. */
export function storeFileProblem(file: string): StoreOpenError | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null; // missing or unreadable: DuckDB's own error says which
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    const head = Buffer.alloc(Math.min(size, DATA_START));
    readSync(fd, head, 0, head.length, 0);
    if (head.subarray(0, SQLITE_MAGIC.length).toString('latin1') === SQLITE_MAGIC) {
      return new StoreOpenError(`${file}: not a paysim store: a SQLite database; paysim leaves it untouched — pass another --db`, 'foreign');
    }
    // Anything else without DuckDB's magic is left to DuckDB, which calls it corrupt.
    if (head.length < MAGIC_OFFSET + 4 || head.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 4).toString('latin1') !== 'DUCK') return null;
    const blockSize = headerBlockSize(head);
    if (size < DATA_START || (blockSize !== null && (size - DATA_START) % blockSize !== 0)) {
      const whole = blockSize === null ? '' : ` (after its ${DATA_START}-byte headers, a whole number of ${blockSize}-byte blocks)`;
      return new StoreOpenError(
        `${file}: the store file is truncated: ${size} bytes is not a size DuckDB writes${whole}; it is left untouched — restore it from a copy or use another --db`,
        'corrupt',
      );
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * The block size the newer of the two database headers states. DuckDB grows and shrinks its file
 * by whole blocks (it may cut free blocks off the end without lowering the header's block count, so
 * that count is no bound), so a size between two block boundaries is a file cut short. Null when
 * the headers do not read as DuckDB's (another storage version): no claim then.
 */
function headerBlockSize(head: Buffer): number | null {
  if (head.length < DATA_START) return null;
  const newer = [HEADER_SIZE, 2 * HEADER_SIZE].reduce((a, b) => (head.readBigUInt64LE(b + 8) > head.readBigUInt64LE(a + 8) ? b : a));
  const blockSize = head.readBigUInt64LE(newer + 40);
  const plausible = blockSize >= 4096n && blockSize <= 1n << 30n && (blockSize & (blockSize - 1n)) === 0n;
  return plausible ? Number(blockSize) : null;
}
