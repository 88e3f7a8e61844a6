// Where the store is, without opening it: commands that may not touch the store (`paysim run
// --no-store`) resolve the path without loading DuckDB.

export const DEFAULT_DB = 'results/paysim.duckdb';

/** `--db`, else $PAYSIM_DB, else results/paysim.duckdb (interfaces.md). */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env['PAYSIM_DB'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_DB;
}
