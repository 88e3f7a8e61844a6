// The vocabulary of a policy document (policy-dsl.md §2, §5): tree keys, node kinds, operators,
// actions and the arguments each action takes. The schema, the checks and the compiler all read
// these tables, so a word is added in one place.

export type TreeKind = 'payment' | 'collateral';

export type TreeKey = 'payment_tree' | 'strategic_collateral_tree' | 'end_of_tick_collateral_tree';

/** The trees in document order (the order node ids are walked in, §7.1 check 2). */
export const TREE_KEYS: readonly TreeKey[] = [
  'payment_tree',
  'strategic_collateral_tree',
  'end_of_tick_collateral_tree',
];

export function treeKindOf(key: TreeKey): TreeKind {
  return key === 'payment_tree' ? 'payment' : 'collateral';
}

export function isTreeKey(key: string): key is TreeKey {
  return (TREE_KEYS as readonly string[]).includes(key);
}

export const COMPARISON_OPS = ['==', '!=', '<', '<=', '>', '>='] as const;
export const LOGICAL_OPS = ['and', 'or'] as const;
export const BINARY_COMPUTE_OPS = ['+', '-', '*', '/'] as const;
export const LIST_COMPUTE_OPS = ['max', 'min'] as const;
export const UNARY_COMPUTE_OPS = ['ceil', 'floor', 'round', 'abs'] as const;

export const EXPRESSION_OPS: readonly string[] = [...COMPARISON_OPS, ...LOGICAL_OPS, 'not'];
export const COMPUTE_OPS: readonly string[] = [
  ...BINARY_COMPUTE_OPS,
  ...LIST_COMPUTE_OPS,
  ...UNARY_COMPUTE_OPS,
  'clamp',
  'div0',
];

/** How an action argument is written: a numeric value, or a string literal (`reason`). */
export type ArgumentKind = 'num_splits' | 'amount' | 'reason';

export interface ActionSpec {
  readonly name: string;
  readonly arguments: readonly ArgumentKind[];
  readonly required: readonly ArgumentKind[];
}

export const PAYMENT_ACTIONS: readonly ActionSpec[] = [
  { name: 'Release', arguments: [], required: [] },
  { name: 'ReleaseWithCredit', arguments: [], required: [] },
  { name: 'Split', arguments: ['num_splits'], required: ['num_splits'] },
  { name: 'PaceAndRelease', arguments: ['num_splits'], required: ['num_splits'] },
  { name: 'Hold', arguments: ['reason'], required: [] },
  { name: 'Drop', arguments: [], required: [] },
];

export const COLLATERAL_ACTIONS: readonly ActionSpec[] = [
  { name: 'PostCollateral', arguments: ['amount', 'reason'], required: ['amount'] },
  { name: 'WithdrawCollateral', arguments: ['amount', 'reason'], required: ['amount'] },
  { name: 'HoldCollateral', arguments: [], required: [] },
];

export function actionsOf(kind: TreeKind): readonly ActionSpec[] {
  return kind === 'payment' ? PAYMENT_ACTIONS : COLLATERAL_ACTIONS;
}

/** Limits of §7.1 check 3. */
export const CONDITION_DEPTH_MAX = 100;
export const EXPRESSION_DEPTH_MAX = 100;

export const PARAMETER_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/** Read by the engine (engine.md §9b); always accepted as an override, must lie in [0, 1]. */
export const INITIAL_LIQUIDITY_FRACTION = 'initial_liquidity_fraction';

/**
 * Read by the engine: the flow window K, in ticks, of a policy that reads a flow field
 * (`recent_inflow`, `recent_outflow`, `counterparty_recent_inflow`; docs/policies.md). Always
 * accepted as an override; an integer ≥ 1.
 */
export const FLOW_WINDOW_TICKS = 'flow_window_ticks';
export const DEFAULT_FLOW_WINDOW_TICKS = 10;
export const FLOW_WINDOW_TICKS_MAX = 1_000_000;

/** The parameters the engine reads, with their schemas (also accepted as overrides of any policy). */
export const ENGINE_PARAMETER_SCHEMAS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  [INITIAL_LIQUIDITY_FRACTION]: { type: 'number', minimum: 0, maximum: 1 },
  [FLOW_WINDOW_TICKS]: { type: 'integer', minimum: 1, maximum: FLOW_WINDOW_TICKS_MAX },
};
