// policy-dsl.md §7: broken trees are rejected with every error at once, each naming the file, the
// JSON path and the node; and the scenario's policy forms of §1 are checked where they stand.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePolicySpec } from '../../src/policy/resolve.js';
import { validatePolicyDocument } from '../../src/policy/validate.js';
import { validatePolicyFile } from '../../src/policy/validate-file.js';
import { SCENARIO_CONTEXT, SCENARIOS } from './policies.js';

const scratch = mkdtempSync(resolve(tmpdir(), 'paysim-policy-'));

function writeJson(name: string, value: unknown): string {
  const file = resolve(scratch, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

const release = (id: string) => ({ type: 'action', node_id: id, action: 'Release' });
const cmp = (op: string, left: unknown, right: unknown) => ({ op, left, right });

function issuesOf(spec: unknown, context = SCENARIO_CONTEXT) {
  const r = resolvePolicySpec(spec, context);
  return r.ok ? [] : r.issues.map((i) => [i.file, i.path, i.code, i.node_id ?? null]);
}

describe('a broken tree: all errors at once, each with file, path and node id', () => {
  const broken = {
    version: '1.0',
    policy_id: 'broken',
    payment_tree: {
      type: 'condition', node_id: 'N1',
      condition: { op: 'and', conditions: [
        cmp('>', { field: 'avaliable_liquidity' }, { param: 'buffer' }),
        cmp('<', { compute: { op: '/', left: { field: 'amount' }, right: { value: 0 } } }, { value: 3 }),
      ] },
      on_true: {
        type: 'condition', node_id: 'N2',
        condition: cmp('>=', { field: 'balance' }, { value: 0 }),
        on_true: { type: 'action', node_id: 'A1', action: 'Split', parameters: {} },
        on_false: { type: 'action', node_id: 'N1', action: 'Release' },
      },
      on_false: { type: 'action', node_id: 'A3', action: 'WithdrawCollateral', parameters: { amount: { value: 5 } } },
    },
    strategic_collateral_tree: {
      type: 'action', node_id: 'S1', action: 'PostCollateral', parameters: { amount: { feild: 'credit_limit' } },
    },
    parameters: { target: 1 },
  };

  it('a standalone file', () => {
    const file = writeJson('broken.json', broken);
    const issues = validatePolicyFile(file);
    expect(issues.map((i) => [i.path, i.code, i.node_id])).toEqual([
      ['payment_tree.condition.conditions[0].left.field', 'unknown_field', 'N1'],
      ['payment_tree.condition.conditions[0].right.param', 'unknown_param', 'N1'],
      ['payment_tree.condition.conditions[1].left.compute.right', 'zero_divisor', 'N1'],
      ['payment_tree.on_false.action', 'schema', 'A3'],
      ['payment_tree.on_true.on_false.node_id', 'duplicate_node_id', 'N1'],
      ['payment_tree.on_true.on_true.parameters.num_splits', 'schema', 'A1'],
      ['strategic_collateral_tree.parameters.amount.feild', 'schema', 'S1'],
    ]);
    expect(new Set(issues.map((i) => i.file))).toEqual(new Set([file]));
    expect(issues[0]!.message).toContain('did you mean "available_liquidity"');
    expect(issues[3]!.message).toContain('"WithdrawCollateral" is not a payment-tree action');
    expect(issues[5]!.message).toBe('required key "num_splits" is missing');
    expect(issues[6]!.message).toBe('unknown key (expected one of field, param, value, compute)');
  });

  it('the same tree inline in a scenario: paths under agents[k].policy.tree, file = the scenario', () => {
    const issues = issuesOf({ type: 'Tree', tree: broken });
    expect(issues).toHaveLength(7);
    expect(issues[0]).toEqual(['scenario.yaml', 'agents[3].policy.tree.payment_tree.condition.conditions[0].left.field', 'unknown_field', 'N1']);
  });

  it('the same tree as a file of a scenario: the issues name the policy file', () => {
    writeJson('broken_ref.json', broken);
    const issues = issuesOf({ type: 'Tree', file: 'broken_ref.json' }, { file: 's.yaml', baseDir: scratch, path: 'agents[0].policy' });
    expect(issues).toHaveLength(7);
    expect(issues[3]).toEqual([resolve(scratch, 'broken_ref.json'), 'payment_tree.on_false.action', 'schema', 'A3']);
  });

  it('a misspelt key on a node, a bad operator and a bad node type', () => {
    const doc = {
      version: '1.0', policy_id: 'x',
      payment_tree: {
        type: 'condition', node_id: 'N1', condtion: cmp('>', { field: 'balance' }, { value: 0 }),
        condition: cmp('=>', { field: 'balance' }, { value: 0 }),
        on_true: { type: 'Action', node_id: 'A1' },
        on_false: { type: 'action', node_id: 'A2', action: 'Hold', parameters: { reason: { value: 'x' } }, comment: 'ok' },
      },
    };
    expect(validatePolicyDocument(doc, 'x.json').map((i) => [i.path, i.code, i.node_id, i.message])).toEqual([
      ['payment_tree.condition.op', 'schema', 'N1', expect.stringContaining('"=>" is not an expression operator')],
      ['payment_tree.condtion', 'schema', 'N1', expect.stringContaining('unknown key (expected one of')],
      ['payment_tree.on_true.type', 'schema', 'A1', expect.stringContaining('"Action" is not a node type')],
    ]);
  });

  it('a collateral action in the payment tree is one error: its arguments go unchecked', () => {
    const doc = {
      version: '1.0', policy_id: 'x',
      payment_tree: { type: 'action', node_id: 'A1', action: 'PostCollateral', parameters: { amount: { value: -1 }, x: 1 } },
    };
    expect(validatePolicyDocument(doc, 'x.json').map((i) => [i.path, i.code])).toEqual([['payment_tree.action', 'schema']]);
  });

  it('document-level rules: version "1.0", policy_id, empty and/or, literal kinds, parameter values', () => {
    const doc = {
      version: '2', policy_id: '',
      payment_tree: {
        type: 'condition', node_id: 'N1', condition: { op: 'or', conditions: [] },
        on_true: { type: 'action', node_id: 'A1', action: 'Split', parameters: { num_splits: { value: true } } },
        on_false: { type: 'action', node_id: 'A2', action: 'Hold', parameters: { reason: { field: 'balance' } } },
      },
      end_of_tick_collateral_tree: { type: 'action', node_id: 'E1', action: 'PostCollateral', parameters: { amount: { value: 0 } } },
      parameters: { initial_liquidity_fraction: 1.5 },
    };
    expect(validatePolicyDocument(doc, 'x.json').map((i) => [i.path, i.message])).toEqual([
      ['end_of_tick_collateral_tree.parameters.amount.value', 'must be > 0'],
      ['parameters.initial_liquidity_fraction', 'must be ≤ 1'],
      ['payment_tree.condition.conditions', 'must have at least 1 item'],
      ['payment_tree.on_false.parameters.reason.field', 'unknown key (expected one of value)'],
      ['payment_tree.on_false.parameters.reason.value', 'required key "value" is missing'],
      ['payment_tree.on_true.parameters.num_splits.value', 'must be an integer'],
      ['policy_id', 'must not be empty'],
      ['version', 'must be "1.0"'],
    ]);
  });

  it('a value with two keys, or none', () => {
    const doc = {
      version: '1.0', policy_id: 'x',
      payment_tree: {
        type: 'condition', node_id: 'N1', condition: cmp('>', { field: 'balance', value: 1 }, {}),
        on_true: release('A1'), on_false: release('A2'),
      },
    };
    expect(validatePolicyDocument(doc, 'x.json').map((i) => [i.path, i.code])).toEqual([
      ['payment_tree.condition.left', 'schema'],
      ['payment_tree.condition.right', 'schema'],
    ]);
  });

  it('too deep: 101 condition nodes on one path', () => {
    let node: unknown = release('A0');
    for (let i = 101; i >= 1; i--) {
      node = { type: 'condition', node_id: `N${i}`, condition: cmp('>', { field: 'balance' }, { value: 0 }), on_true: node, on_false: release(`B${i}`) };
    }
    const issues = validatePolicyDocument({ version: '1.0', policy_id: 'deep', payment_tree: node }, 'deep.json');
    expect(issues.map((i) => [i.code, i.node_id])).toEqual([['too_deep', 'N101']]);
    expect(issues[0]!.path).toBe(`payment_tree${'.on_true'.repeat(100)}`);
  });

  it('100 condition nodes on one path is fine; so is an expression 100 levels deep', () => {
    let node: unknown = release('A0');
    for (let i = 100; i >= 1; i--) {
      node = { type: 'condition', node_id: `N${i}`, condition: cmp('>', { field: 'balance' }, { value: 0 }), on_true: node, on_false: release(`B${i}`) };
    }
    expect(validatePolicyDocument({ version: '1.0', policy_id: 'deep', payment_tree: node }, 'deep.json')).toEqual([]);
    let e: unknown = cmp('>', { field: 'balance' }, { value: 0 });
    for (let i = 1; i < 100; i++) e = { op: 'not', condition: e };
    const ok = { version: '1.0', policy_id: 'x', payment_tree: { type: 'condition', node_id: 'N1', condition: e, on_true: release('A1'), on_false: release('A2') } };
    expect(validatePolicyDocument(ok, 'x.json')).toEqual([]);
    const tooDeep = { ...ok, payment_tree: { ...ok.payment_tree, condition: { op: 'not', condition: e } } };
    expect(validatePolicyDocument(tooDeep, 'x.json').map((i) => i.code)).toEqual(['too_deep']);
  });

  it('absurd nesting is refused without exhausting the stack', () => {
    let e: unknown = { field: 'balance' };
    for (let i = 0; i < 50_000; i++) e = { compute: { op: 'abs', value: e } };
    const doc = { version: '1.0', policy_id: 'x', payment_tree: { type: 'condition', node_id: 'N1', condition: cmp('>', e, { value: 0 }), on_true: release('A1'), on_false: release('A2') } };
    expect(validatePolicyDocument(doc, 'x.json').map((i) => i.code)).toEqual(['too_deep']);
  });

  it('a payment field in a collateral tree, and a field unknown everywhere', () => {
    const doc = {
      version: '1.0', policy_id: 'x',
      strategic_collateral_tree: {
        type: 'condition', node_id: 'S1', condition: cmp('>', { field: 'ticks_to_deadline' }, { field: 'nope' }),
        on_true: { type: 'action', node_id: 'S2', action: 'HoldCollateral' },
        on_false: { type: 'action', node_id: 'S3', action: 'HoldCollateral' },
      },
    };
    expect(validatePolicyDocument(doc, 'x.json').map((i) => [i.path, i.code])).toEqual([
      ['strategic_collateral_tree.condition.left.field', 'field_not_in_tree'],
      ['strategic_collateral_tree.condition.right.field', 'unknown_field'],
    ]);
  });
});

describe('§1 policy forms in a scenario', () => {
  it.each([
    [{ type: 'Fifo' }],
    [{ type: 'Deadline' }],
    [{ type: 'Deadline', urgency_threshold: 0 }],
    [{ type: 'LiquidityAware', target_buffer: 0, urgency_threshold: 3 }],
    [{ type: 'LiquiditySplitting', max_splits: 10, min_split_amount: 0 }],
    [{ type: 'Tree', file: 'policies/end_of_tick_cleanup.json' }],
    [{ type: 'Tree', file: 'policies/fifo.json', parameters: { initial_liquidity_fraction: 0.25 } }],
  ])('%o is valid', (spec) => {
    expect(issuesOf(spec)).toEqual([]);
  });

  it.each([
    [{ type: 'Deadline', urgency_treshold: 5 }, 'agents[3].policy.urgency_treshold'],
    [{ type: 'Deadline', urgency_threshold: -1 }, 'agents[3].policy.urgency_threshold'],
    [{ type: 'Deadline', urgency_threshold: 1.5 }, 'agents[3].policy.urgency_threshold'],
    [{ type: 'LiquiditySplitting', max_splits: 11 }, 'agents[3].policy.max_splits'],
    [{ type: 'LiquiditySplitting', max_splits: 1 }, 'agents[3].policy.max_splits'],
    [{ type: 'Fifo', parameters: {} }, 'agents[3].policy.parameters'],
    [{ type: 'fifo' }, 'agents[3].policy.type'],
    [{}, 'agents[3].policy.type'],
    [{ type: 'Tree' }, 'agents[3].policy'],
    [{ type: 'Tree', file: 'policies/fifo.json', tree: {} }, 'agents[3].policy'],
    [{ type: 'Tree', file: 'policies/fifo.json', parameters: { initial_liquidity_fraction: 2 } }, 'agents[3].policy.parameters.initial_liquidity_fraction'],
    [{ type: 'Tree', file: 'policies/fifo.json', parameters: { x: 'high' } }, 'agents[3].policy.parameters.x'],
  ])('%o → one error at %s', (spec, path) => {
    const issues = issuesOf(spec);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.slice(0, 2)).toEqual(['scenario.yaml', path]);
  });

  it('a missing policy file is named, relative to the scenario', () => {
    const r = resolvePolicySpec({ type: 'Tree', file: 'policies/nope.json' }, SCENARIO_CONTEXT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toMatchObject([{ file: 'scenario.yaml', path: 'agents[3].policy.file', code: 'missing_file' }]);
    expect(r.issues[0]!.message).toContain(resolve(SCENARIOS, 'policies/nope.json'));
  });

  it('a policy file that is not JSON is reported in that file, with line and column', () => {
    writeFileSync(resolve(scratch, 'bad.json'), '{ "version": ');
    const r = resolvePolicySpec({ type: 'Tree', file: 'bad.json' }, { file: 's.yaml', baseDir: scratch, path: 'agents[1].policy' });
    expect(r.ok ? [] : r.issues.map((i) => [i.file, i.path, i.code])).toEqual([[resolve(scratch, 'bad.json'), '', 'syntax']]);
    expect(r.ok ? '' : r.issues[0]!.message).toMatch(/^line 1, column \d+: /);
  });

  it('an absolute policy file path stands as written, not joined onto the scenario folder', () => {
    const tree = { version: '1.0', policy_id: 'abs', payment_tree: { type: 'action', node_id: 'r', action: 'Release' } };
    writeFileSync(resolve(scratch, 'abs.json'), JSON.stringify(tree));
    const r = resolvePolicySpec({ type: 'Tree', file: resolve(scratch, 'abs.json') }, { file: 's.yaml', baseDir: '/elsewhere', path: 'agents[0].policy' });
    expect(r.ok ? r.policy.name : r.issues).toBe('abs');
  });

  it('files are not allowed where baseDir is null (HTTP)', () => {
    const r = resolvePolicySpec({ type: 'Tree', file: 'policies/fifo.json' }, { file: '<request>', baseDir: null, path: 'agents[0].policy' });
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.code])).toEqual([['agents[0].policy.file', 'schema']]);
  });

  it('a YAML policy file is read too', () => {
    writeFileSync(resolve(scratch, 'fifo.yaml'), 'version: "1.0"\npolicy_id: fifo_yaml\npayment_tree: {type: action, node_id: A1, action: Release}\n');
    const r = resolvePolicySpec({ type: 'Tree', file: 'fifo.yaml' }, { file: 's.yaml', baseDir: scratch, path: 'agents[1].policy' });
    expect(r.ok && r.policy.name).toBe('fifo_yaml');
  });

  it('$schema is an editor hint: not part of the identity', () => {
    const doc = { version: '1.0', policy_id: 'h', payment_tree: release('A1') };
    const a = resolvePolicySpec({ type: 'Tree', tree: doc }, SCENARIO_CONTEXT);
    const b = resolvePolicySpec({ type: 'Tree', tree: { $schema: '../schemas/policy.schema.json', ...doc } }, SCENARIO_CONTEXT);
    expect(a.ok && b.ok && a.policy.hash === b.policy.hash).toBe(true);
  });

  it('equal effective documents share one compiled policy', () => {
    const a = resolvePolicySpec({ type: 'Deadline', urgency_threshold: 7 }, SCENARIO_CONTEXT);
    const b = resolvePolicySpec({ type: 'Tree', file: 'policies/deadline.json', parameters: { urgency_threshold: 7 } }, SCENARIO_CONTEXT);
    expect(a.ok && b.ok && a.policy.compile() === b.policy.compile()).toBe(true);
  });

  it('initial_liquidity_fraction reaches the compiled policy', () => {
    const r = resolvePolicySpec({ type: 'Tree', file: 'policies/fifo.json', parameters: { initial_liquidity_fraction: 0.25 } }, SCENARIO_CONTEXT);
    expect(r.ok && r.policy.compile().initialLiquidityFraction).toBe(0.25);
    const plain = resolvePolicySpec({ type: 'Fifo' }, SCENARIO_CONTEXT);
    expect(plain.ok && plain.policy.compile().initialLiquidityFraction).toBeNull();
  });
});
