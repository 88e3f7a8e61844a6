// Compiles a validated effective document into a CompiledPolicy (policy-dsl.md §5, §6, §8).
// Each tree becomes two closures: a plain one and one that records the decision path, so that
// with tracing off not even a flag is tested per node.

import {
  PolicyRunError,
  newPaymentDecision,
  type CollateralActionKind,
  type CollateralDecision,
  type CollateralLayer,
  type CompiledPolicy,
  type PaymentActionKind,
  type PaymentDecision,
  type PaymentView,
  type PolicyStateView,
} from './decision.js';
import type { ActionNodeDoc, NodeDoc, PolicyDocument, ValueDoc } from './document.js';
import {
  FieldSlots,
  compileExpression,
  compileValue,
  type EvalContext,
  type NumFn,
  type Site,
} from './compile-values.js';
import { DEFAULT_FLOW_WINDOW_TICKS, FLOW_WINDOW_TICKS, INITIAL_LIQUIDITY_FRACTION, type TreeKey } from './language.js';
import { NUM_SPLITS_MAX, NUM_SPLITS_MIN, convertArgument } from './numeric.js';

interface PaymentLeaf {
  readonly kind: PaymentActionKind;
  readonly nodeId: string;
  readonly reason: string | null;
  readonly numSplits: NumFn | null;
}

interface CollateralLeaf {
  readonly kind: CollateralActionKind;
  readonly nodeId: string;
  readonly reason: string | null;
  readonly amount: NumFn | null;
}

type Walker<L> = (c: EvalContext) => L;

interface CompiledTree<L> {
  readonly plain: Walker<L>;
  readonly traced: Walker<L>;
  /** Slots of the agent fields this tree reads, filled once per decide call. */
  readonly slots: readonly number[];
}

const PAYMENT_KINDS: Readonly<Record<string, PaymentActionKind>> = {
  Release: 'Release',
  ReleaseWithCredit: 'Release',
  Split: 'Split',
  PaceAndRelease: 'Split',
  Hold: 'Hold',
  Drop: 'Drop',
};

/** Never read: validation keeps payment fields out of collateral trees. */
const NO_PAYMENT: PaymentView = {
  receiver: 0,
  amount: 0,
  remaining: 0,
  arrivalTick: 0,
  deadlineTick: 0,
  priority: 0,
  divisible: false,
  parentId: -1,
};

function reasonOf(node: ActionNodeDoc): string | null {
  const reason: ValueDoc | undefined = node.parameters?.['reason'];
  return reason !== undefined && 'value' in reason && typeof reason.value === 'string' ? reason.value : null;
}

function argumentOf(node: ActionNodeDoc, name: string, site: Site): NumFn | null {
  const arg = node.parameters?.[name];
  return arg === undefined ? null : compileValue(arg, site);
}

function compileTree<L>(
  root: NodeDoc,
  tree: TreeKey,
  parameters: Readonly<Record<string, number>>,
  slots: FieldSlots,
  leafOf: (node: ActionNodeDoc, site: Site) => L,
): CompiledTree<L> {
  const treeSlots = new Set<number>();
  const build = (node: NodeDoc): { plain: Walker<L>; traced: Walker<L> } => {
    const site: Site = { tree, nodeId: node.node_id, parameters, slots, treeSlots };
    if (node.type === 'action') {
      const leaf = leafOf(node, site);
      const walk = (): L => leaf;
      return { plain: walk, traced: walk };
    }
    const test = compileExpression(node.condition, site);
    const yes = build(node.on_true);
    const no = build(node.on_false);
    const plainYes = yes.plain;
    const plainNo = no.plain;
    const tracedYes = yes.traced;
    const tracedNo = no.traced;
    const onTrue = `${node.node_id}(true) → `;
    const onFalse = `${node.node_id}(false) → `;
    return {
      plain: (c) => (test(c) ? plainYes(c) : plainNo(c)),
      traced: (c) => {
        if (test(c)) {
          c.path += onTrue;
          return tracedYes(c);
        }
        c.path += onFalse;
        return tracedNo(c);
      },
    };
  };
  const built = build(root);
  return { ...built, slots: [...treeSlots].sort((a, b) => a - b) };
}

function paymentLeaf(node: ActionNodeDoc, site: Site): PaymentLeaf {
  const kind = PAYMENT_KINDS[node.action]!;
  return {
    kind,
    nodeId: node.node_id,
    reason: kind === 'Hold' ? reasonOf(node) : null,
    numSplits: kind === 'Split' ? argumentOf(node, 'num_splits', site) : null,
  };
}

function collateralLeaf(node: ActionNodeDoc, site: Site): CollateralLeaf {
  return {
    kind: node.action as CollateralActionKind,
    nodeId: node.node_id,
    reason: reasonOf(node),
    amount: argumentOf(node, 'amount', site),
  };
}

class CompiledTreePolicy implements CompiledPolicy {
  readonly name: string;
  readonly hash: string;
  readonly hasPaymentTree: boolean;
  readonly hasStrategicCollateralTree: boolean;
  readonly hasEndOfTickCollateralTree: boolean;
  readonly initialLiquidityFraction: number | null;
  readonly flowWindowTicks: number | null;

  private readonly payment: CompiledTree<PaymentLeaf> | null;
  private readonly strategic: CompiledTree<CollateralLeaf> | null;
  private readonly endOfTick: CompiledTree<CollateralLeaf> | null;
  private readonly readers: FieldSlots['readers'];
  private readonly ctx: EvalContext;

  constructor(doc: PolicyDocument, hash: string) {
    const slots = new FieldSlots();
    const parameters = doc.parameters;
    const tree = <L>(root: NodeDoc | null | undefined, key: TreeKey, leaf: (n: ActionNodeDoc, s: Site) => L) =>
      root === null || root === undefined ? null : compileTree(root, key, parameters, slots, leaf);
    this.name = doc.policy_id;
    this.hash = hash;
    this.payment = tree(doc.payment_tree, 'payment_tree', paymentLeaf);
    this.strategic = tree(doc.strategic_collateral_tree, 'strategic_collateral_tree', collateralLeaf);
    this.endOfTick = tree(doc.end_of_tick_collateral_tree, 'end_of_tick_collateral_tree', collateralLeaf);
    this.hasPaymentTree = this.payment !== null;
    this.hasStrategicCollateralTree = this.strategic !== null;
    this.hasEndOfTickCollateralTree = this.endOfTick !== null;
    this.initialLiquidityFraction = parameters[INITIAL_LIQUIDITY_FRACTION] ?? null;
    this.flowWindowTicks = slots.readsFlows ? parameters[FLOW_WINDOW_TICKS] ?? DEFAULT_FLOW_WINDOW_TICKS : null;
    this.readers = slots.readers;
    this.ctx = {
      view: undefined as unknown as PolicyStateView,
      agent: 0,
      tick: 0,
      tx: NO_PAYMENT,
      fields: new Float64Array(Math.max(1, slots.readers.length)),
      path: '',
    };
  }

  private enter(view: PolicyStateView, agent: number, slots: readonly number[]): EvalContext {
    const c = this.ctx;
    c.view = view;
    c.agent = agent;
    c.tick = view.tick;
    c.tx = NO_PAYMENT;
    c.path = '';
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      c.fields[slot] = this.readers[slot]!(view, agent);
    }
    return c;
  }

  decidePayments(
    view: PolicyStateView,
    agent: number,
    q1: readonly number[],
    txs: readonly PaymentView[],
    out: PaymentDecision[],
    trace: boolean,
  ): void {
    const tree = this.payment;
    if (tree === null) {
      for (let i = 0; i < q1.length; i++) releaseWithoutTree((out[i] ??= newPaymentDecision()), trace);
      return;
    }
    const c = this.enter(view, agent, tree.slots);
    const walk = trace ? tree.traced : tree.plain;
    for (let i = 0; i < q1.length; i++) {
      c.tx = txs[q1[i]!]!;
      c.path = '';
      const leaf = walk(c);
      const d = (out[i] ??= newPaymentDecision());
      d.action = leaf.kind;
      d.nodeId = leaf.nodeId;
      d.reason = leaf.reason;
      d.numSplits = leaf.numSplits === null ? 0 : checkedSplits(leaf.numSplits(c), c, leaf.nodeId);
      d.path = trace ? c.path + leaf.nodeId : null;
    }
  }

  decideCollateral(
    layer: CollateralLayer,
    view: PolicyStateView,
    agent: number,
    trace: boolean,
  ): CollateralDecision | null {
    const tree = layer === 'strategic' ? this.strategic : this.endOfTick;
    if (tree === null) return null;
    const c = this.enter(view, agent, tree.slots);
    const leaf = (trace ? tree.traced : tree.plain)(c);
    return {
      action: leaf.kind,
      amount: leaf.amount === null ? 0 : convertArgument(leaf.amount(c)),
      reason: leaf.reason,
      nodeId: leaf.nodeId,
      path: trace ? c.path + leaf.nodeId : null,
    };
  }
}

function releaseWithoutTree(d: PaymentDecision, trace: boolean): void {
  d.action = 'Release';
  d.numSplits = 0;
  d.reason = null;
  d.nodeId = '';
  d.path = trace ? '' : null;
}

function checkedSplits(raw: number, c: EvalContext, nodeId: string): number {
  const n = convertArgument(raw);
  if (n < NUM_SPLITS_MIN || n > NUM_SPLITS_MAX) {
    throw new PolicyRunError('invalid_num_splits', {
      agent: c.view.agentId(c.agent),
      tick: c.tick,
      tree: 'payment_tree',
      nodeId,
      message: `num_splits ${raw} converts to ${n}, outside ${NUM_SPLITS_MIN}..${NUM_SPLITS_MAX} (node ${nodeId})`,
    });
  }
  return n;
}

/** Compiles a validated effective document; `hash` is its identity (see identity.ts). */
export function compilePolicy(doc: PolicyDocument, hash: string): CompiledPolicy {
  return new CompiledTreePolicy(doc, hash);
}
