// Which revision of an experiment a sweep stores into (docs/experiments.md, "Revisions"): the
// latest one when its record matches the experiment file (more seeds, grid values or variants
// resume it), a new one when asked (`--new-revision`), and otherwise a refusal that says what
// changed — runs of two configurations are never stored as one.

import type { DuckDBConnection } from '@duckdb/node-api';
import { latestRevision, type RevisionEntry } from '../store/revisions.js';
import { ExperimentChangedError } from './errors.js';
import { type ExperimentRecord, recordChanges } from './experiment-record.js';
import type { Plan } from './plan.js';
import { canonicalSha256 } from './run-key.js';

export interface RevisionChoice {
  readonly revision: number;
  /** True when this revision does not exist yet. */
  readonly created: boolean;
}

/** `command` names what to run again with --new-revision (`sweep`, `optimize`). */
export async function chooseRevision(c: DuckDBConnection, plan: Plan, newRevision: boolean, command = 'sweep'): Promise<RevisionChoice> {
  const name = plan.experiment.name;
  const latest = await latestRevision(c, name);
  if (latest === null) return { revision: 1, created: true };
  if (newRevision) return { revision: latest.revision + 1, created: true };
  const next = latest.revision + 1;
  const how =
    `To keep both, ${command === 'sweep' ? 'sweep it' : `run paysim ${command} again`} as revision ${next} with --new-revision (compare, query, report and replay then use ` +
    `revision ${next}; --revision ${latest.revision} still reads the old one), or give the experiment another name.`;
  if (latest.record_json === null) {
    throw new ExperimentChangedError(
      `experiment ${name}: revision ${latest.revision} was stored by an older paysim, without a record of its configuration, ` +
        `so a sweep cannot tell whether it changed. ${how}`,
      [],
    );
  }
  const changes = recordChanges(JSON.parse(latest.record_json) as ExperimentRecord, plan.record);
  if (changes.length === 0) return { revision: latest.revision, created: false };
  throw new ExperimentChangedError(
    `experiment ${name} (revision ${latest.revision}) was run with another configuration:\n` +
      `${changes.map((c) => `  - ${c}`).join('\n')}\n${how}`,
    changes,
  );
}

/** The plan's record as the revision's (a resumed revision takes the larger grid). */
export function revisionEntry(plan: Plan, revision: number): RevisionEntry {
  return { revision, record_json: JSON.stringify(plan.record), record_sha256: canonicalSha256(plan.record) };
}
