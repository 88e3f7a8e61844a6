// What a run produces (engine.md §8): per-transaction rows, per-agent-day rows and the run summary.
// Counts in the summary are at payment-order level (split children roll up into their parent),
// except the settled_by_* figures, which count settlements (each split child is one).

import { checkResultSums } from './assert.js';
import { paymentDelayCost } from './costs.js';
import { dayRecord } from './end-of-day.js';
import { type AgentDayRecord, COST_KINDS, type CostKind, MECHANISMS, totalOverKinds } from './metrics.js';
import { liquidityUsedByDay, runLiquidityMetrics, type RunLiquidityMetrics } from './run-metrics.js';
import type { SimState } from './state.js';
import type { DropReason, SettledBy, Transaction, TxOrigin, TxStatus } from './transaction.js';

export interface TransactionRecord {
  readonly tx_id: number;
  readonly parent_id: number | null;
  readonly sender: string;
  readonly receiver: string;
  readonly amount: number;
  readonly remaining: number;
  readonly priority: number;
  readonly divisible: boolean;
  readonly origin: TxOrigin;
  readonly arrival_tick: number;
  readonly deadline_tick: number;
  readonly submitted_tick: number | null;
  readonly settled_tick: number | null;
  readonly status: TxStatus;
  readonly settled_by: SettledBy | null;
  readonly drop_reason: DropReason | null;
  /** settled_tick − arrival_tick, for settled payments. */
  readonly delay: number | null;
  /** Delay cost attributed to this payment: round(rate × its cent-ticks waited), exact (agent totals are rounded per tick; see docs). */
  readonly delay_cost: number;
  readonly deadline_penalty: number;
  readonly eod_penalty: number;
  readonly split_friction: number;
  readonly backstop_cost: number;
}

/** An agent's end-of-run position and its costs: one `cost_<kind>` per cost kind, then the total. */
export type AgentTotals = {
  readonly agent: string;
  readonly balance: number;
  readonly credit_limit: number;
  readonly posted_collateral: number;
} & { readonly [K in `cost_${CostKind}`]: number } & {
  readonly total_cost: number;
  /** What it owed the central bank (facility and emergency loans) at its peak, largest over days. */
  readonly cb_exposure_peak: number;
  /** What it still owed after the end-of-day repayment (overnight), largest over days. */
  readonly cb_exposure_eod: number;
};

export interface RunSummary extends RunLiquidityMetrics {
  readonly ticks: number;
  readonly days: number;
  readonly num_agents: number;
  readonly arrivals: number;
  readonly arrived_value: number;
  readonly settled: number;
  /** Value actually moved for payment orders (a partly settled split order counts its settled part). */
  readonly settled_value: number;
  readonly dropped: number;
  readonly dropped_value: number;
  readonly unsettled: number;
  readonly unsettled_value: number;
  readonly unsettled_q1: number;
  readonly unsettled_q1_value: number;
  readonly unsettled_q2: number;
  readonly unsettled_q2_value: number;
  readonly settlement_rate: number;
  readonly settlement_rate_value: number;
  readonly settled_by: Readonly<Record<SettledBy, number>>;
  readonly settled_value_by: Readonly<Record<SettledBy, number>>;
  readonly delay_mean: number | null;
  readonly delay_p50: number | null;
  readonly delay_p95: number | null;
  readonly delay_max: number | null;
  /** Largest over days of Σ agents' liquidity used (max(0, opening − lowest balance)). */
  readonly peak_liquidity_used: number;
  readonly costs: Readonly<Record<CostKind, number>>;
  readonly total_cost: number;
  // The central bank's response (docs/engine.md): 0 when it lent nothing.
  /** Largest Σ agents' debt to the central bank (facility drawings and emergency loans) at any moment of the run. */
  readonly cb_exposure_peak: number;
  /** Largest over days of Σ agents' debt left after the end-of-day repayment (overnight exposure). */
  readonly cb_exposure_eod: number;
  /** Σ drawn from the facility, lent in emergencies, repaid at ends of day, over the run. */
  readonly cb_drawn: number;
  readonly cb_injected: number;
  readonly cb_repaid: number;
  readonly agents: readonly AgentTotals[];
}

export interface RunResult {
  readonly summary: RunSummary;
  readonly transactions: readonly TransactionRecord[];
  readonly agent_days: readonly AgentDayRecord[];
}

export function transactionRecord(state: SimState, tx: Transaction): TransactionRecord {
  const settled = tx.status === 'settled';
  return {
    tx_id: tx.id,
    parent_id: tx.parentId >= 0 ? tx.parentId : null,
    sender: state.ids[tx.sender]!,
    receiver: state.ids[tx.receiver]!,
    amount: tx.amount,
    remaining: tx.remaining,
    priority: tx.priority,
    divisible: tx.divisible,
    origin: tx.origin,
    arrival_tick: tx.arrivalTick,
    deadline_tick: tx.deadlineTick,
    submitted_tick: tx.submittedTick >= 0 ? tx.submittedTick : null,
    settled_tick: settled ? tx.settledTick : null,
    status: tx.status,
    settled_by: settled ? tx.settledBy : null,
    drop_reason: tx.dropReason,
    delay: settled ? tx.settledTick - tx.arrivalTick : null,
    delay_cost: paymentDelayCost(tx, state.rates.delayPerTick),
    deadline_penalty: tx.deadlinePenalty,
    eod_penalty: tx.eodPenalty,
    split_friction: tx.splitFriction,
    backstop_cost: tx.backstopCost,
  };
}

/** Closed days plus, when the run stopped mid-day, the open day as it stands. */
export function allAgentDays(state: SimState): AgentDayRecord[] {
  const rows = state.agentDays.slice();
  if (state.tick % state.ticksPerDay !== 0) {
    const day = Math.floor(state.tick / state.ticksPerDay);
    for (let agent = 0; agent < state.numAgents; agent++) rows.push(dayRecord(state, agent, day, 0, 0));
  }
  return rows;
}

export function summarize(state: SimState, agentDays: readonly AgentDayRecord[]): RunSummary {
  let arrivals = 0;
  let arrivedValue = 0;
  let settled = 0;
  let settledValue = 0;
  let dropped = 0;
  let droppedValue = 0;
  let q1Count = 0;
  let q1Value = 0;
  let q2Count = 0;
  let q2Value = 0;
  const settledBy = Object.fromEntries(MECHANISMS.map((m) => [m, 0])) as Record<SettledBy, number>;
  const settledValueBy = Object.fromEntries(MECHANISMS.map((m) => [m, 0])) as Record<SettledBy, number>;
  const delays: number[] = [];
  for (const tx of state.txs) {
    if (tx.status === 'settled' && tx.children === null) {
      settledBy[tx.settledBy!] += 1;
      settledValueBy[tx.settledBy!] += tx.amount;
    }
    if (tx.parentId >= 0) continue;
    arrivals += 1;
    arrivedValue += tx.amount;
    settledValue += tx.amount - tx.remaining;
    switch (tx.status) {
      case 'settled':
        settled += 1;
        delays.push(tx.settledTick - tx.arrivalTick);
        break;
      case 'dropped':
        dropped += 1;
        droppedValue += tx.remaining;
        break;
      case 'queued_q1':
        q1Count += 1;
        q1Value += tx.remaining;
        break;
      default:
        // queued_q2, pending (never between ticks) or a split parent whose children wait in Q2.
        q2Count += 1;
        q2Value += tx.remaining;
    }
  }
  // A typed array sorts numerically without a comparator call per comparison (a tenth of a
  // 200-bank run's summary); delays are whole ticks, so the mean's sum is exact in any order.
  const sorted = Float64Array.from(delays).sort();
  const liquidityByDay = liquidityUsedByDay(agentDays);
  const costs = Object.fromEntries(
    COST_KINDS.map((kind) => [kind, state.costs[kind].reduce((s, x) => s + x, 0)]),
  ) as Record<CostKind, number>;
  const exposure = centralBankFigures(state, agentDays);
  const agents: AgentTotals[] = state.ids.map((id, agent) => {
    const row: Record<string, string | number> = {
      agent: id,
      balance: state.balances[agent]!,
      credit_limit: state.creditLimits[agent]!,
      posted_collateral: state.posted[agent]!,
    };
    for (const kind of COST_KINDS) row[`cost_${kind}`] = state.costs[kind][agent]!;
    row['total_cost'] = totalOverKinds((kind) => state.costs[kind][agent]!);
    row['cb_exposure_peak'] = exposure.peak[agent]!;
    row['cb_exposure_eod'] = exposure.eod[agent]!;
    checkResultSums(row, 'agent totals', id, state.tick);
    return row as AgentTotals;
  });
  const summary: RunSummary = {
    ticks: state.tick,
    days: Math.ceil(state.tick / state.ticksPerDay),
    num_agents: state.numAgents,
    arrivals,
    arrived_value: arrivedValue,
    settled,
    settled_value: settledValue,
    dropped,
    dropped_value: droppedValue,
    unsettled: q1Count + q2Count,
    unsettled_value: q1Value + q2Value,
    unsettled_q1: q1Count,
    unsettled_q1_value: q1Value,
    unsettled_q2: q2Count,
    unsettled_q2_value: q2Value,
    settlement_rate: arrivals === 0 ? 0 : settled / arrivals,
    settlement_rate_value: arrivedValue === 0 ? 0 : settledValue / arrivedValue,
    settled_by: settledBy,
    settled_value_by: settledValueBy,
    delay_mean: sorted.length === 0 ? null : sorted.reduce((s, d) => s + d, 0) / sorted.length,
    delay_p50: percentile(sorted, 0.5),
    delay_p95: percentile(sorted, 0.95),
    delay_max: sorted.length === 0 ? null : sorted[sorted.length - 1]!,
    peak_liquidity_used: Math.max(0, ...liquidityByDay.values()),
    ...runLiquidityMetrics(state, agentDays),
    costs,
    total_cost: COST_KINDS.reduce((s, kind) => s + costs[kind], 0),
    cb_exposure_peak: state.cb === null ? 0 : state.cb.peak,
    cb_exposure_eod: exposure.systemEod,
    cb_drawn: exposure.drawn,
    cb_injected: exposure.injected,
    cb_repaid: exposure.repaid,
    agents,
  };
  checkResultSums({ ...summary, agents: null }, 'summary', null, state.tick);
  return summary;
}

/** The central bank's figures from the agent-day rows: per agent and for the system, largest over days. */
function centralBankFigures(state: SimState, agentDays: readonly AgentDayRecord[]) {
  const peak = new Float64Array(state.numAgents);
  const eod = new Float64Array(state.numAgents);
  let drawn = 0;
  let injected = 0;
  let repaid = 0;
  let systemEod = 0;
  if (state.cb === null) return { peak, eod, drawn, injected, repaid, systemEod };
  const index = new Map(state.ids.map((id, i) => [id, i]));
  const eodByDay = new Map<number, number>();
  for (const row of agentDays) {
    const agent = index.get(row.agent)!;
    if (row.cb_exposure_peak > peak[agent]!) peak[agent] = row.cb_exposure_peak;
    if (row.cb_exposure_eod > eod[agent]!) eod[agent] = row.cb_exposure_eod;
    drawn += row.cb_drawn;
    injected += row.cb_injected;
    repaid += row.cb_repaid;
    eodByDay.set(row.day, (eodByDay.get(row.day) ?? 0) + row.cb_exposure_eod);
  }
  for (const value of eodByDay.values()) if (value > systemEod) systemEod = value;
  return { peak, eod, drawn, injected, repaid, systemEod };
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p of the data at or below it. */
function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}
