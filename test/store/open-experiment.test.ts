// Opening an experiment for its runs is one function (store/revisions.ts openExperiment), used
// by sweep, optimize, studies (frontier, stress) and `paysim run`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { latestRevision, openExperiment } from '../../src/store/revisions.js';
import { queryFile, tempDir } from './helpers.js';

describe('openExperiment', () => {
  it('stores the revision record (when given) and the experiment; again updates both in place', async () => {
    const db = join(tempDir(), 'o.duckdb');
    const store = await openStore(db);
    try {
      const entry = { name: 'e1', description: 'a question', spec_json: '{"a":1}', spec_sha256: 'h1' };
      await openExperiment(store.connection, entry, { revision: 1, record_json: '{"r":1}', record_sha256: 'r1' });
      await openExperiment(store.connection, { ...entry, description: 'the question' }, { revision: 1, record_json: '{"r":2}', record_sha256: 'r2' });
      await openExperiment(store.connection, { name: 'adhoc', description: null, spec_json: null, spec_sha256: null }, null);
      expect(await latestRevision(store.connection, 'e1')).toEqual({ revision: 1, record_json: '{"r":2}' });
      expect(await latestRevision(store.connection, 'adhoc')).toBeNull();
    } finally {
      store.close();
    }
    expect(await queryFile(db, 'SELECT experiment_id, name, description, spec_sha256 FROM experiments ORDER BY 1')).toEqual([
      { experiment_id: 'adhoc', name: 'adhoc', description: null, spec_sha256: null },
      { experiment_id: 'e1', name: 'e1', description: 'the question', spec_sha256: 'h1' },
    ]);
  });
});
