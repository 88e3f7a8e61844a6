// Bilateral offsetting (engine.md §6.1): for each pair {A, B}, A < B by id, with payments queued
// both ways, the whole pair settles at once when the net payer can cover the difference.

import type { SimState } from '../state.js';
import type { AtomicStep } from './atomic.js';
import type { Q2Graph } from './graph.js';

/**
 * One bilateral pass over Q2. Pairs are visited in ascending (A, B) id order and each is checked
 * against balances as left by the pairs before it. Returns the number of payments settled.
 */
/**
 * Whether the pair {a→b `out`, b→a `back`} can settle at its net: only the net payer needs
 * liquidity (equal sums need none, even from an agent already beyond its credit, which the pair
 * leaves where it is), and its sender limits towards the other and towards all grow by the net.
 */
export function settlesAtNet(state: SimState, a: number, b: number, out: number, back: number): boolean {
  if (out === back) return true;
  // No tuple here: this runs for every pair the bilateral pass looks at.
  const payer = out > back ? a : b;
  const payee = out > back ? b : a;
  const net = Math.abs(out - back);
  if (net > state.available(payer)) return false;
  return state.limits === null || state.limits.allowsNet(payer, payee, net, net);
}

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
    if (!settlesAtNet(state, a, b, sumAB, sumBA)) continue;

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
