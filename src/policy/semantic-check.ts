// Checks 2–6 of policy-dsl.md §7.1 (node ids, depth, fields, parameters, constant zero divisors).
// The walk is tolerant: it runs on documents that failed the schema too, following whatever
// recognisable structure is there, so that one pass reports every problem.

import { isAgentField, isPaymentField, AGENT_FIELD_NAMES, PAYMENT_FIELD_NAMES } from './fields.js';
import { formatPath, type PathSegment, type ValidationIssue } from '../input/issues.js';
import {
  CONDITION_DEPTH_MAX,
  EXPRESSION_DEPTH_MAX,
  TREE_KEYS,
  treeKindOf,
  type TreeKind,
} from './language.js';
import { DIVISOR_EPSILON } from './numeric.js';
import { isObject } from './schema-check.js';
import { closestName } from './suggest.js';

/** Operand keys of computations and comparisons, in the evaluation order of §2. */
const OPERAND_KEYS = ['left', 'right', 'value', 'min', 'max', 'numerator', 'denominator', 'default'] as const;

interface Walk {
  /** The file the document is in (the issues name it). */
  readonly file: string;
  readonly issues: ValidationIssue[];
  readonly parameters: ReadonlyMap<string, number>;
  readonly seenIds: Map<string, readonly PathSegment[]>;
  readonly usedParams: Set<string>;
}

interface Place {
  readonly kind: TreeKind;
  readonly nodeId: string | null;
}

interface Found {
  readonly path: readonly PathSegment[];
  readonly code: string;
  readonly message: string;
  readonly nodeId: string | null;
}

function report(w: Walk, found: Found): void {
  w.issues.push({ file: w.file, path: formatPath('', found.path), code: found.code, message: found.message, node_id: found.nodeId });
}

function literalNumber(v: Record<string, unknown>): number | null {
  const x = v['value'];
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  return null;
}

function checkField(w: Walk, name: string, path: PathSegment[], place: Place): void {
  if (isAgentField(name)) return;
  if (isPaymentField(name)) {
    if (place.kind === 'collateral') {
      report(w, {
        path,
        code: 'field_not_in_tree',
        message: `"${name}" is a payment field; collateral trees have no payment to read it from`,
        nodeId: place.nodeId,
      });
    }
    return;
  }
  const known = place.kind === 'payment' ? [...PAYMENT_FIELD_NAMES, ...AGENT_FIELD_NAMES] : AGENT_FIELD_NAMES;
  const guess = closestName(name, known);
  report(w, {
    path,
    code: 'unknown_field',
    message: `unknown field "${name}"${guess === null ? '' : ` (did you mean "${guess}"?)`}`,
    nodeId: place.nodeId,
  });
}

function checkParam(w: Walk, name: string, path: PathSegment[], place: Place): void {
  w.usedParams.add(name);
  if (w.parameters.has(name)) return;
  const guess = closestName(name, [...w.parameters.keys()]);
  report(w, {
    path,
    code: 'unknown_param',
    message: `parameter "${name}" is not defined${guess === null ? '' : ` (did you mean "${guess}"?)`}`,
    nodeId: place.nodeId,
  });
}

function checkDivisor(w: Walk, right: unknown, path: PathSegment[], place: Place): void {
  if (!isObject(right)) return;
  let divisor: number | null = null;
  let source = '';
  if ('value' in right) {
    divisor = literalNumber(right);
    source = `the literal ${String(right['value'])}`;
  } else if (typeof right['param'] === 'string') {
    divisor = w.parameters.get(right['param']) ?? null;
    source = `parameter "${right['param']}" = ${String(divisor)}`;
  }
  if (divisor !== null && Math.abs(divisor) < DIVISOR_EPSILON) {
    report(w, {
      path,
      code: 'zero_divisor',
      message: `division by ${source}, which is zero (use div0 to give a default)`,
      nodeId: place.nodeId,
    });
  }
}

function tooDeep(w: Walk, path: PathSegment[], place: Place, what: string): void {
  report(w, { path, code: 'too_deep', message: what, nodeId: place.nodeId });
}

function walkValue(w: Walk, v: unknown, path: PathSegment[], place: Place, level: number): void {
  if (!isObject(v)) return;
  if (typeof v['field'] === 'string') checkField(w, v['field'], [...path, 'field'], place);
  if (typeof v['param'] === 'string') checkParam(w, v['param'], [...path, 'param'], place);
  if ('compute' in v) walkCompute(w, v['compute'], [...path, 'compute'], place, level + 1);
}

function walkCompute(w: Walk, c: unknown, path: PathSegment[], place: Place, level: number): void {
  if (!isObject(c)) return;
  if (level > EXPRESSION_DEPTH_MAX) {
    tooDeep(w, path, place, `expressions and computations nest more than ${EXPRESSION_DEPTH_MAX} levels`);
    return;
  }
  for (const key of OPERAND_KEYS) {
    if (key in c) walkValue(w, c[key], [...path, key], place, level);
  }
  const values = c['values'];
  if (Array.isArray(values)) values.forEach((item, i) => walkValue(w, item, [...path, 'values', i], place, level));
  if (c['op'] === '/') checkDivisor(w, c['right'], [...path, 'right'], place);
}

function walkExpression(w: Walk, e: unknown, path: PathSegment[], place: Place, level: number): void {
  if (!isObject(e)) return;
  if (level > EXPRESSION_DEPTH_MAX) {
    tooDeep(w, path, place, `expressions and computations nest more than ${EXPRESSION_DEPTH_MAX} levels`);
    return;
  }
  if ('left' in e) walkValue(w, e['left'], [...path, 'left'], place, level);
  if ('right' in e) walkValue(w, e['right'], [...path, 'right'], place, level);
  const conditions = e['conditions'];
  if (Array.isArray(conditions)) {
    conditions.forEach((item, i) => walkExpression(w, item, [...path, 'conditions', i], place, level + 1));
  }
  if ('condition' in e) walkExpression(w, e['condition'], [...path, 'condition'], place, level + 1);
}

function looksLikeCondition(node: Record<string, unknown>): boolean {
  if (node['type'] === 'condition') return true;
  if (node['type'] === 'action') return false;
  return 'condition' in node || 'on_true' in node || 'on_false' in node;
}

function walkNode(
  w: Walk,
  node: unknown,
  path: PathSegment[],
  kind: TreeKind,
  inherited: string | null,
  conditionDepth: number,
): void {
  if (!isObject(node)) return;
  const rawId = node['node_id'];
  const ownId = typeof rawId === 'string' && rawId !== '' ? rawId : null;
  const place: Place = { kind, nodeId: ownId ?? inherited };
  if (ownId !== null) {
    const first = w.seenIds.get(ownId);
    if (first === undefined) w.seenIds.set(ownId, path);
    else {
      report(w, {
        path: [...path, 'node_id'],
        code: 'duplicate_node_id',
        message: `node id "${ownId}" is already used by the node at ${formatPath('', first)}`,
        nodeId: ownId,
      });
    }
  }
  if (looksLikeCondition(node)) {
    if (conditionDepth + 1 > CONDITION_DEPTH_MAX) {
      tooDeep(w, path, place, `more than ${CONDITION_DEPTH_MAX} condition nodes on one path from the root`);
      return;
    }
    walkExpression(w, node['condition'], [...path, 'condition'], place, 1);
    for (const branch of ['on_true', 'on_false'] as const) {
      walkNode(w, node[branch], [...path, branch], kind, place.nodeId, conditionDepth + 1);
    }
    return;
  }
  const parameters = node['parameters'];
  if (isObject(parameters)) {
    for (const [name, value] of Object.entries(parameters)) {
      walkValue(w, value, [...path, 'parameters', name], place, 0);
    }
  }
}

export interface SemanticResult {
  readonly issues: ValidationIssue[];
  /** Every name read by a `param` in any tree (overrides of these are accepted, §1). */
  readonly usedParams: ReadonlySet<string>;
}

/** Runs checks 2–6 against `parameters`, the effective (merged) parameters of the document. */
export function semanticIssues(doc: unknown, parameters: ReadonlyMap<string, number>, file: string): SemanticResult {
  const w: Walk = { file, issues: [], parameters, seenIds: new Map(), usedParams: new Set() };
  if (!isObject(doc)) return w;
  for (const key of TREE_KEYS) {
    walkNode(w, doc[key], [key], treeKindOf(key), null, 0);
  }
  return w;
}
