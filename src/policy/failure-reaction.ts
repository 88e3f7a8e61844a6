// `on_counterparty_failure` of a policy spec (docs/policies.md, "Reacting to a failed
// participant"): `hold` puts a guard in front of the payment tree, so that a payment to a
// participant whose failure has been announced is held in Q1 (reason `counterparty_failed`) and
// every other payment is decided by the tree as before; without a payment tree the guard
// releases the rest. `release` (the default) leaves the document as it is, so its hash — and every
// run key — stays what it was.

export const ON_COUNTERPARTY_FAILURE = 'on_counterparty_failure';
export const FAILURE_REACTIONS = ['hold', 'release'] as const;
export type FailureReaction = (typeof FAILURE_REACTIONS)[number];

export const FAILURE_REACTION_SCHEMA = {
  enum: [...FAILURE_REACTIONS],
  default: 'release',
  description:
    'What the agent does with a payment to a participant whose failure has been announced: hold it in Q1, or release it as its ' +
    'policy decides (default).',
} as const;

const GUARD_ID = 'counterparty_failure_guard';
const HOLD_ID = 'counterparty_failure_hold';
const RELEASE_ID = 'counterparty_failure_release';

type Json = Record<string, unknown>;

/** Every node_id in a JSON value (walks the whole document: ids are unique across its trees). */
function nodeIds(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) nodeIds(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'node_id' && typeof item === 'string') out.add(item);
      else nodeIds(item, out);
    }
  }
  return out;
}

/** `base`, or `base_2`, `base_3`, … : the first not already used by the document. */
function freshId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}_${k}`;
  used.add(id);
  return id;
}

/** The effective document with the hold guard in front of its payment tree. */
export function withFailureGuard(effective: Json): Json {
  const used = nodeIds(effective, new Set());
  const tree = effective['payment_tree'];
  const onFalse =
    tree === null || tree === undefined ? { type: 'action', node_id: freshId(RELEASE_ID, used), action: 'Release', parameters: {} } : tree;
  const guard = {
    type: 'condition',
    node_id: freshId(GUARD_ID, used),
    description: 'on_counterparty_failure: hold — a payment to a participant announced as failed waits in Q1.',
    condition: { op: '==', left: { field: 'counterparty_failed' }, right: { value: 1 } },
    on_true: { type: 'action', node_id: freshId(HOLD_ID, used), action: 'Hold', parameters: { reason: { value: 'counterparty_failed' } } },
    on_false: onFalse,
  };
  return { ...effective, payment_tree: guard };
}

/** The reaction a well-formed spec asks for (the spec schema reports anything else). */
export function failureReactionOf(spec: Json): FailureReaction {
  return spec[ON_COUNTERPARTY_FAILURE] === 'hold' ? 'hold' : 'release';
}
