// Cycle settlement (engine.md §6.2): find simple cycles of 3..max_cycle_length agents in the Q2
// graph with a bounded depth-first search, then settle whole cycles — every queued payment on the
// cycle's edges — in order of gross value, when every net payer can cover its net amount.

import type { LsmConfig } from '../config.js';
import type { SimState } from '../state.js';
import type { AtomicStep } from './atomic.js';
import { float64Grow, int32Capacity, int32Grow } from './buffers.js';
import type { Q2Graph } from './graph.js';

/** What a cycle pass did; `truncated` when max_cycle_search_steps stopped the search. */
export interface CyclePassResult {
  /** Payments settled. */
  settled: number;
  /** Cycles settled. */
  cycles: number;
  /** Cycles the search found (the candidates, before any feasibility check). */
  found: number;
  truncated: boolean;
}

/** Buffers of the cycle search, reused from tick to tick. */
export class CycleSearch {
  private readonly onPath: Uint8Array;
  /** closeMark[r] === closeStamp when rank r has an edge to the current start, which is closeEdge[r]. */
  private readonly closeMark: Int32Array;
  private readonly closeEdge: Int32Array;
  private closeStamp = 0;
  /** Per agent rank: index of its first edge to a rank above the current start, or -1 before it is first needed. */
  private readonly cursor: Int32Array;
  private readonly path = new Int32Array(9);
  private readonly pathEdge = new Int32Array(9);
  private readonly next = new Int32Array(9);

  /** Found cycle c: its edges in cycle order are cycleEdges[c × stride .. + cycleLength[c]). */
  private cycleEdges = new Int32Array(0);
  private cycleLength = new Int32Array(0);
  private cycleGross = new Float64Array(0);
  private stride = 0;
  private found = 0;

  private heap = new Int32Array(0);
  /** Edge e's payments were settled by a cycle of this pass when edgeMark[e] === mark. */
  private edgeMark = new Int32Array(0);
  private mark = 0;

  /** Result object reused across passes (read it before the next pass). */
  private readonly result: CyclePassResult = { settled: 0, cycles: 0, found: 0, truncated: false };

  constructor(numAgents: number) {
    this.onPath = new Uint8Array(numAgents);
    this.closeMark = new Int32Array(numAgents);
    this.closeEdge = new Int32Array(numAgents);
    this.cursor = new Int32Array(numAgents);
  }

  /**
   * One cycle pass: search, then settle up to `budget` cycles. The graph must reflect Q2 (the
   * caller refreshes it). Returns the shared result object.
   */
  run(state: SimState, graph: Q2Graph, step: AtomicStep, config: LsmConfig, budget: number): CyclePassResult {
    const result = this.result;
    result.settled = 0;
    result.cycles = 0;
    result.truncated = this.search(graph, config.max_cycle_length, config.max_cycle_search_steps);
    result.found = this.found;
    if (this.found === 0 || budget <= 0) return result;
    this.settleBest(state, graph, step, budget, result);
    return result;
  }

  /**
   * Depth-first search for simple cycles, each found once: from every start s in ascending rank,
   * only through ranks above s, neighbours in ascending rank (the edge order of the graph). A
   * node visit is one agent reached by the search (pushed onto its path), the start included; a
   * start with no edge to a higher rank cannot begin a cycle and is not visited. Returns true when
   * the step bound stopped the search before it was complete.
   *
   * Most visits are at the last level (paths of max_cycle_length agents), where there is nothing
   * to extend: those are counted and checked for the way back to the start without being pushed.
   * The way back is looked up in `closeMark`, stamped per start from the start's incoming edges.
   */
  private search(graph: Q2Graph, maxLength: number, maxSteps: number): boolean {
    const n = graph.numAgents;
    const adjStart = graph.adjStart;
    const edgeTo = graph.edgeTo;
    const edgeFrom = graph.edgeFrom;
    const inStart = graph.inStart;
    const inEdges = graph.inEdges;
    const onPath = this.onPath;
    const closeMark = this.closeMark;
    const closeEdge = this.closeEdge;
    const path = this.path;
    const next = this.next;
    this.cursor.fill(-1);
    this.stride = maxLength;
    this.found = 0;
    const lastDepth = maxLength - 1;
    let steps = 0;

    for (let start = 0; start < n; start++) {
      const first = this.firstAbove(graph, start, start);
      if (first === adjStart[start + 1]!) continue;
      if (steps >= maxSteps) return true;
      steps++;
      const stamp = ++this.closeStamp;
      for (let k = inStart[start]!; k < inStart[start + 1]!; k++) {
        const edge = inEdges[k]!;
        closeMark[edgeFrom[edge]!] = stamp;
        closeEdge[edgeFrom[edge]!] = edge;
      }
      path[0] = start;
      next[0] = first;
      onPath[start] = 1;
      let depth = 0;
      while (depth >= 0) {
        const node = path[depth]!;
        const end = adjStart[node + 1]!;
        if (depth + 1 === lastDepth) {
          // Children are at the last level: count each, close the cycle if it leads back.
          for (let edge = next[depth]!; edge < end; edge++) {
            const to = edgeTo[edge]!;
            if (onPath[to] === 1) continue;
            if (steps >= maxSteps) {
              for (let d = 0; d <= depth; d++) onPath[path[d]!] = 0;
              return true;
            }
            steps++;
            if (closeMark[to] === stamp) this.record(depth, edge, closeEdge[to]!, graph.edgeSum);
          }
        } else if (next[depth]! < end) {
          const edge = next[depth]!;
          next[depth] = edge + 1;
          const to = edgeTo[edge]!;
          if (onPath[to] === 1) continue;
          if (steps >= maxSteps) {
            for (let d = 0; d <= depth; d++) onPath[path[d]!] = 0;
            return true;
          }
          steps++;
          depth++;
          path[depth] = to;
          this.pathEdge[depth] = edge;
          onPath[to] = 1;
          next[depth] = this.firstAbove(graph, to, start);
          if (depth >= 2 && closeMark[to] === stamp) this.record(depth - 1, edge, closeEdge[to]!, graph.edgeSum);
          continue;
        }
        onPath[node] = 0;
        depth--;
      }
    }
    return false;
  }

  /** Index of the first edge of `node` to a rank above `start` (cursors only move forward within a search). */
  private firstAbove(graph: Q2Graph, node: number, start: number): number {
    const end = graph.adjStart[node + 1]!;
    const edgeTo = graph.edgeTo;
    let at = this.cursor[node]!;
    if (at < 0) at = graph.adjStart[node]!;
    while (at < end && edgeTo[at]! <= start) at++;
    this.cursor[node] = at;
    return at;
  }

  /** Stores the cycle path[0..depth] → (by `last`) → one more agent → (by `closing`) → path[0]. */
  private record(depth: number, last: number, closing: number, edgeSum: Float64Array): void {
    const c = this.found++;
    const stride = this.stride;
    if ((c + 1) * stride > this.cycleEdges.length) {
      this.cycleEdges = int32Grow(this.cycleEdges, (c + 1) * stride, c * stride);
    }
    if (c >= this.cycleLength.length) {
      this.cycleLength = int32Grow(this.cycleLength, c + 1, c);
      this.cycleGross = float64Grow(this.cycleGross, c + 1, c);
    }
    const edges = this.cycleEdges;
    const base = c * stride;
    let gross = 0;
    for (let d = 1; d <= depth; d++) {
      const edge = this.pathEdge[d]!;
      edges[base + d - 1] = edge;
      gross += edgeSum[edge]!;
    }
    edges[base + depth] = last;
    edges[base + depth + 1] = closing;
    gross += edgeSum[last]! + edgeSum[closing]!;
    this.cycleLength[c] = depth + 2;
    this.cycleGross[c] = gross;
  }

  /** Tries the found cycles best first (gross value descending, then agent list), settling at most `budget`. */
  private settleBest(state: SimState, graph: Q2Graph, step: AtomicStep, budget: number, result: CyclePassResult): void {
    // A binary heap rather than a full sort: the search may find tens of thousands of cycles of
    // which only the first few are usually tried before the budget is spent.
    const count = this.found;
    // Balances change only when a cycle settles, so if none is feasible now none ever will be
    // in this pass: the common case on a congested Q2 costs one scan instead of a heap sort.
    let anyFeasible = false;
    for (let c = 0; c < count && !anyFeasible; c++) anyFeasible = this.liquidityNeeded(state, graph, c) >= 0;
    if (!anyFeasible) return;
    this.heap = int32Capacity(this.heap, count);
    const heap = this.heap;
    for (let i = 0; i < count; i++) heap[i] = i;
    for (let i = (count >> 1) - 1; i >= 0; i--) this.siftDown(graph, i, count);

    this.edgeMark = int32Capacity(this.edgeMark, graph.edgeCount);
    const mark = ++this.mark;
    let size = count;
    while (size > 0 && result.cycles < budget) {
      const cycle = heap[0]!;
      size--;
      heap[0] = heap[size]!;
      this.siftDown(graph, 0, size);
      const settled = this.trySettle(state, graph, step, cycle, mark);
      if (settled > 0) {
        result.settled += settled;
        result.cycles++;
      }
    }
  }

  /** Settles one cycle if none of its payments has settled in this pass and every net payer can pay. */
  private trySettle(state: SimState, graph: Q2Graph, step: AtomicStep, cycle: number, mark: number): number {
    const edges = this.cycleEdges;
    const base = cycle * this.stride;
    const length = this.cycleLength[cycle]!;
    const edgeMark = this.edgeMark;
    const edgeFrom = graph.edgeFrom;
    const agentAt = graph.agentAt;
    for (let j = 0; j < length; j++) if (edgeMark[edges[base + j]!] === mark) return 0;

    const liquidity = this.liquidityNeeded(state, graph, cycle);
    if (liquidity < 0) return 0;

    step.begin(length);
    for (let j = 0; j < length; j++) step.involve(state, agentAt[edgeFrom[edges[base + j]!]!]!);
    if (state.recordingEvents) {
      const agents: string[] = [];
      for (let j = 0; j < length; j++) {
        const edge = edges[base + j]!;
        agents.push(state.ids[agentAt[edgeFrom[edge]!]!]!);
        step.noteEdge(graph, edge);
      }
      state.emit('lsm_cycle', null, null, {
        agents,
        payment_ids: step.paymentIds.slice(),
        gross_value: this.cycleGross[cycle],
        liquidity_used: liquidity,
      });
    }
    let settled = 0;
    for (let j = 0; j < length; j++) {
      const edge = edges[base + j]!;
      step.settleEdge(state, graph, edge, 'cycle');
      edgeMark[edge] = mark;
      settled += graph.edgeStart[edge + 1]! - graph.edgeStart[edge]!;
    }
    step.end(state);
    return settled;
  }

  /**
   * Σ of the net payers' net amounts when every net payer of the cycle can pay it now, else -1.
   * Each agent of a simple cycle has exactly one edge in (from its predecessor) and one out.
   * With sender limits, every agent's position towards its successor grows by its edge's sum
   * (a cycle of three or more has no edge back) and its net position by its net amount.
   */
  private liquidityNeeded(state: SimState, graph: Q2Graph, cycle: number): number {
    const edges = this.cycleEdges;
    const base = cycle * this.stride;
    const length = this.cycleLength[cycle]!;
    const edgeSum = graph.edgeSum;
    const edgeFrom = graph.edgeFrom;
    const agentAt = graph.agentAt;
    const limits = state.limits;
    let liquidity = 0;
    let inSum = edgeSum[edges[base + length - 1]!]!;
    for (let j = 0; j < length; j++) {
      const out = edges[base + j]!;
      const outSum = edgeSum[out]!;
      const from = agentAt[edgeFrom[out]!]!;
      if (outSum > inSum) {
        const need = outSum - inSum;
        if (need > state.available(from)) return -1;
        liquidity += need;
      }
      if (limits !== null && !limits.allowsNet(from, agentAt[graph.edgeTo[out]!]!, outSum, outSum - inSum)) return -1;
      inSum = outSum;
    }
    return liquidity;
  }

  private siftDown(graph: Q2Graph, at: number, size: number): void {
    const heap = this.heap;
    const item = heap[at]!;
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.before(graph, heap[right]!, heap[left]!) ? right : left;
      if (!this.before(graph, heap[child]!, item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }

  /** True when cycle a is tried before cycle b: larger gross first, then the lexicographically smaller agent list. */
  private before(graph: Q2Graph, a: number, b: number): boolean {
    const grossA = this.cycleGross[a]!;
    const grossB = this.cycleGross[b]!;
    if (grossA !== grossB) return grossA > grossB;
    const edges = this.cycleEdges;
    const edgeFrom = graph.edgeFrom;
    const lengthA = this.cycleLength[a]!;
    const lengthB = this.cycleLength[b]!;
    const baseA = a * this.stride;
    const baseB = b * this.stride;
    const common = Math.min(lengthA, lengthB);
    // Ranks are positions in ascending id order, so comparing ranks compares ids.
    for (let j = 0; j < common; j++) {
      const rankA = edgeFrom[edges[baseA + j]!]!;
      const rankB = edgeFrom[edges[baseB + j]!]!;
      if (rankA !== rankB) return rankA < rankB;
    }
    return lengthA < lengthB;
  }
}
