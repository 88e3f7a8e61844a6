// The event stream: what happened, in order. Built only when a consumer asks for it, so runs
// without events pay nothing for it.
//
// Each event type has one data shape, so a consumer narrows on `type` and reads typed fields
// instead of looking keys up by string. The key order of each shape is the order the engine
// writes them in, which is the order of the serialised form (events table, `paysim run --events`):
// keep the emit sites and these declarations in step.

import type { ScenarioEvent } from './config.js';
import type { DropReason, SettledBy, TxOrigin } from './transaction.js';

/** Every event type, in the order of a tick. */
export const EVENT_TYPES = [
  'arrival',
  'scenario_event',
  'collateral_post',
  'collateral_withdraw',
  'submit',
  'hold',
  'split',
  'drop',
  'settle',
  'queue',
  'limit_blocked',
  'lsm_bilateral',
  'lsm_cycle',
  'lsm_multilateral',
  'lsm_search_truncated',
  'end_of_day',
  // The central bank's response (docs/engine.md): a facility drawing (step 7), an emergency loan
  // (step 1 or after step 7), the end-of-day repayment.
  'cb_draw',
  'cb_injection',
  'cb_repay',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The policy node behind a decision; `path` only when tracing. A policy without a payment tree reaches no node. */
export interface DecisionFields {
  readonly node_id: string | null;
  readonly path?: string;
}

/** A scenario event as it fired: its `type` renamed `event_type`, every other field as configured. */
export type ScenarioEventData = ScenarioEvent extends infer E
  ? E extends { readonly type: infer T }
    ? { readonly event_type: T } & Omit<E, 'type'>
    : never
  : never;

export interface CollateralEventData {
  readonly tree: 'strategic_collateral_tree' | 'end_of_tick_collateral_tree';
  readonly requested: number;
  readonly applied: number;
  /** Posted collateral after the change. */
  readonly new_total: number;
  readonly reason: string | null;
  readonly node_id: string;
  readonly path?: string;
}

/** Where a sender limit held a payment back: RTGS entry, a Q2 pass, or the end-of-day backstop. */
export type LimitStage = 'entry' | 'queue' | 'backstop';

/** The data of each event type (engine.md §10). */
export interface EventDataByType {
  readonly arrival: {
    readonly receiver: string;
    readonly amount: number;
    readonly deadline_tick: number;
    readonly priority: number;
    readonly divisible: boolean;
    readonly origin: TxOrigin;
  };
  readonly scenario_event: ScenarioEventData;
  readonly collateral_post: CollateralEventData;
  readonly collateral_withdraw: CollateralEventData;
  readonly submit: { readonly amount: number } & DecisionFields;
  readonly hold: { readonly reason: string | null } & DecisionFields;
  readonly split: {
    readonly num_splits: number;
    readonly requested: number;
    readonly child_ids: readonly number[];
    readonly friction: number;
  } & DecisionFields;
  readonly drop: {
    readonly reason: DropReason;
    readonly amount: number;
    readonly deadline_tick: number;
    readonly penalty: number;
    /** The policy node, for drops decided by a policy. */
    readonly node_id?: string;
  };
  readonly settle: {
    readonly receiver: string;
    readonly amount: number;
    readonly settled_by: SettledBy;
    /** For a split child: its parent order. */
    readonly parent_id?: number;
  };
  readonly queue: { readonly amount: number; readonly available_liquidity: number };
  /** A sender limit (net send limit) held the payment back; once per payment and tick. */
  readonly limit_blocked: {
    readonly receiver: string;
    readonly amount: number;
    readonly stage: LimitStage;
    /** The limit that would be exceeded (bilateral when both would). */
    readonly limit: 'bilateral' | 'multilateral';
  };
  readonly lsm_bilateral: {
    readonly agents: readonly [string, string];
    readonly payment_ids: readonly number[];
    readonly gross: number;
    readonly net: number;
    readonly net_payer: string | null;
    /** Offsetting on entry (`rtgs.entry_offsetting`): the entering payment with queued ones the other way. */
    readonly at_entry?: true;
  };
  readonly lsm_cycle: {
    readonly agents: readonly string[];
    readonly payment_ids: readonly number[];
    readonly gross_value: number;
    readonly liquidity_used: number;
  };
  readonly lsm_multilateral: {
    readonly count: number;
    readonly gross_value: number;
    readonly liquidity_used: number;
    readonly payment_ids: readonly number[];
  };
  readonly lsm_search_truncated: { readonly max_cycle_search_steps: number; readonly cycles_found: number };
  readonly end_of_day: {
    readonly day: number;
    readonly unsettled_q1: number;
    readonly unsettled_q2: number;
    readonly penalty: number;
  };
  /** The facility lent the payment's shortfall; `drawn`: the agent's drawings now, of its `capacity`. */
  readonly cb_draw: { readonly amount: number; readonly drawn: number; readonly capacity: number };
  /** An emergency loan and its fee; `exposure`: what the agent owes the central bank now. */
  readonly cb_injection: { readonly amount: number; readonly fee: number; readonly source: 'event' | 'rule'; readonly exposure: number };
  /** End of day: what the agent repaid, and what it still owes overnight. */
  readonly cb_repay: { readonly repaid: number; readonly overnight: number };
}

export type EventData<T extends EventType> = EventDataByType[T];

interface EventHeader {
  readonly tick: number;
  /** Position in the run's event stream, from 0; continues across checkpoints. */
  readonly seq: number;
  /** The agent the event is about (the sender for payment events), or null. */
  readonly agent: string | null;
  /** The payment the event is about, or null. */
  readonly tx: number | null;
}

/** One event of type T. */
export type EventOf<T extends EventType> = EventHeader & { readonly type: T; readonly data: EventData<T> };

/** Any event: narrow on `type` to read its data. */
export type EngineEvent = { [T in EventType]: EventOf<T> }[EventType];

export type EventSink = (event: EngineEvent) => void;

/** The agent a payment event names as receiver (arrivals, settlements, scripted payments), if any. */
export function eventReceiver(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'arrival':
    case 'settle':
      return event.data.receiver;
    case 'scenario_event':
      return 'receiver' in event.data ? event.data.receiver : undefined;
    default:
      return undefined;
  }
}

/** The payments an event names in a list: the settled set of an LSM event, the children of a split. */
export function eventPaymentIds(event: EngineEvent): readonly number[] {
  switch (event.type) {
    case 'lsm_bilateral':
    case 'lsm_cycle':
    case 'lsm_multilateral':
      return event.data.payment_ids;
    case 'split':
      return event.data.child_ids;
    default:
      return [];
  }
}
