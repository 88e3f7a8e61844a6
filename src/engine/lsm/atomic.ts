// Atomic settlement of a set of Q2 payments (engine.md §6.3). The caller has already checked
// every net payer of the set against its available liquidity; here the payments are settled one
// by one with `settle`, which keeps every aggregate and counter in step.
//
// Settling one by one lets a balance dip below its final value half-way through (A pays B before
// B's payment to A is booked). The set settles as one step, so that dip never happened: the
// day's balance extremes (which feed peak_overdraft and liquidity_used) are put back to what they
// were before the step, widened only by each agent's balance after it.
//
// With deferred crediting (engine.md §9b) a set still settles at its net amounts: inside the step
// credits are booked at once, and at its end each agent's net gain from the set is taken back
// and held for the end of the tick like any other credit.

import type { SimState } from '../state.js';
import { settle } from '../settlement.js';
import type { SettledBy, Transaction } from '../transaction.js';
import { float64Capacity, int32Capacity } from './buffers.js';
import type { Q2Graph } from './graph.js';

export class AtomicStep {
  private agents = new Int32Array(16);
  private savedMin = new Float64Array(16);
  private savedMax = new Float64Array(16);
  private savedBalance = new Float64Array(16);
  private count = 0;
  /** Payment ids of the step for its event (filled by noteEdge, only when events are recorded). */
  readonly paymentIds: number[] = [];

  /** Starts a step; `agents` is an upper bound on the number of agents it will involve. */
  begin(agents: number): void {
    this.count = 0;
    this.paymentIds.length = 0;
    if (this.agents.length < agents) {
      this.agents = int32Capacity(this.agents, agents);
      this.savedMin = float64Capacity(this.savedMin, agents);
      this.savedMax = float64Capacity(this.savedMax, agents);
      this.savedBalance = float64Capacity(this.savedBalance, agents);
    }
  }

  /** Records an agent's balance extremes before the step touches it (each agent once). */
  involve(state: SimState, agent: number): void {
    const i = this.count++;
    this.agents[i] = agent;
    this.savedMin[i] = state.day.min_balance[agent]!;
    this.savedMax[i] = state.day.max_balance[agent]!;
    this.savedBalance[i] = state.balances[agent]!;
    // Inside a set every credit is booked at once; end() defers the net gains.
    state.deferring = false;
  }

  /** Adds an edge's payment ids to paymentIds, so the step's event can list them before the settle events. */
  noteEdge(graph: Q2Graph, edge: number): void {
    const end = graph.edgeStart[edge + 1]!;
    for (let i = graph.edgeStart[edge]!; i < end; i++) this.paymentIds.push(graph.items[i]!);
  }

  /** Settles one payment. */
  settleOne(state: SimState, tx: Transaction, by: SettledBy): void {
    settle(state, tx, by);
  }

  /** Settles every payment of a graph edge, in Q2 order. */
  settleEdge(state: SimState, graph: Q2Graph, edge: number, by: SettledBy): void {
    const items = graph.items;
    const end = graph.edgeStart[edge + 1]!;
    for (let i = graph.edgeStart[edge]!; i < end; i++) settle(state, state.txs[items[i]!]!, by);
  }

  /** Ends the step: the involved agents' extremes see only the balances before and after it. */
  end(state: SimState): void {
    const min = state.day.min_balance;
    const max = state.day.max_balance;
    const balances = state.balances;
    const defer = state.designs.deferredCrediting;
    state.deferring = defer;
    for (let i = 0; i < this.count; i++) {
      const agent = this.agents[i]!;
      if (defer && balances[agent]! > this.savedBalance[i]!) {
        state.deferredCredits[agent]! += balances[agent]! - this.savedBalance[i]!;
        balances[agent] = this.savedBalance[i]!;
      }
      const balance = balances[agent]!;
      min[agent] = Math.min(this.savedMin[i]!, balance);
      max[agent] = Math.max(this.savedMax[i]!, balance);
    }
    this.count = 0;
  }
}
