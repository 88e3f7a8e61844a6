// Result rows → one ColumnTable (store/column-table.ts): column by column into typed arrays in
// Arrow's layout, no per-row objects and no serialisation. Runs inside the worker; the store
// copies the buffers straight into DuckDB vectors.

import type { ColumnData, ColumnTable } from '../store/column-table.js';
import type { ColumnSpec, ResultTableSpec } from '../store/columns.js';

const TWO_32 = 2 ** 32;
const utf8 = new TextEncoder();

/** Encodes `rows` (objects with one property per column of `spec`). */
export function encodeTable(spec: ResultTableSpec, rows: readonly object[]): ColumnTable {
  const records = rows as readonly Readonly<Record<string, unknown>>[];
  return { rows: records.length, columns: spec.columns.map((column) => encodeColumn(spec, column, records)) };
}

function encodeColumn(spec: ResultTableSpec, column: ColumnSpec, rows: readonly Readonly<Record<string, unknown>>[]): ColumnData {
  const n = rows.length;
  const name = column.name;
  const nulls = column.nullable ? new NullMask(n) : null;
  const done = (values: ColumnData['values'], extra: Partial<Pick<ColumnData, 'offsets' | 'words'>> = {}): ColumnData => ({
    values,
    validity: nulls?.bitmap() ?? null,
    nullCount: nulls?.count ?? 0,
    offsets: extra.offsets ?? null,
    words: extra.words ?? null,
  });
  switch (column.kind) {
    case 'i32': {
      const values = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) nulls!.setNull(i);
        else values[i] = v as number;
      }
      return done(values);
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
      return done(new BigInt64Array(words.buffer));
    }
    case 'f64': {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) nulls!.setNull(i);
        else values[i] = v as number;
      }
      return done(values);
    }
    case 'bool': {
      const values = new Int8Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) nulls!.setNull(i);
        else values[i] = v ? 1 : 0;
      }
      return done(values);
    }
    case 'dict': {
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
      return done(codes, { words });
    }
    case 'enum': {
      // The ENUM's own index (DuckDB stores an ENUM of up to 255 values as one byte).
      const values = column.enumType!.values;
      if (values.length > 255) throw new Error(`${spec.name}.${name}: ENUM ${column.enumType!.name} has more than 255 values`);
      const index = new Map(values.map((v, i) => [v, i]));
      const codes = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) {
          nulls!.setNull(i);
          continue;
        }
        const code = index.get(v as string);
        if (code === undefined) throw new Error(`${spec.name}.${name}: '${String(v)}' is not a value of ENUM ${column.enumType!.name} (the store needs a migration)`);
        codes[i] = code;
      }
      return done(codes);
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
      return done(bytes, { offsets });
    }
  }
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
