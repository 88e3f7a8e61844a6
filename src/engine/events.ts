// The event stream: what happened, in order. Built only when a consumer asks for it, so runs
// without events pay nothing for it.

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
  'lsm_bilateral',
  'lsm_cycle',
  'lsm_multilateral',
  'lsm_search_truncated',
  'end_of_day',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EngineEvent {
  readonly tick: number;
  /** Position in the run's event stream, from 0; continues across checkpoints. */
  readonly seq: number;
  readonly type: EventType;
  /** The agent the event is about (the sender for payment events), or null. */
  readonly agent: string | null;
  /** The payment the event is about, or null. */
  readonly tx: number | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export type EventSink = (event: EngineEvent) => void;
