// Compiles values, computations and expressions of a validated document into closures over an
// evaluation context (policy-dsl.md §3, §8): parameters become constants, fields become slot
// reads, operators are chosen once. Evaluating a closure walks no JSON and looks nothing up by name.

import { PolicyRunError, type PaymentView, type PolicyStateView } from './decision.js';
import type { ComputeDoc, ExpressionDoc, ValueDoc } from './document.js';
import { AGENT_FIELDS, FLOW_FIELDS, PAYMENT_FIELDS, type AgentFieldReader } from './fields.js';
import type { TreeKey } from './language.js';
import {
  COMPARISONS,
  type ComparisonOp,
  DIV0_EPSILON,
  DIVISOR_EPSILON,
  clampValue,
  maxStep,
  minStep,
  roundHalfAway,
} from './numeric.js';

/** Mutable scratch of one compiled policy; set up at the start of each decide call. */
export interface EvalContext {
  view: PolicyStateView;
  agent: number;
  tick: number;
  /** The payment being decided (a placeholder in collateral trees, which cannot read it). */
  tx: PaymentView;
  /** Agent and system fields, by slot, read once per decide call. */
  readonly fields: Float64Array;
  /** The decision path being built; only touched by the traced variant of a tree. */
  path: string;
}

export type NumFn = (c: EvalContext) => number;
export type BoolFn = (c: EvalContext) => boolean;

/** Assigns each agent field a slot in EvalContext.fields, shared by all trees of a policy. */
export class FieldSlots {
  private readonly slots = new Map<string, number>();
  readonly readers: AgentFieldReader[] = [];
  /** Whether some tree reads a flow field (the engine then keeps the agent's flow window). */
  readsFlows = false;

  slotOf(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.readers.length;
      this.slots.set(name, slot);
      this.readers.push(AGENT_FIELDS[name]!);
    }
    return slot;
  }
}

/** What a closure needs to know about where it sits, for run errors and field slots. */
export interface Site {
  readonly tree: TreeKey;
  readonly nodeId: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly slots: FieldSlots;
  /** Slots this tree reads; the decide call fills exactly these. */
  readonly treeSlots: Set<number>;
}

/** A compiled value, with its constant when it has one (literals and parameters). */
interface Compiled {
  readonly fn: NumFn;
  readonly constant: number | null;
}

const constant = (k: number): Compiled => ({ fn: () => k, constant: k });
const dynamic = (fn: NumFn): Compiled => ({ fn, constant: null });

function runError(c: EvalContext, site: Site, message: string): PolicyRunError {
  return new PolicyRunError('division_by_zero', {
    agent: c.view.agentId(c.agent),
    tick: c.tick,
    tree: site.tree,
    nodeId: site.nodeId,
    message,
  });
}

function compileField(name: string, site: Site): Compiled {
  if (FLOW_FIELDS.has(name)) site.slots.readsFlows = true;
  const payment = PAYMENT_FIELDS[name];
  if (payment !== undefined) return dynamic((c) => payment(c.tx, c.tick, c.view, c.agent));
  const slot = site.slots.slotOf(name);
  site.treeSlots.add(slot);
  return dynamic((c) => c.fields[slot]!);
}

function compileValueDoc(v: ValueDoc, site: Site): Compiled {
  if ('field' in v) return compileField(v.field, site);
  if ('param' in v) return constant(site.parameters[v.param]!);
  if ('value' in v) return constant(typeof v.value === 'boolean' ? (v.value ? 1 : 0) : Number(v.value));
  return compileCompute(v.compute, site);
}

export function compileValue(v: ValueDoc, site: Site): NumFn {
  return compileValueDoc(v, site).fn;
}

function compileDivision(left: NumFn, right: Compiled, site: Site): NumFn {
  const r = right.fn;
  return (c) => {
    const a = left(c);
    const b = r(c);
    if (Math.abs(b) < DIVISOR_EPSILON) {
      throw runError(c, site, `division by zero in node ${site.nodeId}: ${a} / ${b}`);
    }
    return a / b;
  };
}

function compileCompute(d: ComputeDoc, site: Site): Compiled {
  switch (d.op) {
    case '+': {
      const l = compileValue(d.left, site);
      const r = compileValue(d.right, site);
      return dynamic((c) => l(c) + r(c));
    }
    case '-': {
      const l = compileValue(d.left, site);
      const r = compileValue(d.right, site);
      return dynamic((c) => l(c) - r(c));
    }
    case '*': {
      const l = compileValue(d.left, site);
      const r = compileValue(d.right, site);
      return dynamic((c) => l(c) * r(c));
    }
    case '/':
      return dynamic(compileDivision(compileValue(d.left, site), compileValueDoc(d.right, site), site));
    case 'max': {
      const items = d.values.map((x) => compileValue(x, site));
      return dynamic((c) => {
        let m = -Infinity;
        for (let i = 0; i < items.length; i++) m = maxStep(m, items[i]!(c));
        return m;
      });
    }
    case 'min': {
      const items = d.values.map((x) => compileValue(x, site));
      return dynamic((c) => {
        let m = Infinity;
        for (let i = 0; i < items.length; i++) m = minStep(m, items[i]!(c));
        return m;
      });
    }
    case 'ceil': {
      const x = compileValue(d.value, site);
      return dynamic((c) => Math.ceil(x(c)));
    }
    case 'floor': {
      const x = compileValue(d.value, site);
      return dynamic((c) => Math.floor(x(c)));
    }
    case 'round': {
      const x = compileValue(d.value, site);
      return dynamic((c) => roundHalfAway(x(c)));
    }
    case 'abs': {
      const x = compileValue(d.value, site);
      return dynamic((c) => Math.abs(x(c)));
    }
    case 'clamp': {
      const x = compileValue(d.value, site);
      const lo = compileValue(d.min, site);
      const hi = compileValue(d.max, site);
      return dynamic((c) => {
        const value = x(c);
        const low = lo(c);
        return clampValue(value, low, hi(c));
      });
    }
    case 'div0': {
      const n = compileValue(d.numerator, site);
      const den = compileValue(d.denominator, site);
      const fallback = compileValue(d.default, site);
      return dynamic((c) => {
        const a = n(c);
        const b = den(c);
        return Math.abs(b) < DIV0_EPSILON ? fallback(c) : a / b;
      });
    }
  }
}

function compileComparison(op: ComparisonOp, left: NumFn, right: Compiled): BoolFn {
  const holds = COMPARISONS[op];
  // A constant right side (the common `field <= param x`) saves a call per comparison.
  if (right.constant !== null) {
    const k = right.constant;
    return (c) => holds(left(c), k);
  }
  const r = right.fn;
  return (c) => holds(left(c), r(c));
}

export function compileExpression(e: ExpressionDoc, site: Site): BoolFn {
  switch (e.op) {
    case 'and': {
      const items = e.conditions.map((x) => compileExpression(x, site));
      return (c) => {
        for (let i = 0; i < items.length; i++) if (!items[i]!(c)) return false;
        return true;
      };
    }
    case 'or': {
      const items = e.conditions.map((x) => compileExpression(x, site));
      return (c) => {
        for (let i = 0; i < items.length; i++) if (items[i]!(c)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileExpression(e.condition, site);
      return (c) => !inner(c);
    }
    default:
      return compileComparison(e.op, compileValue(e.left, site), compileValueDoc(e.right, site));
  }
}
