// The built-in policy types of policy-dsl.md §1 and §9: each is an embedded tree whose parameters
// are the spec's keys. A built-in is nothing but that tree with its keys injected, so it shares
// its hash and behaviour with `{type: Tree, file: <its file>, parameters: <the same>}`.

// The trees are the shipped files themselves, imported as JSON modules (the build copies them to
// dist/scenarios/policies/): the engine needs no file at run time, and a built-in and its file
// cannot drift apart.
import DEADLINE_TREE from '../../scenarios/policies/deadline.json' with { type: 'json' };
import FIFO_TREE from '../../scenarios/policies/fifo.json' with { type: 'json' };
import LIQUIDITY_AWARE_TREE from '../../scenarios/policies/liquidity_aware.json' with { type: 'json' };
import LIQUIDITY_SPLITTING_TREE from '../../scenarios/policies/liquidity_splitting.json' with { type: 'json' };

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
type Tree = { readonly [key: string]: JsonValue };

/** A JSON module's value is JSON; TypeScript's inferred type for it (optional keys) does not say so. */
const tree = (doc: object): Tree => doc as Tree;

export interface BuiltinKey {
  readonly name: string;
  readonly default: number;
  readonly minimum: number;
  readonly maximum: number;
  readonly description: string;
}

export interface BuiltinPolicy {
  readonly type: string;
  /** The shipped file, relative to scenarios/. */
  readonly file: string;
  readonly tree: Tree;
  readonly keys: readonly BuiltinKey[];
}

/** Resolved policies expose their documents; freezing keeps a caller from altering a built-in. */
function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    for (const child of Object.values(x)) deepFreeze(child);
    Object.freeze(x);
  }
  return x;
}

const URGENCY: BuiltinKey = {
  name: 'urgency_threshold',
  default: 5,
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'A payment due within this many ticks is urgent.',
};

export const BUILTIN_POLICIES: readonly BuiltinPolicy[] = [
  { type: 'Fifo', file: 'policies/fifo.json', tree: deepFreeze(tree(FIFO_TREE)), keys: [] },
  { type: 'Deadline', file: 'policies/deadline.json', tree: deepFreeze(tree(DEADLINE_TREE)), keys: [URGENCY] },
  {
    type: 'LiquidityAware',
    file: 'policies/liquidity_aware.json',
    tree: deepFreeze(tree(LIQUIDITY_AWARE_TREE)),
    keys: [
      {
        name: 'target_buffer',
        default: 50_000,
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Cents of balance to keep after a non-urgent payment.',
      },
      URGENCY,
    ],
  },
  {
    type: 'LiquiditySplitting',
    file: 'policies/liquidity_splitting.json',
    tree: deepFreeze(tree(LIQUIDITY_SPLITTING_TREE)),
    keys: [
      {
        name: 'max_splits',
        default: 4,
        minimum: 2,
        maximum: 10,
        description: 'Most parts an urgent payment is split into.',
      },
      {
        name: 'min_split_amount',
        default: 10_000,
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Smallest part in cents; payments below twice this are released whole.',
      },
    ],
  },
];

export function builtinPolicy(type: string): BuiltinPolicy | null {
  return BUILTIN_POLICIES.find((b) => b.type === type) ?? null;
}
