// Every DuckDB database paysim opens (the store, and the in-memory one that reads Parquet payment
// files), with the same settings.
//
// Extension autoloading and autoinstalling are off: DuckDB would otherwise, on meeting a SQLite
// file given as --db (or a function it does not have built in), download native code from the
// network and load it. paysim needs only what the bindings have built in (Parquet, JSON).
//
// The bindings are imported when first needed: they cost a third of a second to load, which a
// command that never opens a database (`run --no-store`, `validate`) should not pay.

import type { DuckDBInstance } from '@duckdb/node-api';

const SETTINGS = { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' } as const;

export async function createDuckDB(path: string, options: { readonly readOnly?: boolean } = {}): Promise<DuckDBInstance> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  return DuckDBInstance.create(path, options.readOnly === true ? { ...SETTINGS, access_mode: 'READ_ONLY' } : { ...SETTINGS });
}
