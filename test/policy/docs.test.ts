// The policy documents shown in docs/policies.md are valid, and its worked examples decide as the
// text says.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePolicyDocument } from '../../src/policy/validate.js';
import { agent, decisionsFor, payment, q1Of, viewOf, type FakeState } from './fake-state.js';
import { compileDocument, REPO } from './policies.js';

const guide = readFileSync(resolve(REPO, 'docs/policies.md'), 'utf8');
const documents = [...guide.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((text) => text.includes('"version"') && !text.includes('"..."'))
  .map((text) => JSON.parse(text) as { policy_id: string });

function decide(doc: unknown, s: FakeState) {
  const { q1, txs } = q1Of(s, 0);
  const out = decisionsFor(q1.length);
  compileDocument(doc).decidePayments(viewOf(s), 0, q1, txs, out, true);
  return out.map((d) => [d.action, d.nodeId, d.numSplits]);
}

const byId = (id: string) => documents.find((d) => d.policy_id === id)!;

describe('docs/policies.md', () => {
  it('shows the four worked examples', () => {
    expect(documents.map((d) => d.policy_id)).toEqual(['buffered_cover', 'split_big', 'collateral_on_demand', 'hoard_on_falling_inflows']);
  });

  it('example 4 is the shipped scenarios/policies/hoard_on_falling_inflows.json (its description aside)', () => {
    const shipped = JSON.parse(readFileSync(resolve(REPO, 'scenarios/policies/hoard_on_falling_inflows.json'), 'utf8')) as Record<string, unknown>;
    delete shipped['description'];
    expect(byId('hoard_on_falling_inflows')).toEqual(shipped);
  });

  it.each(documents.map((d) => [d.policy_id, d] as const))('%s validates', (_, doc) => {
    expect(validatePolicyDocument(doc, 'docs/policies.md')).toEqual([]);
  });

  it('example 1: 250 000 is paid, 400 000 waits (B = 500 000, buffer 200 000)', () => {
    const s = { tick: 0, ticksPerDay: 100, agents: [agent('A', 500_000, 0, { q1: [payment(250_000, 50), payment(400_000, 50)] }), agent('B', 0)], q2: [] };
    expect(decide(byId('buffered_cover'), s)).toEqual([['Release', 'PAY', 0], ['Hold', 'WAIT', 0]]);
  });

  it('example 2: 1 100 000 with 600 000 available is split in 5', () => {
    const s = { tick: 0, ticksPerDay: 100, agents: [agent('A', 600_000, 0, { q1: [payment(1_100_000, 50), payment(900_000, 50)] }), agent('B', 0)], q2: [] };
    expect(decide(byId('split_big'), s)).toEqual([['Split', 'SPLIT', 5], ['Release', 'GO', 0]]);
  });

  it('example 4: inflows fell (100 000 < 0.5 × 400 000): 250 000 would leave 250 000 < 300 000 — hoarded; the payment to the failed bank held', () => {
    // A (index 0) 500 000; payments to C (index 2, sound) and B (index 1, failed and announced).
    const s = (received: number): FakeState => ({
      tick: 20,
      ticksPerDay: 100,
      agents: [agent('A', 500_000, 0, { q1: [payment(250_000, 50, { receiver: 2 }), payment(100_000, 50, { receiver: 1 })] }), agent('B', 0), agent('C', 0)],
      q2: [],
      failed: [1],
      flows: { received: [[0, 0, received], [], []], sent: [400_000, 0, 0] },
    });
    expect(decide(byId('hoard_on_falling_inflows'), s(100_000))).toEqual([['Hold', 'HOARD', 0], ['Hold', 'HOLD_FAILED', 0]]);
    // Received 300 000 ≥ 200 000: the reserve is 0, and 500 000 − 250 000 ≥ 0.
    expect(decide(byId('hoard_on_falling_inflows'), s(300_000))).toEqual([['Release', 'PAY', 0], ['Hold', 'HOLD_FAILED', 0]]);
  });

  it('example 3: the strategic tree posts the 10 000 gap', () => {
    const s = { tick: 0, ticksPerDay: 100, agents: [agent('A', 40_000, 10_000, { q1: [payment(60_000, 100)] }), agent('B', 0)], q2: [] };
    const d = compileDocument(byId('collateral_on_demand')).decideCollateral('strategic', viewOf(s), 0, true);
    expect(d).toMatchObject({ action: 'PostCollateral', amount: 10_000, nodeId: 'POST', path: 'GAP(true) → POST' });
  });
});
