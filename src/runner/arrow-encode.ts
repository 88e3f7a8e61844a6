// Result rows → one Arrow record batch → IPC stream bytes, column by column into typed arrays
// (no per-row objects on the Arrow side). Runs inside the worker; the store decodes the bytes
// without copying and moves the column buffers straight into DuckDB.

import {
  type Data,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import type { ColumnSpec, ResultTableSpec } from '../store/columns.js';

const TWO_32 = 2 ** 32;
const utf8 = new TextEncoder();

/** Encodes `rows` (objects with one property per column of `spec`) as an Arrow IPC stream. */
export function encodeTable(spec: ResultTableSpec, rows: readonly object[]): Uint8Array {
  const records = rows as readonly Readonly<Record<string, unknown>>[];
  const fields: Field[] = [];
  const children: Data[] = [];
  spec.columns.forEach((column, index) => {
    const { field, data } = encodeColumn(column, records, index);
    fields.push(field);
    children.push(data);
  });
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: records.length, nullCount: 0, children });
  return tableToIPC(new Table(new RecordBatch(schema, struct)), 'stream');
}

interface Encoded {
  readonly field: Field;
  readonly data: Data;
}

function encodeColumn(column: ColumnSpec, rows: readonly Readonly<Record<string, unknown>>[], index: number): Encoded {
  const n = rows.length;
  const name = column.name;
  const nulls = column.nullable ? new NullMask(n) : null;
  switch (column.kind) {
    case 'i32': {
      const values = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) nulls!.setNull(i);
        else values[i] = v as number;
      }
      return finish(column, new Int32(), values, nulls, n);
    }
    case 'i64': {
      // Two 32-bit words per value, little-endian: exact for every safe integer and no BigInt per row.
      const words = new Int32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) {
          nulls!.setNull(i);
          continue;
        }
        const x = v as number;
        if (!Number.isSafeInteger(x)) throw new Error(`${name}: ${x} is not an integer number of cents`);
        const hi = Math.floor(x / TWO_32);
        words[2 * i] = x - hi * TWO_32;
        words[2 * i + 1] = hi;
      }
      return finish(column, new Int64(), new BigInt64Array(words.buffer), nulls, n);
    }
    case 'f64': {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) nulls!.setNull(i);
        else values[i] = v as number;
      }
      return finish(column, new Float64(), values, nulls, n);
    }
    case 'bool': {
      const values = new Int8Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) nulls!.setNull(i);
        else values[i] = v ? 1 : 0;
      }
      return finish(column, new Int8(), values, nulls, n);
    }
    case 'dict':
    case 'enum': {
      const codes = new Int32Array(n);
      const codeOf = new Map<string, number>();
      const words: string[] = [];
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) {
          nulls!.setNull(i);
          continue;
        }
        const text = v as string;
        let code = codeOf.get(text);
        if (code === undefined) {
          code = words.length;
          codeOf.set(text, code);
          words.push(text);
        }
        codes[i] = code;
      }
      const type = new Dictionary(new Utf8(), new Int32(), index);
      const data = makeData({
        type,
        length: n,
        nullCount: nulls?.count ?? 0,
        nullBitmap: nulls?.bitmap() ?? null,
        data: codes,
        dictionary: vectorFromArray(words, new Utf8()),
      });
      return { field: new Field(column.name, type, column.nullable), data };
    }
    case 'utf8': {
      const offsets = new Int32Array(n + 1);
      const texts: Uint8Array[] = [];
      let length = 0;
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) nulls!.setNull(i);
        else {
          const bytes = utf8.encode(v as string);
          texts.push(bytes);
          length += bytes.length;
        }
        offsets[i + 1] = length;
      }
      const bytes = new Uint8Array(length);
      let at = 0;
      for (const t of texts) {
        bytes.set(t, at);
        at += t.length;
      }
      const type = new Utf8();
      const data = makeData({
        type,
        length: n,
        nullCount: nulls?.count ?? 0,
        nullBitmap: nulls?.bitmap() ?? null,
        valueOffsets: offsets,
        data: bytes,
      });
      return { field: new Field(column.name, type, column.nullable), data };
    }
  }
}

function finish(
  column: ColumnSpec,
  type: Int32 | Int64 | Float64 | Int8,
  values: Int32Array | BigInt64Array | Float64Array | Int8Array,
  nulls: NullMask | null,
  n: number,
): Encoded {
  const props = { length: n, nullCount: nulls?.count ?? 0, nullBitmap: nulls?.bitmap() ?? null };
  let data: Data;
  if (type instanceof Int32) data = makeData({ ...props, type, data: values as Int32Array });
  else if (type instanceof Int64) data = makeData({ ...props, type, data: values as BigInt64Array });
  else if (type instanceof Float64) data = makeData({ ...props, type, data: values as Float64Array });
  else data = makeData({ ...props, type, data: values as Int8Array });
  return { field: new Field(column.name, type, column.nullable), data };
}

/** An Arrow validity bitmap (bit set = valid), allocated only once a null is seen. */
class NullMask {
  count = 0;
  private bits: Uint8Array | null = null;
  constructor(private readonly length: number) {}

  setNull(i: number): void {
    if (this.bits === null) this.bits = new Uint8Array(Math.ceil(this.length / 8)).fill(0xff);
    this.bits[i >> 3]! &= ~(1 << (i & 7));
    this.count += 1;
  }

  bitmap(): Uint8Array | null {
    return this.bits;
  }
}
