// Step 5 of the tick: each agent's policy decides every Q1 payment against the agent's state at
// the start of the step, then the decisions apply in Q1 order (engine.md §5, policy-dsl.md §5–6).
// Also the two collateral layers (steps 3 and 9).

import {
  type CollateralLayer,
  newPaymentDecision,
  type PaymentDecision,
} from '../policy/decision.js';
import type { DecisionFields } from './events.js';
import { drop, releaseFromQ1, splitIntoChildren } from './settlement.js';
import type { SimState } from './state.js';

/** Reused across ticks: decisions of the agent being processed, and the rebuilt Q1. */
export class PolicyScratch {
  decisions: PaymentDecision[] = [];
  kept: number[] = [];

  ensure(size: number): PaymentDecision[] {
    const decisions = this.decisions;
    while (decisions.length < size) decisions.push(newPaymentDecision());
    return decisions;
  }
}

export function runPaymentPolicies(state: SimState, scratch: PolicyScratch): void {
  const tick = state.tick;
  for (const agent of state.idOrder) {
    const q1 = state.q1[agent]!;
    if (q1.length === 0) continue;
    if (state.outageUntil[agent]! > tick) continue;
    const decisions = scratch.ensure(q1.length);
    state.policies[agent]!.decidePayments(state, agent, q1, state.txs, decisions, state.trace);
    const failures = state.failures;
    if (failures !== null) failures.restrict(tick, state.txs, agent, q1, decisions);
    const rejecting = failures !== null && failures.anyRejecting ? failures : null;
    const kept = scratch.kept;
    kept.length = 0;
    for (let i = 0; i < q1.length; i++) {
      const id = q1[i]!;
      const tx = state.txs[id]!;
      const decision = decisions[i]!;
      if (rejecting !== null && rejecting.rejectsRelease(tx, decision, tick)) {
        drop(state, tx, 'rejected');
        continue;
      }
      switch (decision.action) {
        case 'Release':
          releaseFromQ1(state, tx);
          if (state.recordingEvents) {
            state.emit('submit', agent, id, { amount: tx.remaining, ...decisionFields(decision) });
          }
          break;
        case 'Hold':
          kept.push(id);
          if (state.recordingEvents) {
            state.emit('hold', agent, id, { reason: decision.reason, ...decisionFields(decision) });
          }
          break;
        case 'Drop':
          drop(state, tx, 'policy', decision.nodeId);
          break;
        case 'Split': {
          const requested = decision.numSplits;
          const parts = Math.min(requested, tx.amount);
          if (parts <= 1) {
            // An amount of 1 cannot be divided: it is released whole, without friction.
            releaseFromQ1(state, tx);
            if (state.recordingEvents) {
              state.emit('submit', agent, id, { amount: tx.remaining, ...decisionFields(decision) });
            }
            break;
          }
          const childIds = splitIntoChildren(state, tx, parts);
          const friction = state.config.cost_rates.split_friction_cost * (parts - 1);
          tx.splitFriction += friction;
          state.charge(agent, 'split', friction);
          if (state.recordingEvents) {
            state.emit('split', agent, id, {
              num_splits: parts,
              requested,
              child_ids: childIds,
              friction,
              ...decisionFields(decision),
            });
          }
          break;
        }
      }
    }
    // Swap the rebuilt queue in; the old array becomes next agent's scratch.
    state.q1[agent] = kept;
    scratch.kept = q1;
  }
}

/** A policy without a payment tree releases without reaching any node: node_id is then null. */
function decisionFields(decision: PaymentDecision): DecisionFields {
  const nodeId = decision.nodeId === '' ? null : decision.nodeId;
  return decision.path === null || decision.path === '' ? { node_id: nodeId } : { node_id: nodeId, path: decision.path };
}

/** Steps 3 and 9: each agent with the layer's tree, in id order, each applied before the next. */
export function runCollateralLayer(state: SimState, layer: CollateralLayer): void {
  for (const agent of state.idOrder) {
    const policy = state.policies[agent]!;
    const has = layer === 'strategic' ? policy.hasStrategicCollateralTree : policy.hasEndOfTickCollateralTree;
    if (!has) continue;
    const decision = policy.decideCollateral(layer, state, agent, state.trace);
    if (decision === null || decision.action === 'HoldCollateral' || decision.amount <= 0) continue;
    const requested = decision.amount;
    const posted = state.posted[agent]!;
    let applied: number;
    if (decision.action === 'PostCollateral') {
      applied = Math.min(requested, Math.max(0, state.capacities[agent]! - posted));
      state.posted[agent] = posted + applied;
    } else {
      // Only collateral not needed to keep balance ≥ −(credit + collateral) may be withdrawn.
      const free = Math.max(0, Math.min(posted, state.balances[agent]! + state.creditLimits[agent]! + posted));
      applied = Math.min(requested, free);
      state.posted[agent] = posted - applied;
    }
    if (state.recordingEvents) {
      state.emit(decision.action === 'PostCollateral' ? 'collateral_post' : 'collateral_withdraw', agent, null, {
        tree: layer === 'strategic' ? 'strategic_collateral_tree' : 'end_of_tick_collateral_tree',
        requested,
        applied,
        new_total: state.posted[agent],
        reason: decision.reason,
        node_id: decision.nodeId,
        ...(decision.path === null ? {} : { path: decision.path }),
      });
    }
  }
}
