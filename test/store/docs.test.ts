// runner.md §3: the store is documented — every table and column of a fresh store appears in
// docs/store.md, in its table's section.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { tempDir } from './helpers.js';

describe('docs/store.md', () => {
  it('lists every column of every table under the table’s heading', async () => {
    const store = await openStore(join(tempDir(), 'd.duckdb'));
    let columns: Array<[string, string]>;
    try {
      const reader = await store.connection.runAndReadAll(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database() ORDER BY table_name, ordinal_position",
      );
      columns = reader.getRowsJS().map((r) => [String(r[0]), String(r[1])]);
    } finally {
      store.close();
    }
    const doc = readFileSync('docs/store.md', 'utf8');
    const sections = doc.split(/^### /m);
    const missing: string[] = [];
    for (const [table, column] of columns) {
      const section = sections.find((s) => s.split('\n')[0]!.includes(`\`${table}\``));
      if (section === undefined || !section.includes(`| \`${column}\` |`)) missing.push(`${table}.${column}`);
    }
    expect(columns.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
