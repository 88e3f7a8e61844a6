// Evaluates a single DSL value or expression through the real compiler, for the acceptance
// examples that are about values rather than whole trees.

import {
  FieldSlots,
  compileExpression,
  compileValue,
  type EvalContext,
  type Site,
} from '../../src/policy/compile-values.js';
import type { PaymentView, PolicyStateView } from '../../src/policy/decision.js';
import type { ExpressionDoc, ValueDoc } from '../../src/policy/document.js';

function setUp(
  view: PolicyStateView,
  agent: number,
  tx: PaymentView,
  parameters: Readonly<Record<string, number>>,
): { site: Site; enter: () => EvalContext } {
  const slots = new FieldSlots();
  const site: Site = { tree: 'payment_tree', nodeId: 'N1', parameters, slots, treeSlots: new Set() };
  const enter = (): EvalContext => {
    const fields = new Float64Array(Math.max(1, slots.readers.length));
    slots.readers.forEach((read, i) => (fields[i] = read(view, agent)));
    return { view, agent, tick: view.tick, tx, fields, path: '' };
  };
  return { site, enter };
}

export function evalValue(
  v: unknown,
  view: PolicyStateView,
  agent: number,
  tx: PaymentView,
  parameters: Readonly<Record<string, number>> = {},
): number {
  const { site, enter } = setUp(view, agent, tx, parameters);
  const fn = compileValue(v as ValueDoc, site);
  return fn(enter());
}

export function evalExpression(
  e: unknown,
  view: PolicyStateView,
  agent: number,
  tx: PaymentView,
  parameters: Readonly<Record<string, number>> = {},
): boolean {
  const { site, enter } = setUp(view, agent, tx, parameters);
  const fn = compileExpression(e as ExpressionDoc, site);
  return fn(enter());
}
