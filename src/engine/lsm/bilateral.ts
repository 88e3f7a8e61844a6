// Bilateral offsetting (engine.md §6.1): for each pair {A, B}, A < B by id, with payments queued
// both ways, the whole pair settles at once when the net payer can cover the difference.

import type { SimState } from '../state.js';
import type { AtomicStep } from './atomic.js';
import type { Q2Graph } from './graph.js';

/**
 * One bilateral pass over Q2. Pairs are visited in ascending (A, B) id order and each is checked
 * against balances as left by the pairs before it. Returns the number of payments settled.
 */
export function runBilateral(state: SimState, graph: Q2Graph, step: AtomicStep): number {
  graph.refresh(state);
  // Pairs are disjoint sets of edges, so settling one leaves every other edge of the graph
  // exactly as built: one build serves the whole pass.
  const edgeFrom = graph.edgeFrom;
  const edgeTo = graph.edgeTo;
  const edgeSum = graph.edgeSum;
  const edgeStart = graph.edgeStart;
  const agentAt = graph.agentAt;
  const edges = graph.edgeCount;
  let settled = 0;
  for (let ab = 0; ab < edges; ab++) {
    const rankA = edgeFrom[ab]!;
    const rankB = edgeTo[ab]!;
    if (rankA >= rankB) continue;
    const ba = graph.findEdge(rankB, rankA);
    if (ba < 0) continue;
    const a = agentAt[rankA]!;
    const b = agentAt[rankB]!;
    const sumAB = edgeSum[ab]!;
    const sumBA = edgeSum[ba]!;
    // Only the net payer needs liquidity; equal sums need none (even from an agent already
    // beyond its credit, which this pair leaves where it is).
    if (sumAB > sumBA && sumAB - sumBA > state.available(a)) continue;
    if (sumBA > sumAB && sumBA - sumAB > state.available(b)) continue;
    // Sender limits: the net payer's positions towards the other and towards all grow by the net.
    const limits = state.limits;
    if (limits !== null && sumAB !== sumBA) {
      const net = Math.abs(sumAB - sumBA);
      if (sumAB > sumBA ? !limits.allowsNet(a, b, net, net) : !limits.allowsNet(b, a, net, net)) continue;
    }

    step.begin(2);
    step.involve(state, a);
    step.involve(state, b);
    if (state.recordingEvents) {
      step.noteEdge(graph, ab);
      step.noteEdge(graph, ba);
      state.emit('lsm_bilateral', null, null, {
        agents: [state.ids[a], state.ids[b]],
        payment_ids: step.paymentIds.slice(),
        gross: sumAB + sumBA,
        net: Math.abs(sumAB - sumBA),
        net_payer: sumAB === sumBA ? null : state.ids[sumAB > sumBA ? a : b],
      });
    }
    step.settleEdge(state, graph, ab, 'bilateral');
    step.settleEdge(state, graph, ba, 'bilateral');
    step.end(state);
    settled += edgeStart[ab + 1]! - edgeStart[ab]! + edgeStart[ba + 1]! - edgeStart[ba]!;
  }
  return settled;
}
