// Minimal compiled policies for engine tests, independent of the policy DSL.

import type {
  CollateralDecision,
  CollateralLayer,
  CompiledPolicy,
  PaymentDecision,
  PaymentView,
  PolicyStateView,
} from '../../src/policy/decision.js';

type Decide = (tx: PaymentView, view: PolicyStateView, agent: number) => Partial<PaymentDecision> & {
  action: PaymentDecision['action'];
};
type DecideCollateral = (layer: CollateralLayer, view: PolicyStateView, agent: number) => CollateralDecision | null;

export function scriptedPolicy(
  name: string,
  decide: Decide,
  collateral?: { strategic?: DecideCollateral; endOfTick?: DecideCollateral },
): CompiledPolicy {
  return {
    name,
    hash: name,
    hasPaymentTree: true,
    hasStrategicCollateralTree: collateral?.strategic !== undefined,
    hasEndOfTickCollateralTree: collateral?.endOfTick !== undefined,
    initialLiquidityFraction: null,
    decidePayments(view, agent, q1, txs, out) {
      for (let i = 0; i < q1.length; i++) {
        const d = decide(txs[q1[i]!]!, view, agent);
        const target = out[i]!;
        target.action = d.action;
        target.numSplits = d.numSplits ?? 0;
        target.reason = d.reason ?? null;
        target.nodeId = d.nodeId ?? 'T';
        target.path = null;
      }
    },
    decideCollateral(layer, view, agent) {
      const fn = layer === 'strategic' ? collateral?.strategic : collateral?.endOfTick;
      return fn ? fn(layer, view, agent) : null;
    },
  };
}

export const releaseAll = (): CompiledPolicy => scriptedPolicy('release_all', () => ({ action: 'Release' }));
export const holdAll = (): CompiledPolicy =>
  scriptedPolicy('hold_all', () => ({ action: 'Hold', reason: 'test' }));
