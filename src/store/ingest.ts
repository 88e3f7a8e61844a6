// A worker's result table (column-table.ts, Arrow's layout) → rows of a store table, column
// buffer by column buffer, through one DuckDB appender. The writer (writer.ts) points the appender at an in-memory staging table
// and moves whole batches into the store's tables itself; this module only copies columns.
//
// Why this shape (stack.md, measured with the 22-column transactions table): appending row by
// row runs at ~1 M rows/s. Copying typed-array buffers into data-chunk vectors with
// @duckdb/node-bindings (one memcpy per column per 2 048 rows) is the fast path. Strings are the
// expensive part, so: `run_key` is a constant vector per chunk; closed vocabularies are ENUMs
// (one byte per row, copied); short agent ids (≤ 12 bytes, DuckDB's inline string size) are
// written as ready-made 16-byte string structs; only longer strings are assigned row by row.

import duckdb from '@duckdb/node-bindings';
import { type DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import { type ColumnData, type ColumnTable, tableShapeIssue } from './column-table.js';
import type { ColumnSpec, ResultTableSpec } from './columns.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;
/** duckdb_string_t: 4-byte length, then up to 12 bytes inline (longer strings use a pointer). */
const STRING_T_BYTES = 16;
const INLINE_MAX = 12;

const utf8 = new TextEncoder();

/** A string's inline string_t, or null when it is too long to be inlined. */
function inlineStringT(text: string): Uint8Array | null {
  const bytes = utf8.encode(text);
  if (bytes.length > INLINE_MAX) return null;
  const struct = new Uint8Array(STRING_T_BYTES);
  new DataView(struct.buffer).setUint32(0, bytes.length, true);
  struct.set(bytes, 4);
  return struct;
}

/** Appends worker tables of one kind to their store table through one appender. */
export class TableAppender {
  private readonly chunk: DuckDBDataChunk;
  private readonly scratch = new Uint8Array(CHUNK_ROWS * STRING_T_BYTES);
  private readonly scratch32 = new Int32Array(this.scratch.buffer);
  /** Rows appended since the last `resetCount`. */
  rows = 0;

  constructor(
    readonly spec: ResultTableSpec,
    readonly appender: DuckDBAppender,
  ) {
    const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
    if (types.length !== spec.columns.length + 1) {
      throw new Error(`${spec.name}: the store table has ${types.length} columns, expected ${spec.columns.length + 1}`);
    }
    this.chunk = DuckDBDataChunk.create(types);
  }

  /** Appends one run's table under `runKey`. */
  append(runKey: string, table: ColumnTable): void {
    const issue = tableShapeIssue(this.spec, table);
    if (issue !== null) throw new Error(issue);
    if (table.rows === 0) return;
    const key = duckdb.create_varchar(runKey);
    const n = table.rows;
    const columns = table.columns;
    const coders = this.spec.columns.map((column, j) => this.coder(column, columns[j]!));
    const raw = this.chunk.chunk;
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const length = Math.min(CHUNK_ROWS, n - start);
      this.chunk.reset();
      // The run's key is the same on every row: a constant vector, no per-row string.
      duckdb.vector_reference_value(duckdb.data_chunk_get_vector(raw, 0), key);
      for (let j = 0; j < coders.length; j++) {
        const data = columns[j]!;
        const vector = duckdb.data_chunk_get_vector(raw, j + 1);
        coders[j]!(vector, start, length);
        if (data.nullCount > 0) copyValidity(vector, data.validity, start, length);
      }
      this.chunk.rowCount = length;
      this.appender.appendDataChunk(this.chunk);
      this.rows += length;
    }
  }

  /** The function that fills one column's vector for rows start..start+length. */
  private coder(column: ColumnSpec, data: ColumnData): (vector: duckdb.Vector, start: number, length: number) => void {
    switch (column.kind) {
      case 'dict': {
        const words = data.words ?? [];
        const structs = words.map(inlineStringT);
        const codes = data.values as Int32Array;
        if (structs.every((s) => s !== null)) {
          // Each word's 16-byte string_t as four int32s: one typed-array copy per row.
          const words32 = structs.map((s) => new Int32Array(s!.buffer));
          return (vector, start, length) => {
            const out = this.scratch32;
            for (let i = 0; i < length; i++) {
              const w = words32[codes[start + i]!];
              // A null row with no word to point at gets an empty string (its validity bit is off).
              if (w === undefined) out.fill(0, i * 4, i * 4 + 4);
              else out.set(w, i * 4);
            }
            duckdb.copy_data_to_vector(vector, 0, this.scratch.buffer as ArrayBuffer, 0, length * STRING_T_BYTES);
          };
        }
        const encoded = words.map((w) => utf8.encode(w));
        return (vector, start, length) => {
          for (let i = 0; i < length; i++) {
            if (!isValid(data, start + i)) continue;
            duckdb.vector_assign_string_element_len(vector, i, encoded[codes[start + i]!]!);
          }
        };
      }
      case 'utf8': {
        const offsets = data.offsets!;
        const bytes = data.values as Uint8Array;
        return (vector, start, length) => {
          for (let i = 0; i < length; i++) {
            const row = start + i;
            if (!isValid(data, row)) continue;
            duckdb.vector_assign_string_element_len(vector, i, bytes.subarray(offsets[row]!, offsets[row + 1]!));
          }
        };
      }
      default: {
        // i32, i64, f64, bool (one byte 0/1, which is DuckDB's BOOLEAN layout) and enum (the
        // ENUM's one-byte index, its physical layout).
        const values = data.values;
        const width = values.BYTES_PER_ELEMENT;
        return (vector, start, length) => {
          duckdb.copy_data_to_vector(vector, 0, values.buffer as ArrayBuffer, values.byteOffset + start * width, length * width);
        };
      }
    }
  }
}

/**
 * Arrow's validity bitmap and DuckDB's validity mask share one layout (bit i of byte i/8, set =
 * valid), and chunk starts are multiples of 8 rows: a plain byte copy.
 */
function copyValidity(vector: duckdb.Vector, bitmap: Uint8Array | null, start: number, length: number): void {
  if (bitmap === null || bitmap.length === 0) return;
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, bitmap.buffer as ArrayBuffer, bitmap.byteOffset + start / 8, Math.ceil(length / 8));
}

function isValid(data: ColumnData, row: number): boolean {
  return data.validity === null || (data.validity[row >> 3]! & (1 << (row & 7))) !== 0;
}
