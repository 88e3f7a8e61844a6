// A per-run result table as it travels from a worker to the store: Arrow's columnar memory layout
// (value buffers, validity bitmaps, string offsets, dictionaries) as plain typed arrays, without
// Arrow's IPC framing. Why not IPC (issue 22, measured on a sweep of 2-bank runs): writing and
// reading the IPC stream — schema and dictionary messages, flatbuffers — cost ≈ 3.9 ms a run
// against ≈ 0.3 ms of engine, for bytes that never leave the process. The store copies these
// buffers into DuckDB vectors exactly as it copied the decoded Arrow buffers.

import type { ColumnSpec, ResultTableSpec } from './columns.js';

/** One column, in the layout its kind (columns.ts) gives it. */
export interface ColumnData {
  /**
   * i32: Int32Array; i64: BigInt64Array; f64: Float64Array; bool: Int8Array (0/1); dict: Int32Array
   * codes into `words`; enum: Uint8Array indexes into the column's ENUM values; utf8: the UTF-8
   * bytes of every row, one after the other (`offsets` says where each starts).
   */
  readonly values: Int32Array | BigInt64Array | Float64Array | Int8Array | Uint8Array;
  /** Arrow validity bitmap (bit i of byte i/8 set = row i is not null), or null: no nulls. */
  readonly validity: Uint8Array | null;
  readonly nullCount: number;
  /** utf8: row i is bytes offsets[i]..offsets[i + 1]. */
  readonly offsets: Int32Array | null;
  /** dict: the distinct texts the codes point at. */
  readonly words: readonly string[] | null;
}

export interface ColumnTable {
  readonly rows: number;
  /** In the order of the table's ResultTableSpec columns. */
  readonly columns: readonly ColumnData[];
}

/** Whether a table has the columns the spec says, in order (a worker of another build would not). */
export function tableShapeIssue(spec: ResultTableSpec, table: ColumnTable): string | null {
  if (table.columns.length !== spec.columns.length) {
    return `${spec.name}: a worker sent ${table.columns.length} columns, expected ${spec.columns.length}`;
  }
  for (const [i, column] of table.columns.entries()) {
    const expected = expectedValues(spec.columns[i]!);
    if (!(column.values instanceof expected)) return `${spec.name}.${spec.columns[i]!.name}: a worker sent ${column.values.constructor.name}, expected ${expected.name}`;
    if (column.values.length !== valueCount(spec.columns[i]!, table.rows, column)) return `${spec.name}.${spec.columns[i]!.name}: a worker sent the wrong number of values`;
  }
  return null;
}

function expectedValues(column: ColumnSpec): typeof Int32Array | typeof BigInt64Array | typeof Float64Array | typeof Int8Array | typeof Uint8Array {
  switch (column.kind) {
    case 'i32':
    case 'dict':
      return Int32Array;
    case 'i64':
      return BigInt64Array;
    case 'f64':
      return Float64Array;
    case 'bool':
      return Int8Array;
    case 'enum':
    case 'utf8':
      return Uint8Array;
  }
}

function valueCount(column: ColumnSpec, rows: number, data: ColumnData): number {
  return column.kind === 'utf8' ? (data.offsets?.[rows] ?? 0) : rows;
}

type Typed = ColumnData['values'] | Int32Array | Uint8Array;

/**
 * The same tables with every buffer a view into one ArrayBuffer: a run's results cross to the
 * coordinator as one transferred buffer rather than a hundred small ones.
 */
export function packTables<K extends string>(tables: Partial<Record<K, ColumnTable>>): Partial<Record<K, ColumnTable>> {
  const arrays: Typed[] = [];
  for (const table of Object.values<ColumnTable | undefined>(tables)) {
    for (const c of table?.columns ?? []) {
      arrays.push(c.values);
      if (c.validity !== null) arrays.push(c.validity);
      if (c.offsets !== null) arrays.push(c.offsets);
    }
  }
  let size = 0;
  for (const a of arrays) size = align8(size) + a.byteLength;
  const buffer = new ArrayBuffer(align8(size));
  let at = 0;
  const place = <T extends Typed>(a: T): T => {
    at = align8(at);
    const view = new (a.constructor as new (b: ArrayBuffer, offset: number, length: number) => T)(buffer, at, a.length);
    (view as unknown as { set(x: T): void }).set(a);
    at += a.byteLength;
    return view;
  };
  const out: Partial<Record<K, ColumnTable>> = {};
  for (const [name, table] of Object.entries<ColumnTable | undefined>(tables)) {
    if (table === undefined) continue;
    out[name as K] = {
      rows: table.rows,
      columns: table.columns.map((c) => ({
        values: place(c.values),
        validity: c.validity === null ? null : place(c.validity),
        nullCount: c.nullCount,
        offsets: c.offsets === null ? null : place(c.offsets),
        words: c.words,
      })),
    };
  }
  return out;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** The distinct ArrayBuffers behind tables (to transfer them). */
export function tableBuffers(tables: Partial<Record<string, ColumnTable>>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const table of Object.values(tables)) {
    for (const c of table?.columns ?? []) {
      for (const a of [c.values, c.validity, c.offsets]) if (a !== null && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
    }
  }
  return [...out];
}
